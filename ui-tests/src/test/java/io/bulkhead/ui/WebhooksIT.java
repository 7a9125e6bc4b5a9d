package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Notifications page in a browser: an admin adds a platform webhook (the secret shown once), sends a test event
 * to a real receiver and sees its answer in the delivery log; a developer's team webhook to an internal address is a
 * field error.
 */
@ExtendWith(BulkheadExtension.class)
class WebhooksIT {

    @Test
    void adminAddsAWebhookSendsATestEventAndSeesTheDelivery(Portal portal) throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            WebhooksPage page = WebhooksPage.open(portal.loginAs(DemoUser.ADMIN));
            String name = "ops-" + System.nanoTime() % 100_000;
            page.add(
                    "Platform (all teams)",
                    name,
                    "http://localhost:" + receiver.getAddress().getPort() + "/hook",
                    "Approval needed");
            assertThat(page.secret()).hasValue(java.util.regex.Pattern.compile("^whsec_.{43}$"));
            Screenshots.save(page.page(), "webhooks-secret");
            page.closeSecret();
            assertThat(page.grid()).containsText(name);

            page.rowAction("Send a test event to", name);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !bodies.isEmpty());
            assertThat(bodies.getFirst()).contains("\"type\":\"test\"");
            page.rowAction("Delivery log of", name);
            assertThat(page.deliveryGrid()).containsText("Test event");
            assertThat(page.deliveryGrid()).containsText("204");
            Screenshots.save(page.page(), "webhooks-deliveries");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aTeamWebhookToAnInternalAddressIsAFieldError(Portal portal) {
        WebhooksPage page = WebhooksPage.open(portal.loginAs(DemoUser.DEV_ALICE));
        assertThat(page.mailSwitch()).isVisible();
        page.add("payments", "metadata", "https://169.254.169.254/latest/meta-data", "Exception expired");
        assertThat(page.urlError()).containsText("internal address");
        assertThat(page.secret()).hasCount(0);
        Screenshots.save(page.page(), "webhooks-refused");
    }
}
