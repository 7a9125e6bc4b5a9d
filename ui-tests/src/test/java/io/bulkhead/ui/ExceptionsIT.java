package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
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
        NamespacePage ns = NamespaceRequestPage.open(shell)
                .name(name)
                .tier("baseline")
                .cluster("local")
                .purpose("Browser test: " + name + " for exceptions")
                .submit();
        assertThat(ns.state()).containsText("Ready", PROVISIONING_TIME);
    }

    @Test
    void developerRequestsReviewerApprovesDeveloperSeesItActiveAndTheAuditTrailShowsEachStep(Portal portal) {
        String ns = "ui-exc-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        // dev-alice: a Ready namespace, then the request
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        readyNamespace(alice, ns);
        ExceptionsPage exceptions = ExceptionsPage.open(alice);
        NamespacePage.RequestForm form = exceptions.requestException().chooseNamespace(ns);
        // the control as the findings name it; Bulkhead maps it to the cluster change and previews it
        form.chooseControl("Not privileged");
        assertThat(form.changePreview()).containsText("baseline → privileged");
        assertThat(form.scope()).isVisible();
        form.justify(
                        "Legacy network agent needs host networking until its replacement ships in Q3.",
                        "https://tickets.example.com/SEC-123",
                        DAYS)
                .screenshot("exception-request-form");
        form.submit();
        Locator grid = exceptions.currentList();
        assertThat(grid).containsText(ns);
        assertThat(grid).containsText("Pending");

        // reviewer: the queue, approve with a comment
        Shell reviewer = portal.loginAs(DemoUser.REVIEWER);
        // reviewers are notified in the app: a count on the bell and the request in the list
        assertThat(reviewer.notificationCount()).isVisible();
        assertThat(reviewer.openNotifications()).containsText("requests an exception");
        Screenshots.save(reviewer.page(), "notifications-reviewer");
        reviewer.closeNotifications();
        ExceptionQueuePage queue = ExceptionQueuePage.open(reviewer);
        assertThat(queue.queue()).containsText(ns);
        queue.filter(ns); // the queue filter keeps this request
        assertThat(queue.queue()).containsText(ns);
        queue.save("exceptions-reviewer-queue");
        // approve(...) checks that "Approve" is enabled once the request is selected
        queue.approve(ns).confirm("Reviewed: time-limited, ticket SEC-123 tracks the replacement.");
        assertThat(queue.emptyQueueNotice()).isVisible();
        assertThat(queue.currentList()).containsText("Active");

        // dev-alice: notified of the decision, and sees it Active with its expiry
        exceptions = ExceptionsPage.open(alice);
        assertThat(alice.notificationCount()).isVisible();
        assertThat(alice.openNotifications()).containsText(ns);
        alice.closeNotifications();
        assertThat(exceptions.currentList()).containsText("Active");
        String expiry = LocalDate.now(ZoneOffset.UTC).plusDays(DAYS).toString();
        // the end as a relative time, with the exact date on hover
        assertThat(exceptions.endingOn(expiry).first()).isAttached();
        exceptions.screenshot("exceptions-developer-active");

        // admin: the audit trail
        Shell admin = portal.loginAs(DemoUser.ADMIN);
        AuditPage audit = AuditPage.open(admin).filter("action", "exception");
        assertThat(audit.grid()).containsText("exception.requested");
        assertThat(audit.grid()).containsText("exception.approved");
        assertThat(audit.grid()).containsText("exception.activated");
        Screenshots.save(audit.page(), "exceptions-audit");
    }
}
