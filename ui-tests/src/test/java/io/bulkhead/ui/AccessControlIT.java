package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(BulkheadExtension.class)
class AccessControlIT {

    @Test
    void developerOpeningAdminDirectlyGetsAccessDeniedAndTheDenialIsAudited(Portal portal) {
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        Page page = alice.page();

        List<String> answers = new ArrayList<>();
        page.onResponse(r -> {
            if (r.url().contains("/admin") || r.url().contains("v-r=")) {
                answers.add(r.text());
            }
        });

        page.navigate("/admin");

        assertThat(alice.accessDenied()).isVisible();
        assertThat(alice.accessDenied()).containsText("Access denied");
        assertThat(alice.currentUserName()).hasText(DemoUser.DEV_ALICE.displayName());
        assertThat(alice.adminSections()).hasCount(0);
        // Decided on the server: nothing of the admin view is ever sent to the browser.
        assertThat(answers)
                .isNotEmpty()
                .noneMatch(body -> body.contains("admin-clusters")
                        || body.contains("Security tiers")
                        || body.contains("Administration"));
        Screenshots.save(page, "access-denied");

        AuditPage audit = AuditPage.open(portal.loginAs(DemoUser.ADMIN)).filter("action", "access.denied");
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<AuditPage.Row> rows = audit.rows();
            assertThat(rows).anySatisfy(r -> {
                assertThat(r.who()).isEqualTo(DemoUser.DEV_ALICE.displayName());
                assertThat(r.action()).isEqualTo("access.denied");
                assertThat(r.outcome()).isEqualTo("Denied");
                assertThat(r.target()).contains("/admin");
            });
        });
    }
}
