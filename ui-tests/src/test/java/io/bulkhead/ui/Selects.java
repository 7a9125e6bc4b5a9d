package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** Choosing in a vaadin-select as a user does: open it, click the first item showing the text. */
final class Selects {
    private Selects() {}

    static void choose(Page page, String selectSelector, String itemText) {
        page.locator(selectSelector).click();
        page.locator("vaadin-select-item")
                .filter(new Locator.FilterOptions().setHasText(itemText))
                .first()
                .click();
        Vaadin.waitUntilIdle(page);
    }
}
