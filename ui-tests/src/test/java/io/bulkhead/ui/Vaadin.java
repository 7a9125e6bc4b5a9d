package io.bulkhead.ui;

import com.microsoft.playwright.Page;

/** Waiting for Vaadin Flow: a screen is settled when no client has a server round trip in flight. */
final class Vaadin {
    private Vaadin() {}

    private static final String IDLE = "() => !!(window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients)"
            + " && Object.values(window.Vaadin.Flow.clients).every(c => !c.isActive || !c.isActive())";

    static void waitUntilIdle(Page page) {
        page.waitForFunction(IDLE);
    }
}
