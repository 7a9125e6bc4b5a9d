package io.bulkhead.archfixture.ui.audit;

import io.bulkhead.archfixture.ui.components.Badge;

/** A feature screen that uses a shared component. */
public class TrailView {
    private final Badge badge = new Badge();

    public Badge badge() {
        return badge;
    }
}
