package io.bulkhead.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.api.ApiClient;
import io.bulkhead.api.ApiFixtures;
import io.bulkhead.api.ApiIntegrationTest;
import io.bulkhead.testsupport.TestUsers;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.TokenScope;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bad-input corpus of {@link BadInputCorpusIT} fed through the REST API: in request bodies, query parameters
 * and path segments, and as broken JSON. Every answer is a success or a 4xx problem detail (field messages where a
 * field is wrong), never a 500 and never a stack trace.
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiBadInputIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ApiTokens tokens;

    ApiClient devClient;
    ApiClient adminClient;
    int devCalls;
    int adminCalls;
    ApiFixtures fx;
    final List<String> problems = new ArrayList<>();

    @BeforeAll
    void fixtures() {
        fx = ApiFixtures.get(context);
    }

    /** A developer's client; a new user and token every 100 calls, so the rate limits never answer instead. */
    ApiClient dev() {
        if (devClient == null || ++devCalls % 100 == 0) {
            devClient = new ApiClient(
                    port,
                    ApiClient.tokenFor(
                            tokens,
                            TestUsers.developer("api-corpus-dev-" + devCalls, "payments"),
                            Set.of(TokenScope.READ, TokenScope.NAMESPACES, TokenScope.EXCEPTIONS)));
        }
        return devClient;
    }

    ApiClient admin() {
        if (adminClient == null || ++adminCalls % 100 == 0) {
            adminClient = new ApiClient(
                    port,
                    ApiClient.tokenFor(
                            tokens,
                            TestUsers.admin("api-corpus-admin-" + adminCalls),
                            Set.of(TokenScope.READ, TokenScope.ADMIN)));
        }
        return adminClient;
    }

    void check(String what, ApiClient.Response r) {
        if (r.status() >= 500) {
            problems.add(what + " → " + r);
        } else if (r.status() == 429) {
            problems.add(what + " → rate-limited, so nothing was checked: " + r);
        } else if (r.status() >= 400) {
            if (r.status() == 400 && r.body().contains("<title>HTTP Status 400")) {
                // Tomcat refused the request line itself (too long, an encoded '/' or '\\') before the portal saw it:
                // its own page, which must still show no exception
                if (r.body().contains("Exception") || r.body().contains("\tat ")) {
                    problems.add(what + " → Tomcat's page shows an exception: " + r);
                }
                return;
            }
            if (!String.valueOf(r.header("Content-Type")).startsWith("application/problem+json")) {
                problems.add(what + " → not a problem detail: " + r);
            }
            if (r.body().contains("\tat ") || r.body().contains("Exception")) {
                problems.add(what + " → shows an exception: " + r);
            }
        }
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theCorpusNeverGetsA500() {
        for (String s : BadInputCorpusIT.STRINGS) {
            String shown = s.length() > 30 ? s.substring(0, 30) + "…" : s;
            var body = new java.util.LinkedHashMap<String, Object>();
            body.put("cluster", ApiFixtures.CLUSTER);
            body.put("name", s);
            body.put("team", "payments");
            body.put("tier", s);
            body.put("quotaPreset", s);
            body.put("purpose", s);
            var r = dev().post("/api/v1/namespaces", body);
            check("namespace request " + shown, r);
            if (r.status() == 400 && !r.json().has("errors")) {
                problems.add("namespace request " + shown + " → 400 without field errors: " + r);
            }
            check(
                    "exception request " + shown,
                    dev().post(
                                    "/api/v1/exceptions",
                                    Map.of(
                                            "cluster", ApiFixtures.CLUSTER,
                                            "namespace", fx.nsA.name(),
                                            "control", s,
                                            "value", s,
                                            "justification", s,
                                            "ticketUrl", s,
                                            "durationDays", 3)));
            check(
                    "list filter " + shown,
                    dev().get("/api/v1/namespaces?q=" + q(s) + "&team=" + q(s) + "&cluster=" + q(s)));
            check(
                    "inventory filter " + shown,
                    dev().get("/api/v1/inventory/workloads?image=" + q(s) + "&q=" + q(s) + "&namespace=" + q(s)));
            check("where runs " + shown, dev().get("/api/v1/inventory/images/where?image=" + q(s)));
            check("audit filter " + shown, dev().get("/api/v1/audit?actor=" + q(s) + "&action=" + q(s)));
            check("cursor " + shown, dev().get("/api/v1/namespaces?cursor=" + q(s)));
            check("limit " + shown, dev().get("/api/v1/namespaces?limit=" + q(s)));
            check("state " + shown, dev().get("/api/v1/namespaces?state=" + q(s)));
            check("trend days " + shown, dev().get("/api/v1/scores/trend?days=" + q(s)));
            check("group by " + shown, dev().get("/api/v1/scores?groupBy=" + q(s)));
            check("path " + shown, dev().get("/api/v1/namespaces/" + q(s) + "/" + q(s)));
            check("exception id " + shown, dev().get("/api/v1/exceptions/" + q(s)));
            check(
                    "decision comment " + shown,
                    dev().post(
                                    "/api/v1/namespaces/" + fx.nsA.cluster() + "/" + fx.nsA.name() + "/decommission",
                                    Map.of("confirm", s)));
            check(
                    "declarative body " + shown,
                    dev().send(
                                    "PUT",
                                    "/api/v1/namespaces/" + ApiFixtures.CLUSTER + "/corpus-x",
                                    "application/yaml",
                                    s));
            check(
                    "cluster registration " + shown,
                    admin().post(
                                    "/api/v1/clusters",
                                    Map.of(
                                            "name",
                                            s,
                                            "displayName",
                                            s,
                                            "kind",
                                            "TOKEN",
                                            "apiUrl",
                                            s,
                                            "caCert",
                                            s,
                                            "token",
                                            s)));
            check("tier YAML " + shown, admin().send("POST", "/api/v1/tiers/versions", "application/yaml", s));
        }
        for (String cidr : BadInputCorpusIT.CIDRS) {
            for (int port : BadInputCorpusIT.INTS) {
                var body = Map.of(
                        "cluster", ApiFixtures.CLUSTER,
                        "name", "corpus-egress",
                        "team", "payments",
                        "tier", "baseline",
                        "quotaPreset", "M",
                        "purpose", "short",
                        "egress", List.of(Map.of("cidr", cidr, "port", port, "protocol", "TCP")));
                var r = dev().post("/api/v1/namespaces", body);
                check("egress " + cidr + ":" + port, r);
            }
        }
        for (String broken : List.of(
                "{",
                "[]",
                "null",
                "\"text\"",
                "{\"egress\": 5}",
                "{\"egress\": [null]}",
                "{\"name\": {\"a\": 1}}",
                "{\"durationDays\": \"x\"}",
                "{\"scope\": \"EVERYTHING\"}",
                "\u0000")) {
            check("broken JSON " + broken, dev().send("POST", "/api/v1/namespaces", "application/json", broken));
            check(
                    "broken JSON exception " + broken,
                    dev().send("POST", "/api/v1/exceptions", "application/json", broken));
        }
        check("wrong content type", dev().send("POST", "/api/v1/namespaces", "text/plain", "x"));
        check("wrong method", dev().send("DELETE", "/api/v1/namespaces", "application/json", ""));
        check("unknown path", dev().get("/api/v1/nothing-here"));
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
        // nothing of the corpus became a namespace
        assertThat(dev().get("/api/v1/namespaces/" + ApiFixtures.CLUSTER + "/corpus-egress")
                        .status())
                .isEqualTo(404);
    }
}
