package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;

/** A developer's side of the exceptions screen: "Request exception" and the list of current exceptions. */
public final class ExceptionsPage {
    private final Page page;

    private ExceptionsPage(Page page) {
        this.page = page;
    }

    public static ExceptionsPage open(Shell shell) {
        shell.open("exceptions");
        assertThat(shell.viewHeading()).hasText("Exceptions");
        return new ExceptionsPage(shell.page());
    }

    /** Clicks "Request exception": the empty request form. */
    public NamespacePage.RequestForm requestException() {
        page.locator("#exc-request").click();
        return new NamespacePage.RequestForm(page);
    }

    /** The current exceptions (pending and active). */
    public Locator currentList() {
        return page.locator("#exc-grid");
    }

    /** The end dates of the current exceptions shown as relative times whose exact date (on hover) is {@code date}. */
    public Locator endingOn(String isoDate) {
        return currentList().locator(".relative-time[title^='" + isoDate + "']");
    }

    public Path screenshot(String name) {
        return Screenshots.save(page, name);
    }
}
