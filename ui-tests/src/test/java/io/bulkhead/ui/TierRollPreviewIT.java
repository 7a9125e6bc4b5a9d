package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Rolling a tier asks for confirmation with a preview of what changes in each namespace before anything moves. */
@ExtendWith(BulkheadExtension.class)
class TierRollPreviewIT {
    static final String BEFORE = "default: {cpu: 500m, memory: 512Mi}";
    static final String AFTER = "default: {cpu: 600m, memory: 512Mi}";

    @Test
    void aRollShowsPerNamespaceWhichObjectsChangeAndWaitsForConfirmation(Portal portal) {
        Shell shell = portal.loginAs(DemoUser.ADMIN);
        shell.page().setViewportSize(1280, 800);
        TierRollPage tier = TierRollPage.open(shell, "baseline");
        tier.publishEdited("baseline", yaml -> {
            assertThat(yaml).as("the baseline bundle's LimitRange default").contains(BEFORE);
            return yaml.replace(BEFORE, AFTER);
        });

        TierRollPage.Preview preview = tier.previewRoll();

        assertThat(preview.count()).containsText("namespaces move to v");
        assertThat(preview.namespace("payments-web")).containsText("object");
        preview.expand("payments-web");
        assertThat(preview.objects("payments-web")).containsText("LimitRange bulkhead-limits");
        assertThat(preview.objects("payments-web")).containsText("+ ");
        assertThat(preview.objects("payments-web")).containsText("600m");
        assertThat(preview.objects("payments-web")).not().containsText("tier-version");
        assertThat(preview.confirmButton()).isEnabled();
        Screenshots.save(shell.page(), "tier-roll-preview");

        preview.cancel();
        // cancelled: nothing moved, the same preview is offered again
        assertThat(tier.previewRoll().namespace("payments-web")).containsText("v1 → v");
    }
}
