package io.bulkhead.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API contract: the OpenAPI 3.1 document springdoc generates from the controllers must equal the checked-in
 * {@code docs/openapi.json}, so an endpoint cannot change without the document changing in the same commit.
 * Regenerate with {@value #REGENERATE}. Swagger UI is served beside it.
 */
@ApiIntegrationTest
class OpenApiDocumentIT {
    static final String REGENERATE = "./mvnw -B -o -pl frontend verify -Dtest=none -Dit.test=OpenApiDocumentIT"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dbulkhead.regenerateDocs=true";

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    @LocalServerPort
    int port;

    @Test
    void theGeneratedDocumentIsTheCheckedInOne() throws Exception {
        ApiClient anonymous = new ApiClient(port, null);
        var doc = anonymous.get("/v3/api-docs");
        assertThat(doc.status()).as(doc.toString()).isEqualTo(200);
        JsonNode tree = JSON.readTree(doc.body());
        assertThat(tree.get("openapi").asString()).startsWith("3.1");
        // the server URL carries the random test port: the document names none
        ((tools.jackson.databind.node.ObjectNode) tree).remove("servers");
        String generated = JSON.writeValueAsString(JSON.treeToValue(tree, Object.class)) + "\n";
        assertThat(generated).contains("/api/v1/namespaces/{cluster}/{name}").contains("bearerAuth");

        Path file = repositoryRoot().resolve("docs").resolve("openapi.json");
        if (Boolean.getBoolean("bulkhead.regenerateDocs")) {
            Files.writeString(file, generated);
        }
        assertThat(file)
                .as("docs/openapi.json is missing; generate it with: " + REGENERATE)
                .exists();
        assertThat(Files.readString(file))
                .as("docs/openapi.json differs from the API the code serves; regenerate it with: " + REGENERATE)
                .isEqualTo(generated);

        var ui = anonymous.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + System.getProperty("user.dir"));
        }
        return dir;
    }
}
