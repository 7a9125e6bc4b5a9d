package io.bulkhead.archfixture.ui.home;

import io.bulkhead.archfixture.ui.audit.TrailView;
import io.bulkhead.archfixture.ui.components.Badge;

/** The landing page: it may link to another feature's screen. */
public class HubView {
    public Class<?> target() {
        return TrailView.class;
    }

    public Badge badge() {
        return new Badge();
    }
}
