package io.bulkhead.api;

import static io.bulkhead.api.ApiFixtures.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.testsupport.TestUsers;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.TokenScope;
import java.time.Duration;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A pipeline that speaks HTTP only: declares a namespace, waits until it is Ready, requests an exception; a
 * reviewer's pipeline approves it with its own token (with If-Match); the exception is active and the audit trail
 * names the token that approved it.
 */
@ApiIntegrationTest
class GitOpsFlowIT {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ApiTokens tokens;

    @Test
    void requestReadyExceptionApprovalWithTheTokenInTheAuditTrail() {
        ApiFixtures.get(context);
        ApiClient pipeline = new ApiClient(
                port,
                ApiClient.tokenFor(
                        tokens,
                        TestUsers.developer("gitops-dev-" + ApiFixtures.SUFFIX, ApiFixtures.A),
                        Set.of(TokenScope.READ, TokenScope.NAMESPACES, TokenScope.EXCEPTIONS)));
        String name = "gitops-" + ApiFixtures.SUFFIX;
        String path = "/api/v1/namespaces/" + CLUSTER + "/" + name;
        var put = pipeline.send("PUT", path, "application/yaml", DeclarativeNamespaceIT.yaml(name, "M"));
        assertThat(put.status()).as(put.toString()).isEqualTo(201);

        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(pipeline.get(path)
                                .json()
                                .get("namespace")
                                .get("state")
                                .asString())
                        .isEqualTo("READY"));
        JsonNode detail = pipeline.get(path).json();
        assertThat(detail.get("objects").size()).isGreaterThan(3);
        assertThat(pipeline.get(path + "/desired").body()).contains("ResourceQuota");

        var requested = pipeline.post(
                "/api/v1/exceptions",
                java.util.Map.of(
                        "cluster",
                        CLUSTER,
                        "namespace",
                        name,
                        "control",
                        "pss-privileged",
                        "scope",
                        "NAMESPACE",
                        "justification",
                        ApiFixtures.WHY,
                        "durationDays",
                        3));
        assertThat(requested.status()).as(requested.toString()).isEqualTo(201);
        String exceptionId = requested.json().get("id").asString();

        String tokenName;
        String reviewerToken;
        var reviewer = TestUsers.reviewer("gitops-reviewer-" + ApiFixtures.SUFFIX);
        try (var s = io.bulkhead.testsupport.TestUsers.signIn(reviewer)) {
            var issued = tokens.create("review-bot", Set.of(TokenScope.READ, TokenScope.EXCEPTIONS), 7);
            reviewerToken = issued.secret();
            tokenName = "review-bot, bkh_" + issued.token().prefix();
        }
        ApiClient review = new ApiClient(port, reviewerToken);
        var read = review.get("/api/v1/exceptions/" + exceptionId);
        String etag = read.header("ETag");
        assertThat(etag).isNotBlank();

        var stale = review.send(
                "POST",
                "/api/v1/exceptions/" + exceptionId + "/approve",
                "application/json",
                "{\"comment\":\"ok\"}",
                "If-Match",
                "\"999\"");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);

        var approved = review.send(
                "POST",
                "/api/v1/exceptions/" + exceptionId + "/approve",
                "application/json",
                "{\"comment\":\"Approved from the ticket system.\"}",
                "If-Match",
                etag);
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("state").asString()).isEqualTo("ACTIVE");

        JsonNode events = review.get("/api/v1/audit?action=exception.approved&target=" + exceptionId)
                .json()
                .get("items");
        assertThat(events.size()).isEqualTo(1);
        assertThat(events.get(0).get("actorName").asString()).contains("(token " + tokenName + ")");
        JsonNode requestEvents = review.get("/api/v1/audit?action=exception.requested&target=" + exceptionId)
                .json()
                .get("items");
        assertThat(requestEvents.get(0).get("actorName").asString()).contains("(token test-");
    }
}
