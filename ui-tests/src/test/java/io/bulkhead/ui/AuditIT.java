package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(BulkheadExtension.class)
class AuditIT {

    @Test
    void auditTrailShowsAuthLoginEventsForEveryoneWhoSignedIn(Portal portal) {
        portal.loginAs(DemoUser.DEV_BOB);
        AuditPage audit = AuditPage.open(portal.loginAs(DemoUser.ADMIN));
        audit.screenshot("audit");

        audit.filter("action", "auth.login");

        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<AuditPage.Row> logins = audit.rows().stream()
                    .filter(r -> r.action().equals("auth.login"))
                    .toList();
            assertThat(logins)
                    .as("auth.login rows in the audit grid")
                    .extracting(AuditPage.Row::who)
                    .contains(DemoUser.DEV_BOB.displayName(), DemoUser.ADMIN.displayName());
            assertThat(logins).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("Success"));
        });
    }

    @Test
    void targetsAreNamesAndARowOpensToItsChangeBeforeAndAfter(Portal portal) {
        AuditPage audit = AuditPage.open(portal.loginAs(DemoUser.ADMIN));
        audit.filter("action", "namespace.approved");

        // the demo namespaces are requested and approved in the background after start-up
        Awaitility.await()
                .atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> {
                    audit.page().reload();
                    audit.filter("action", "namespace.approved");
                    assertThat(audit.rows())
                            .extracting(AuditPage.Row::target)
                            .anyMatch(t -> t.startsWith("Namespace payments-web on local"));
                });
        List<AuditPage.Row> rows = audit.rows();
        assertThat(rows)
                .extracting(AuditPage.Row::target)
                .noneMatch(t -> t.matches("(?s).*[0-9a-f]{8}-[0-9a-f]{4}-.*"))
                .allMatch(t -> t.contains("Changed: State"));

        ChangeTable change = audit.openRow("namespace.approved");
        assertThat(change.changes()).containsEntry("State", "REQUESTED → APPROVED");
        assertThat(change.text()).doesNotContain("{").doesNotContain("\"");
        assertThat(audit.openDetails()).contains("By ").contains("event #");
        audit.screenshot("audit-row-details");
    }

    @Test
    void csvExportDownloadsAHeaderAndTheEventRows(Portal portal) {
        AuditPage audit = AuditPage.open(portal.loginAs(DemoUser.ADMIN));

        String csv = audit.exportCsv();

        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.getFirst()).startsWith("seq,occurred_at,actor");
        assertThat(lines).as("CSV data rows").hasSizeGreaterThan(1);
        assertThat(lines.get(1)).matches("^\\d+,.*");
    }

    @Test
    void adminVerifiesTheAuditChainAndSeesOk(Portal portal) {
        AuditPage audit = AuditPage.open(portal.loginAs(DemoUser.ADMIN));

        audit.verifyButton().click();

        assertThat(audit.status()).containsText("OK");
        assertThat(audit.status()).containsText("chain intact");
    }

    @Test
    void developerHasNoVerifyButton(Portal portal) {
        AuditPage audit = AuditPage.open(portal.loginAs(DemoUser.DEV_ALICE));

        assertThat(audit.verifyButton()).hasCount(0);
        assertThat(audit.exportButton()).isVisible();
    }

    @Test
    void overlongTextFilterIsCutAtTheMaximumLength(Portal portal) {
        AuditPage audit = AuditPage.open(portal.loginAs(DemoUser.ADMIN));

        assertThat(audit.filterInput("actor")).hasAttribute("maxlength", "200");
        audit.filter("actor", "x".repeat(500));

        String value = audit.filterInput("actor").inputValue();
        assertThat(value).hasSizeLessThanOrEqualTo(200);
        assertThat(audit.status()).not().containsText("too long");
        assertThat(audit.failure()).hasCount(0);
        assertThat(audit.noMatchNotice()).isVisible();
    }

    @Test
    void fromDateAfterToDateShowsAClearMessage(Portal portal) {
        AuditPage audit = AuditPage.open(portal.loginAs(DemoUser.ADMIN));

        audit.from(LocalDateTime.of(2026, 3, 10, 12, 0)).to(LocalDateTime.of(2026, 3, 1, 9, 30));

        assertThat(audit.status()).hasText("The start of the time range must be before its end.");
        assertThat(audit.toField()).hasAttribute("invalid", "");
        assertThat(audit.toField()).containsText("The start of the time range must be before its end.");
        Screenshots.save(audit.page(), "audit-invalid-range");
    }
}
