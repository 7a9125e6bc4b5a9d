package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;

/** The reviewer's side of the exceptions screen: the queue, the decision dialog with its cluster-change preview. */
public final class ExceptionQueuePage {
    private final Page page;

    private ExceptionQueuePage(Page page) {
        this.page = page;
    }

    public static ExceptionQueuePage open(Shell shell) {
        shell.open("exceptions");
        assertThat(shell.viewHeading()).hasText("Exceptions");
        return new ExceptionQueuePage(shell.page());
    }

    /**
     * Narrows the queue to requests matching {@code text} (namespace, control, requester). The filter sends its value
     * lazily (after a pause in typing, or when it loses focus); this waits until the server has it, so that a later
     * selection is not undone by the filter's refresh.
     */
    public ExceptionQueuePage filter(String text) {
        Locator input = page.locator("#exc-queue-filter input");
        input.fill(text);
        input.press("Tab");
        Vaadin.waitUntilIdle(page);
        page.waitForTimeout(600); // longer than the lazy value change's 400 ms pause
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** Selects the first request whose row shows {@code text} and opens the approve dialog. */
    public DecisionDialog approve(String text) {
        Locator cell = page.locator("#exc-queue vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText(text))
                .first();
        assertThat(cell).isVisible();
        cell.click();
        Vaadin.waitUntilIdle(page);
        assertThat(page.locator("#exc-approve")).isEnabled();
        page.locator("#exc-approve").click();
        Vaadin.waitUntilIdle(page);
        // (the vaadin-dialog host itself has no box: its content shows in its overlay)
        assertThat(page.locator("#exc-confirm")).isVisible();
        return new DecisionDialog(page);
    }

    /** The "History" tab of the exception lists (expired, revoked, rejected, withdrawn). */
    public Locator history() {
        page.locator("#exc-tab-history").click();
        Vaadin.waitUntilIdle(page);
        return page.locator("#exc-history, #exc-history-empty").first();
    }

    /** Saves a screenshot and fails when a grid or the page runs past the 1280 px window. */
    public Path screenshot(String name) {
        return Screenshots.fitting(page, name);
    }

    /** The queue of requests waiting for a decision. */
    public Locator queue() {
        return page.locator("#exc-queue");
    }

    /** The notice shown instead of the queue when nothing waits. */
    public Locator emptyQueueNotice() {
        return page.locator("#exc-queue-empty");
    }

    /** Saves a screenshot (without the fit check). */
    public Path save(String name) {
        return Screenshots.save(page, name);
    }

    public Locator currentList() {
        return page.locator("#exc-grid");
    }

    /** The decision dialog: who asks for what, the full justification, the cluster change, the comment. */
    public static final class DecisionDialog {
        private final Page page;

        DecisionDialog(Page page) {
            this.page = page;
        }

        public String justification() {
            return page.locator("#exc-decision-justification").innerText();
        }

        /** The preview of the cluster change and how many findings it waives. */
        public String clusterChange() {
            return page.locator("#exc-decision-change").innerText();
        }

        public Path screenshot(String name) {
            return Screenshots.fitting(page, name);
        }

        /** The comment field's label (it says the comment is required). */
        public String commentLabel() {
            return page.locator("#exc-comment label").innerText();
        }

        /** Confirms without a comment: the dialog stays open with the service's message at the comment. */
        public String confirmWithoutComment() {
            page.locator("#exc-confirm").click();
            Vaadin.waitUntilIdle(page);
            assertThat(page.locator("#exc-confirm")).isVisible();
            return page.locator("#exc-comment [slot=error-message]").innerText();
        }

        public void confirm(String comment) {
            page.locator("#exc-comment textarea").fill(comment);
            page.locator("#exc-confirm").click();
            Vaadin.waitUntilIdle(page);
            assertThat(page.locator("#exc-confirm")).isHidden();
        }
    }
}
