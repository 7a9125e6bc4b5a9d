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

    /** Narrows the queue to requests matching {@code text} (namespace, control, requester). */
    public ExceptionQueuePage filter(String text) {
        page.locator("#exc-queue-filter input").fill(text);
        Vaadin.waitUntilIdle(page);
        return this;
    }

    /** Selects the first request whose row shows {@code text} and opens the approve dialog. */
    public DecisionDialog approve(String text) {
        page.locator("#exc-queue vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText(text))
                .first()
                .click();
        Vaadin.waitUntilIdle(page);
        assertThat(page.locator("#exc-approve")).isEnabled();
        page.locator("#exc-approve").click();
        Vaadin.waitUntilIdle(page);
        assertThat(page.locator("#exc-confirm")).isVisible();
        return new DecisionDialog(page);
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
            return Screenshots.save(page, name);
        }

        public void confirm(String comment) {
            page.locator("#exc-comment textarea").fill(comment);
            page.locator("#exc-confirm").click();
            Vaadin.waitUntilIdle(page);
            assertThat(page.locator("#exc-confirm")).isHidden();
        }
    }
}
