package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exceptions through the browser, against the packaged portal and its local kube-apiserver: a developer requests an
 * exception for a Ready namespace, a reviewer approves it from the queue, the developer sees it Active with its
 * expiry, and the admin's audit trail shows each step.
 */
@ExtendWith(BulkheadExtension.class)
class ExceptionsIT {

    private static final LocatorAssertions.ContainsTextOptions PROVISIONING_TIME =
            new LocatorAssertions.ContainsTextOptions().setTimeout(120_000);
    private static final int DAYS = 14;

    /** Requests a baseline namespace on cluster "local" as the signed-in developer and waits until it is Ready. */
    private static void readyNamespace(Shell shell, String name) {
        Page page = shell.page();
        shell.open("namespaces/new");
        assertThat(shell.viewHeading()).hasText("Request a namespace");
        page.locator("#ns-name input").fill(name);
        page.locator("#ns-tier-baseline").click();
        Vaadin.waitUntilIdle(page);
        page.locator("#ns-cluster").click();
        page.locator("vaadin-select-item")
                .filter(new Locator.FilterOptions().setHasText("local"))
                .first()
                .click();
        Vaadin.waitUntilIdle(page);
        page.locator("#ns-purpose textarea").fill("Browser test: " + name + " for exceptions");
        Vaadin.waitUntilIdle(page);
        page.locator("#ns-submit").click();
        page.waitForURL(url -> url.matches(".*/namespaces/[0-9a-f-]{36}$"));
        assertThat(page.locator("#ns-state")).containsText("Ready", PROVISIONING_TIME);
    }

    private static void choose(Page page, String selectId, String itemText) {
        page.locator(selectId).click();
        page.locator("vaadin-select-item")
                .filter(new Locator.FilterOptions().setHasText(itemText))
                .first()
                .click();
        Vaadin.waitUntilIdle(page);
    }

    @Test
    void developerRequestsReviewerApprovesDeveloperSeesItActiveAndTheAuditTrailShowsEachStep(Portal portal) {
        String ns = "ui-exc-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        // dev-alice: a Ready namespace, then the request
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        readyNamespace(alice, ns);
        Page ap = alice.page();
        alice.open("exceptions");
        assertThat(alice.viewHeading()).hasText("Exceptions");
        ap.locator("#exc-request").click();
        choose(ap, "#exc-namespace", ns);
        // the control as the findings name it; Bulkhead maps it to the cluster change and previews it
        choose(ap, "#exc-control", "Not privileged");
        assertThat(ap.locator("#exc-preview")).containsText("baseline → privileged");
        assertThat(ap.locator("#exc-scope")).isVisible();
        ap.locator("#exc-justification textarea")
                .fill("Legacy network agent needs host networking until its replacement ships in Q3.");
        ap.locator("#exc-ticket input").fill("https://tickets.example.com/SEC-123");
        ap.locator("#exc-days input").fill(Integer.toString(DAYS));
        ap.locator("#exc-days input").press("Tab");
        Vaadin.waitUntilIdle(ap);
        Screenshots.save(ap, "exception-request-form");
        ap.locator("#exc-submit").click();
        Vaadin.waitUntilIdle(ap);
        Locator grid = ap.locator("#exc-grid");
        assertThat(grid).containsText(ns);
        assertThat(grid).containsText("Pending");

        // reviewer: the queue, approve with a comment
        Shell reviewer = portal.loginAs(DemoUser.REVIEWER);
        Page rp = reviewer.page();
        // reviewers are notified in the app: a count on the bell and the request in the list
        assertThat(rp.locator("#notif-count")).isVisible();
        rp.locator("#notif-bell").click();
        assertThat(rp.locator("#notif-list")).containsText("requests an exception");
        Screenshots.save(rp, "notifications-reviewer");
        rp.keyboard().press("Escape");
        Vaadin.waitUntilIdle(rp);
        reviewer.open("exceptions");
        Locator queue = rp.locator("#exc-queue");
        assertThat(queue).containsText(ns);
        rp.locator("#exc-queue-filter input").fill(ns); // the queue filter keeps this request
        Vaadin.waitUntilIdle(rp);
        assertThat(queue).containsText(ns);
        Screenshots.save(rp, "exceptions-reviewer-queue");
        queue.locator("vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText(ns))
                .first()
                .click();
        Vaadin.waitUntilIdle(rp);
        assertThat(rp.locator("#exc-approve")).isEnabled();
        rp.locator("#exc-approve").click();
        rp.locator("#exc-comment textarea").fill("Reviewed: time-limited, ticket SEC-123 tracks the replacement.");
        rp.locator("#exc-confirm").click();
        Vaadin.waitUntilIdle(rp);
        assertThat(rp.locator("#exc-queue-empty")).isVisible();
        assertThat(rp.locator("#exc-grid")).containsText("Active");

        // dev-alice: notified of the decision, and sees it Active with its expiry
        alice.open("exceptions");
        assertThat(ap.locator("#notif-count")).isVisible();
        ap.locator("#notif-bell").click();
        assertThat(ap.locator("#notif-list")).containsText(ns);
        ap.keyboard().press("Escape");
        Vaadin.waitUntilIdle(ap);
        assertThat(grid).containsText("Active");
        String expiry = LocalDate.now(ZoneOffset.UTC).plusDays(DAYS).toString();
        // the end as a relative time, with the exact date on hover
        assertThat(grid.locator(".relative-time[title^='" + expiry + "']").first())
                .isAttached();
        Screenshots.save(ap, "exceptions-developer-active");

        // admin: the audit trail
        Shell admin = portal.loginAs(DemoUser.ADMIN);
        AuditPage audit = AuditPage.open(admin).filter("action", "exception");
        Locator auditGrid = audit.page().locator("#audit-grid");
        assertThat(auditGrid).containsText("exception.requested");
        assertThat(auditGrid).containsText("exception.approved");
        assertThat(auditGrid).containsText("exception.activated");
        Screenshots.save(audit.page(), "exceptions-audit");
    }
}
