package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.util.function.UnaryOperator;

/** An admin's tier dialog (bundle YAML, publish) and the confirmation with its preview before a roll. */
public final class TierRollPage {
    private final Page page;

    private TierRollPage(Page page) {
        this.page = page;
    }

    /** Opens the versions dialog of {@code tier} from the admin page. */
    public static TierRollPage open(Shell shell, String tier) {
        shell.open("admin");
        shell.page().locator("#tier-manage-" + tier).click();
        shell.page()
                .locator("#tier-dialog")
                .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
        return new TierRollPage(shell.page());
    }

    /** Edits the bundle YAML, publishes it as a new version and reopens the dialog on it. */
    public TierRollPage publishEdited(String tier, UnaryOperator<String> edit) {
        Locator yaml = page.locator("#tier-yaml textarea");
        yaml.fill(edit.apply(yaml.inputValue()));
        page.locator("#tier-publish").click();
        page.locator("#tier-dialog")
                .waitFor(new Locator.WaitForOptions()
                        .setState(WaitForSelectorState.DETACHED)
                        .setTimeout(120_000));
        page.locator("#tier-manage-" + tier).click();
        page.locator("#tier-dialog").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
        return this;
    }

    /** The version the roll selector offers first (the latest). */
    public String selectedVersion() {
        return page.locator("#tier-roll-version").innerText().strip();
    }

    /** Asks for the roll: opens the confirmation with the preview, nothing has moved yet. */
    public Preview previewRoll() {
        page.locator("#tier-roll").click();
        page.locator("#tier-roll-dialog")
                .waitFor(new Locator.WaitForOptions()
                        .setState(WaitForSelectorState.ATTACHED)
                        .setTimeout(60_000));
        Vaadin.waitUntilIdle(page);
        return new Preview(page);
    }

    /** The confirmation dialog of a roll. */
    public static final class Preview {
        private final Page page;

        Preview(Page page) {
            this.page = page;
        }

        public Locator count() {
            return page.locator("#tier-roll-count");
        }

        public Locator namespace(String name) {
            return page.locator("#tier-roll-ns-" + name);
        }

        /** The object changes listed for a namespace (badges, kinds, names and changed lines). */
        public Locator objects(String namespace) {
            return page.locator("#tier-roll-objects-" + namespace);
        }

        public Locator confirmButton() {
            return page.locator("#tier-roll-confirm");
        }

        /** Opens a namespace's list of changes (a collapsed details panel when many namespaces move). */
        public void expand(String namespace) {
            if (namespace(namespace).getAttribute("opened") == null) {
                namespace(namespace).locator("vaadin-details-summary").click();
            }
            Vaadin.waitUntilIdle(page);
        }

        public void cancel() {
            page.locator("#tier-roll-cancel").click();
            page.locator("#tier-roll-dialog")
                    .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        }
    }
}
