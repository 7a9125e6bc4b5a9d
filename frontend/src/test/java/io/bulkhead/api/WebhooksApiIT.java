package io.bulkhead.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.testsupport.TestUsers;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.TokenScope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * /api/v1/webhooks over HTTP: a team member creates a webhook (secret in that answer only), another team's
 * developer gets 404 for it on every verb, internal targets are field errors, and writes need the webhooks scope.
 */
@ApiIntegrationTest
class WebhooksApiIT {
    /** A public address (TEST-NET-1, RFC 5737: never routed) as an IP literal: valid without DNS, and a delivery that
     * other tests' events cause goes nowhere. */
    static final String PUBLIC_URL = "https://192.0.2.10/bulkhead";

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    private static Map<String, Object> body(String team, String url) {
        return Map.of(
                "team",
                team,
                "name",
                "team chat",
                "url",
                url,
                "events",
                List.of("approval.needed", "exception.expired"));
    }

    private static String fieldError(ApiClient.Response r, String field) {
        for (var e : r.json().get("errors")) {
            if (e.get("field").asString().equals(field)) {
                return e.get("message").asString();
            }
        }
        throw new AssertionError("no field error for " + field + ": " + r);
    }

    @Test
    void anotherTeamGets404OnEveryVerbAndTheSecretIsShownOnce() {
        var devA = TestUsers.developer("wh-api-a-" + ApiFixtures.SUFFIX, ApiFixtures.A);
        var devB = TestUsers.developer("wh-api-b-" + ApiFixtures.SUFFIX, ApiFixtures.B);
        ApiClient a =
                new ApiClient(port, ApiClient.tokenFor(tokens, devA, Set.of(TokenScope.READ, TokenScope.WEBHOOKS)));
        ApiClient b =
                new ApiClient(port, ApiClient.tokenFor(tokens, devB, Set.of(TokenScope.READ, TokenScope.WEBHOOKS)));

        var created = a.post("/api/v1/webhooks", body(ApiFixtures.A, PUBLIC_URL));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("endpoint").get("id").asString();
        assertThat(created.json().get("secret").asString()).startsWith("whsec_");
        var read = a.get("/api/v1/webhooks/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).doesNotContain("whsec_").contains("\"team\":\"" + ApiFixtures.A + "\"");
        assertThat(a.get("/api/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(200);

        String path = "/api/v1/webhooks/" + id;
        assertThat(b.get(path).status()).isEqualTo(404);
        assertThat(b.get(path + "/deliveries").status()).isEqualTo(404);
        assertThat(b.send(
                                "PUT",
                                path,
                                "application/json",
                                "{\"name\":\"mine\",\"url\":\"" + PUBLIC_URL + "\",\"events\":[\"request.decided\"]}")
                        .status())
                .isEqualTo(404);
        assertThat(b.post(path + "/test", null).status()).isEqualTo(404);
        assertThat(b.post(path + "/rotate-secret", null).status()).isEqualTo(404);
        var deleted = b.send("DELETE", path, "application/json", "");
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.body()).doesNotContain(ApiFixtures.A, "team chat");
        assertThat(b.get("/api/v1/webhooks").body()).doesNotContain(id);
        assertThat(a.get(path).status()).isEqualTo(200);
        // a team member of B cannot create one for A either
        assertThat(b.post("/api/v1/webhooks", body(ApiFixtures.A, PUBLIC_URL)).status())
                .isEqualTo(403);
    }

    @Test
    void internalTargetsAreFieldErrorsAndWritesNeedTheWebhooksScope() {
        var dev = TestUsers.developer("wh-api-ssrf-" + ApiFixtures.SUFFIX, ApiFixtures.A);
        ApiClient c =
                new ApiClient(port, ApiClient.tokenFor(tokens, dev, Set.of(TokenScope.READ, TokenScope.WEBHOOKS)));
        for (String url : List.of(
                "https://169.254.169.254/latest/meta-data/",
                "https://10.96.0.1/",
                "https://127.0.0.1:8080/actuator",
                "https://[::1]/")) {
            var r = c.post("/api/v1/webhooks", body(ApiFixtures.A, url));
            assertThat(r.status()).as(url + " " + r).isEqualTo(400);
            assertThat(fieldError(r, "url")).contains("internal address");
        }
        var http = c.post("/api/v1/webhooks", body(ApiFixtures.A, "http://192.0.2.10/"));
        assertThat(http.status()).isEqualTo(400);
        assertThat(fieldError(http, "url")).contains("https");
        var unknownEvent = c.post(
                "/api/v1/webhooks",
                Map.of("team", ApiFixtures.A, "name", "x", "url", PUBLIC_URL, "events", List.of("everything")));
        assertThat(unknownEvent.status()).isEqualTo(400);

        ApiClient readOnly = new ApiClient(port, ApiClient.tokenFor(tokens, dev, Set.of(TokenScope.READ)));
        assertThat(readOnly.post("/api/v1/webhooks", body(ApiFixtures.A, PUBLIC_URL))
                        .status())
                .isEqualTo(403);
        assertThat(readOnly.get("/api/v1/webhooks").status()).isEqualTo(200);
    }
}
