package io.bulkhead.webhooks;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.testsupport.BackendIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Webhooks end to end against PostgreSQL, db-scheduler and a real HTTP receiver: events taken from the audit trail,
 * signed bodies the receiver verifies, retries with the delivery log, refused internal targets, and team isolation.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksIT {
    static final String SUFFIX = Long.toString(System.nanoTime() % 100_000, 36);
    static final String TEAM_A = "wh-a-" + SUFFIX;
    static final String TEAM_B = "wh-b-" + SUFFIX;

    @Autowired
    Webhooks webhooks;

    @Autowired
    AuditTrail audit;

    Receiver receiver;

    @BeforeAll
    void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterAll
    void stop() {
        receiver.close();
    }

    private static WebhookForm form(String name, String url, PortalEventType... events) {
        return new WebhookForm(name, url, WebhookFormat.BULKHEAD, Set.of(events), null, true);
    }

    /** Something happens to team {@code team}: an exception of its namespace expires (as the expiry job audits it). */
    private void exceptionExpires(String team, String namespace) {
        audit.record(
                CurrentUser.SYSTEM,
                AuditEntry.of("exception.expired")
                        .target("exception", UUID.randomUUID().toString())
                        .team(team)
                        .location("wh-cluster", namespace)
                        .change(Map.of("state", "ACTIVE"), Map.of("state", "EXPIRED")));
    }

    private WebhookDelivery awaitFinished(UUID endpoint, String user, String... teams) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            try (var s = signIn(teams.length == 0 ? admin(user) : developer(user, teams))) {
                                List<WebhookDelivery> d = webhooks.deliveries(endpoint, 0, 10);
                                return d.isEmpty() || d.getFirst().state().equals("PENDING") ? null : d.getFirst();
                            }
                        },
                        d -> d != null);
    }

    @Test
    void receiverVerifiesTheSignatureOfAnEventFromTheAuditTrail() throws Exception {
        CreatedWebhook created;
        try (var s = signIn(developer("wh-dev-a", TEAM_A))) {
            created = webhooks.create(
                    TEAM_A, form("team chat", receiver.url("/signed"), PortalEventType.EXCEPTION_EXPIRED));
        }
        assertThat(created.secret()).startsWith("whsec_");
        exceptionExpires(TEAM_A, "payments");

        WebhookDelivery d = awaitFinished(created.endpoint().id(), "wh-dev-a", TEAM_A);
        assertThat(d.state()).isEqualTo("DELIVERED");
        assertThat(d.lastStatus()).isEqualTo(204);
        Receiver.Hit hit = receiver.hitsOn("/signed").getFirst();
        assertThat(hit.header("Bulkhead-Event")).isEqualTo("exception.expired");
        assertThat(hit.body()).contains("\"type\":\"exception.expired\"", "\"team\":\"" + TEAM_A + "\"", "payments");
        String header = hit.header(WebhookSignature.HEADER);
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        // the receiver's own computation, independent of WebhookSignature
        String t = header.substring(2, header.indexOf(','));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(created.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                HexFormat.of().formatHex(mac.doFinal((t + "." + hit.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(header).endsWith("v1=" + expected);
        assertThat(WebhookSignature.verify(created.secret(), header, hit.body(), Instant.now()))
                .isTrue();
        assertThat(WebhookSignature.verify(created.secret(), header, hit.body() + " ", Instant.now()))
                .isFalse();
        assertThat(WebhookSignature.verify("whsec_wrong", header, hit.body(), Instant.now()))
                .isFalse();
        // outside the replay window the same request is refused
        assertThat(WebhookSignature.verify(
                        created.secret(), header, hit.body(), Instant.now().plus(Duration.ofMinutes(6))))
                .isFalse();
    }

    @Test
    void retriesAfterA500AndTheDeliveryLogShowsBothTries() {
        receiver.answer("/flaky", n -> n == 1 ? 500 : 200);
        CreatedWebhook created;
        try (var s = signIn(admin("wh-admin"))) {
            created = webhooks.create(null, form("ops", receiver.url("/flaky"), PortalEventType.EXCEPTION_EXPIRED));
        }
        exceptionExpires(TEAM_A, "retry-" + SUFFIX);

        WebhookDelivery d = awaitFinished(created.endpoint().id(), "wh-admin");
        assertThat(d.state()).isEqualTo("DELIVERED");
        assertThat(d.tries()).extracting(WebhookDelivery.Attempt::statusCode).containsExactly(500, 200);
        assertThat(d.tries().get(1).at()).isAfter(d.tries().get(0).at());
        List<Receiver.Hit> hits = receiver.hitsOn("/flaky");
        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).body()).isEqualTo(hits.get(1).body());
        assertThat(hits.get(0).header("Bulkhead-Delivery"))
                .isEqualTo(hits.get(1).header("Bulkhead-Delivery"));
    }

    @Test
    void redirectsAreNotFollowedAndTheDeliveryFailsAfterItsTries() {
        receiver.answer("/moved", n -> 302);
        CreatedWebhook created;
        try (var s = signIn(admin("wh-admin"))) {
            created = webhooks.create(null, form("moved", receiver.url("/moved"), PortalEventType.EXCEPTION_EXPIRED));
        }
        exceptionExpires(TEAM_A, "moved-" + SUFFIX);

        WebhookDelivery d = awaitFinished(created.endpoint().id(), "wh-admin");
        assertThat(d.state()).isEqualTo("FAILED");
        assertThat(d.tries()).hasSize(3).allSatisfy(a -> {
            assertThat(a.statusCode()).isEqualTo(302);
            assertThat(a.error()).isEqualTo("Redirect not followed");
        });
        assertThat(receiver.hitsOn("/redirected")).isEmpty();
    }

    @Test
    void teamEndpointsMayNotTargetInternalAddresses() {
        try (var s = signIn(developer("wh-dev-a", TEAM_A))) {
            for (String url : List.of(
                    "https://10.0.0.5/hook",
                    "https://169.254.169.254/latest/meta-data",
                    "https://192.168.1.1/",
                    "https://[fd00::1]/hook",
                    "https://[::ffff:10.1.2.3]/hook",
                    "https://100.64.0.1/")) {
                assertThatThrownBy(() -> webhooks.create(TEAM_A, form("x", url, PortalEventType.DECIDED)))
                        .as(url)
                        .isInstanceOfSatisfying(
                                ValidationException.class,
                                e -> assertThat(e.fieldErrors().get("url")).contains("internal address"));
            }
            assertThatThrownBy(() ->
                            webhooks.create(TEAM_A, form("x", "http://example.com/hook", PortalEventType.DECIDED)))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors().get("url")).contains("https"));
            assertThatThrownBy(() ->
                            webhooks.create(TEAM_A, form("x", "https://u:p@example.com/", PortalEventType.DECIDED)))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> webhooks.create(TEAM_A, form("x", "ftp://example.com/", PortalEventType.DECIDED)))
                    .isInstanceOf(ValidationException.class);
            assertThat(webhooks.list(0, 200)).extracting(WebhookEndpoint::url).noneMatch(u -> u.contains("10.0.0.5"));
        }
        // the platform's own endpoints (admins) may reach internal services
        try (var s = signIn(admin("wh-admin"))) {
            assertThat(webhooks.create(null, form("internal", "https://10.0.0.5/hook", PortalEventType.DECIDED))
                            .endpoint()
                            .url())
                    .isEqualTo("https://10.0.0.5/hook");
        }
    }

    @Test
    void teamEndpointsSeeOnlyTheirTeamsEventsAndOtherTeamsCannotTouchThem() {
        CreatedWebhook a;
        CreatedWebhook b;
        try (var s = signIn(developer("wh-dev-a", TEAM_A))) {
            a = webhooks.create(TEAM_A, form("a", receiver.url("/team-a"), PortalEventType.EXCEPTION_EXPIRED));
        }
        try (var s = signIn(developer("wh-dev-b", TEAM_B))) {
            b = webhooks.create(TEAM_B, form("b", receiver.url("/team-b"), PortalEventType.EXCEPTION_EXPIRED));
        }
        exceptionExpires(TEAM_A, "isolated-" + SUFFIX);
        assertThat(awaitFinished(a.endpoint().id(), "wh-dev-a", TEAM_A).state()).isEqualTo("DELIVERED");
        assertThat(receiver.hitsOn("/team-a"))
                .anySatisfy(h -> assertThat(h.body()).contains("isolated-" + SUFFIX));
        assertThat(receiver.hitsOn("/team-b"))
                .noneSatisfy(h -> assertThat(h.body()).contains("isolated-" + SUFFIX));

        try (var s = signIn(developer("wh-dev-b", TEAM_B))) {
            UUID id = a.endpoint().id();
            assertThat(webhooks.deliveries(b.endpoint().id(), 0, 10))
                    .noneSatisfy(d -> assertThat(d.eventType()).isEqualTo(PortalEventType.EXCEPTION_EXPIRED));
            assertThat(webhooks.find(id)).isEmpty();
            assertThat(webhooks.list(0, 200))
                    .extracting(WebhookEndpoint::id)
                    .contains(b.endpoint().id())
                    .doesNotContain(id);
            assertThat(webhooks.update(id, form("taken", receiver.url("/evil"), PortalEventType.DECIDED)))
                    .isEmpty();
            assertThat(webhooks.rotateSecret(id)).isEmpty();
            assertThat(webhooks.sendTest(id)).isEmpty();
            assertThat(webhooks.deliveries(id, 0, 10)).isEmpty();
            assertThat(webhooks.delete(id)).isFalse();
            assertThatThrownBy(() ->
                            webhooks.create(TEAM_A, form("sneak", receiver.url("/evil"), PortalEventType.DECIDED)))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(
                            () -> webhooks.create(null, form("sneak", receiver.url("/evil"), PortalEventType.DECIDED)))
                    .isInstanceOf(AccessDeniedException.class);
        }
        try (var s = signIn(developer("wh-dev-a", TEAM_A))) {
            assertThat(webhooks.find(a.endpoint().id()))
                    .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("a"));
        }
        assertThat(receiver.hitsOn("/evil")).isEmpty();
    }

    @Test
    void testEventReachesTheEndpointInSlackFormat() {
        CreatedWebhook created;
        try (var s = signIn(developer("wh-dev-a", TEAM_A))) {
            created = webhooks.create(
                    TEAM_A,
                    new WebhookForm(
                            "slack",
                            receiver.url("/slack"),
                            WebhookFormat.SLACK,
                            Set.of(PortalEventType.DECIDED),
                            70,
                            true));
            assertThat(webhooks.sendTest(created.endpoint().id())).isPresent();
        }
        WebhookDelivery d = awaitFinished(created.endpoint().id(), "wh-dev-a", TEAM_A);
        assertThat(d.eventType()).isEqualTo(PortalEventType.TEST);
        assertThat(d.state()).isEqualTo("DELIVERED");
        assertThat(receiver.hitsOn("/slack").getFirst().body())
                .startsWith("{\"text\":\"*[Bulkhead] Test event*: A test event from Bulkhead");
    }
}
