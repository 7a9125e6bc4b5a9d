package io.bulkhead.api;

import static io.bulkhead.api.ApiFixtures.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.testsupport.TestUsers;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.TokenScope;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * {@code PUT /api/v1/namespaces/{cluster}/{name}} is declarative: the first PUT requests the namespace (201), the
 * same body again is a no-op (200, the same resource, nothing new in the audit trail), a different body is 409 with
 * the fields that differ, and a kubectl-style YAML body means the same as the JSON one.
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeclarativeNamespaceIT {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ApiTokens tokens;

    ApiClient dev;

    @BeforeAll
    void fixtures() {
        ApiFixtures.get(context);
        dev = new ApiClient(
                port,
                ApiClient.tokenFor(
                        tokens,
                        TestUsers.developer("decl-dev-" + ApiFixtures.SUFFIX, ApiFixtures.A),
                        Set.of(TokenScope.READ, TokenScope.NAMESPACES)));
    }

    static String yaml(String name, String quota) {
        return """
                apiVersion: bulkhead.io/v1
                kind: NamespaceRequest
                metadata:
                  name: %s
                  cluster: %s
                spec:
                  team: payments
                  tier: baseline
                  quotaPreset: %s
                  purpose: Declared from the GitOps repository of payments.
                  egress:
                    - cidr: 10.20.0.0/16
                      port: 5432
                      protocol: TCP
                """.formatted(name, CLUSTER, quota);
    }

    @Test
    void theSameBodyTwiceIsANoOpAndADifferentOneIs409() {
        String name = "decl-" + ApiFixtures.SUFFIX;
        String path = "/api/v1/namespaces/" + CLUSTER + "/" + name;
        var first = dev.send("PUT", path, "application/yaml", yaml(name, "M"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.header("Location")).isEqualTo(path);
        String id = first.json().get("id").asString();

        var again = dev.send("PUT", path, "application/yaml", yaml(name, "M"));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        // the ETag is the record's version, which provisioning moves on; the repeat does not
        assertThat(again.header("ETag"))
                .isEqualTo("\"" + again.json().get("version").asInt() + "\"");
        assertThat(dev.get("/api/v1/audit?action=namespace.requested&target=" + id)
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(1);

        // the same declaration as plain JSON is the same namespace
        String json = "{\"team\":\"payments\",\"tier\":\"baseline\",\"quotaPreset\":\"M\","
                + "\"purpose\":\"Declared from the GitOps repository of payments.\","
                + "\"egress\":[{\"cidr\":\"10.20.0.0/16\",\"port\":5432,\"protocol\":\"TCP\"}]}";
        var asJson = dev.send("PUT", path, "application/json", json);
        assertThat(asJson.status()).as(asJson.toString()).isEqualTo(200);
        assertThat(asJson.json().get("id").asString()).isEqualTo(id);

        var changed = dev.send("PUT", path, "application/yaml", yaml(name, "L"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(409);
        assertThat(changed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(changed.json().get("type").asString()).endsWith("changes-not-supported");
        assertThat(changed.json().get("detail").asString()).contains("not supported yet");
        assertThat(changed.json().get("errors").toString()).contains("quotaPreset");
        assertThat(dev.get(path).json().get("namespace").get("quotaPreset").asString())
                .isEqualTo("M");
    }

    @Test
    void aBodyThatContradictsThePathOrIsNotARequestIsAFieldMessage() {
        String name = "decl-bad-" + ApiFixtures.SUFFIX;
        String path = "/api/v1/namespaces/" + CLUSTER + "/" + name;
        var wrongName = dev.send("PUT", path, "application/yaml", yaml("another-name", "M"));
        assertThat(wrongName.status()).isEqualTo(400);
        assertThat(wrongName.json().get("errors").toString()).contains("metadata.name");

        var wrongKind = dev.send(
                "PUT", path, "application/yaml", yaml(name, "M").replace("kind: NamespaceRequest", "kind: Pod"));
        assertThat(wrongKind.status()).isEqualTo(400);
        assertThat(wrongKind.json().get("errors").toString()).contains("kind must be NamespaceRequest");

        for (String junk : new String[] {"", "[1, 2", "- just\n- a list", "a: &a [*a, *a]", "{\"team\": {\"x\": 1}}"}) {
            var r = dev.send("PUT", path, "application/yaml", junk);
            assertThat(r.status()).as(junk + " → " + r).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(dev.get(path).status()).isEqualTo(404);
    }
}
