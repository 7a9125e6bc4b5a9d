package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;

/** A reviewer's queue of namespace requests waiting for a decision. */
public final class ReviewsPage {
    private final Page page;

    private ReviewsPage(Page page) {
        this.page = page;
    }

    public static ReviewsPage open(Shell shell) {
        shell.open("reviews");
        return new ReviewsPage(shell.page());
    }

    public Locator queue() {
        return page.locator("#review-queue");
    }

    public Path screenshot(String name) {
        return Screenshots.save(page, name);
    }
}
