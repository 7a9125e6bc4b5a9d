package io.bulkhead.archfixture.ui.inventory;

import io.bulkhead.archfixture.ui.audit.TrailView;

/** A feature screen that (wrongly) uses another feature's screen. */
public class StrayView {
    public TrailView other() {
        return new TrailView();
    }
}
