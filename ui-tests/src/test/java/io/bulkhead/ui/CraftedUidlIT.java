package io.bulkhead.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A crafted UIDL message (valid session and CSRF token, nonsense invocations) is logged as one line. */
@ExtendWith(BulkheadExtension.class)
class CraftedUidlIT {

    @Test
    void malformedInvocationsAreLoggedInOneLineWithoutAStackTrace(Portal portal) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isRegularFile(portal.app().log()), "needs the app log");
        AuditPage audit = AuditPage.open(portal.loginAs(DemoUser.ADMIN));
        Page page = audit.page();
        long before = Files.size(portal.app().log());
        AtomicInteger forged = new AtomicInteger();
        List<String> payloads = List.of(
                "[{\"type\":\"no-such-type\",\"node\":1}]",
                "[{\"type\":\"mSync\",\"node\":1,\"feature\":9999,\"property\":\"x\",\"value\":1}]",
                "[{\"type\":\"event\",\"node\":\"not-a-number\",\"event\":\"click\"}]");
        for (String rpc : payloads) {
            page.route(url -> url.contains("v-r=uidl"), route -> {
                String body = route.request().postData();
                String crafted = body.replaceFirst("\"rpc\"\\s*:\\s*\\[.*\\]", "\"rpc\":" + rpc);
                APIResponse answer = route.fetch(new Route.FetchOptions().setPostData(crafted));
                forged.incrementAndGet();
                route.fulfill(new Route.FulfillOptions().setResponse(answer));
            });
            int n = forged.get();
            audit.verifyButton().click();
            page.waitForCondition(() -> forged.get() > n);
            page.unrouteAll();
            page.reload();
            page.locator("#audit-grid").waitFor();
        }
        Thread.sleep(1000);

        String log = Files.readString(portal.app().log()).substring((int) before);
        assertThat(log).as("log after the crafted requests").contains("Rejected a malformed client request");
        assertThat(log.lines().filter(l -> l.startsWith("\tat ")).count())
                .as("stack trace lines logged for the crafted requests:%n%s", log)
                .isZero();
    }
}
