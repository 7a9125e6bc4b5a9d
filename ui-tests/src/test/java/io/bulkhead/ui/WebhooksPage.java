package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** The Notifications page: the e-mail switch, the webhook form, the lazy grid and the delivery log dialog. */
public final class WebhooksPage {
    private final Page page;

    private WebhooksPage(Page page) {
        this.page = page;
    }

    public static WebhooksPage open(Shell shell) {
        shell.open("/webhooks");
        shell.page().locator("#webhook-name").waitFor();
        Vaadin.waitUntilIdle(shell.page());
        return new WebhooksPage(shell.page());
    }

    public Page page() {
        return page;
    }

    /** Fills the form (owner as shown in its select, event labels to tick) and clicks "Add webhook". */
    public WebhooksPage add(String owner, String name, String url, String... events) {
        page.locator("#webhook-owner").click();
        page.locator("vaadin-select-item")
                .filter(new Locator.FilterOptions().setHasText(owner))
                .first()
                .click();
        page.locator("#webhook-name input").fill(name);
        page.locator("#webhook-url input").fill(url);
        for (String e : events) {
            page.locator("#webhook-events vaadin-checkbox")
                    .filter(new Locator.FilterOptions().setHasText(e))
                    .first()
                    .locator("input")
                    .check();
        }
        page.locator("#webhook-create").click();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    public Locator secret() {
        return page.locator("#webhook-secret input");
    }

    public WebhooksPage closeSecret() {
        page.locator("#webhook-secret-done").click();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    public Locator urlError() {
        return page.locator("#webhook-url [slot='error-message']");
    }

    public Locator grid() {
        return page.locator("#webhook-grid");
    }

    /** Clicks a row's button by its aria label prefix ("Send a test event to", "Delivery log of", "Delete webhook"). */
    public WebhooksPage rowAction(String ariaPrefix, String webhookName) {
        page.locator("vaadin-button[aria-label='" + ariaPrefix + " " + webhookName + "']")
                .click();
        Vaadin.waitUntilIdle(page);
        return this;
    }

    public Locator deliveryGrid() {
        return page.locator("#delivery-grid");
    }

    public Locator mailSwitch() {
        return page.locator("#mail-receive");
    }
}
