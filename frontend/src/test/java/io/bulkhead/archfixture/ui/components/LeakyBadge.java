package io.bulkhead.archfixture.ui.components;

import io.bulkhead.archfixture.ui.audit.TrailView;

/** A shared component that (wrongly) uses a feature's screen. */
public class LeakyBadge {
    public TrailView view() {
        return new TrailView();
    }
}
