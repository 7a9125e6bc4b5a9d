package io.bulkhead.ui;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak (the {@code org.keycloak:keycloak-quarkus-dist} zip that the {@code keycloak} Maven profile unpacks
 * under {@code ~/.bulkhead-tools/keycloak}) in dev mode on a free loopback port, with the realm {@value #REALM}
 * imported from {@code keycloak-realm.json} (the portal's redirect URIs filled in). Its file database is deleted
 * before every start, so each run begins from the realm file. Changes to group membership go through Keycloak's
 * admin REST API, as an administrator of the provider would make them.
 */
final class KeycloakServer implements AutoCloseable {
    static final String REALM = "bulkhead";
    static final String CLIENT_ID = "bulkhead-portal";
    static final String CLIENT_SECRET = "bulkhead-keycloak-test-secret";
    private static final String ADMIN = "kc-admin";
    private static final String ADMIN_PASSWORD = "kc-admin-test";
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("bulkhead.keycloak.startup.timeout", 300));

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Keycloak from {@code home} on {@code port} for a portal at {@code portalUrl}; waits for the realm. */
    static KeycloakServer start(Path home, int port, String portalUrl, Path buildDir) {
        Path kcSh = home.resolve("bin/kc.sh");
        if (!Files.isExecutable(kcSh)) {
            throw new IllegalStateException("No Keycloak at " + home + " (run with -Pkeycloak, which unpacks it)");
        }
        try {
            deleteRecursively(home.resolve("data/h2"));
            Path imports = Files.createDirectories(home.resolve("data/import"));
            String realm;
            try (var in = KeycloakServer.class.getResourceAsStream("keycloak-realm.json")) {
                realm = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Files.writeString(
                    imports.resolve("bulkhead-realm.json"),
                    realm.replace("${PORTAL_URL}", portalUrl).replace("${CLIENT_SECRET}", CLIENT_SECRET));
            Path log = buildDir.resolve("keycloak.log");
            ProcessBuilder pb = new ProcessBuilder(
                            kcSh.toString(),
                            "start-dev",
                            "--http-port=" + port,
                            "--http-host=127.0.0.1",
                            "--hostname=http://localhost:" + port,
                            "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            long t0 = System.nanoTime();
            KeycloakServer kc = new KeycloakServer(pb.start(), port, log);
            try {
                kc.awaitRealm();
            } catch (RuntimeException | Error e) {
                kc.close();
                throw e;
            }
            System.out.printf(
                    "[ui-tests] Keycloak up at %s after %.1f s (log: %s)%n",
                    kc.issuer(), (System.nanoTime() - t0) / 1e9, log.toAbsolutePath());
            return kc;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Keycloak from " + home, e);
        }
    }

    /** The realm's issuer, exactly as Keycloak names it in its discovery document and tokens. */
    String issuer() {
        return "http://localhost:" + port + "/realms/" + REALM;
    }

    int port() {
        return port;
    }

    private void awaitRealm() {
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Keycloak exited with code " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<String> r = http.send(discovery, HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + "";
                if (r.statusCode() == 200) {
                    String issuer = JsonParser.parseString(r.body())
                            .getAsJsonObject()
                            .get("issuer")
                            .getAsString();
                    if (!issuer.equals(issuer())) {
                        throw new IllegalStateException("Keycloak names its issuer " + issuer + ", not " + issuer());
                    }
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(1000);
        }
        throw new IllegalStateException("Keycloak did not serve realm " + REALM + " within " + STARTUP_TIMEOUT
                + " (last answer: " + last + "); see " + log.toAbsolutePath());
    }

    /** Removes {@code username} from group {@code group} (by name) with the admin REST API. */
    void removeFromGroup(String username, String group) {
        String token = adminToken();
        String base = "http://localhost:" + port + "/admin/realms/" + REALM;
        JsonArray users = get(token, base + "/users?exact=true&username=" + encode(username))
                .getAsJsonArray();
        if (users.size() != 1) {
            throw new IllegalStateException("Keycloak has " + users.size() + " users named " + username);
        }
        String userId = users.get(0).getAsJsonObject().get("id").getAsString();
        String groupId = null;
        for (var g : get(token, base + "/users/" + userId + "/groups").getAsJsonArray()) {
            if (g.getAsJsonObject().get("name").getAsString().equals(group)) {
                groupId = g.getAsJsonObject().get("id").getAsString();
            }
        }
        if (groupId == null) {
            throw new IllegalStateException(username + " is not in group " + group);
        }
        send(
                HttpRequest.newBuilder(URI.create(base + "/users/" + userId + "/groups/" + groupId))
                        .header("Authorization", "Bearer " + token)
                        .DELETE()
                        .build(),
                204);
    }

    private String adminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=" + encode(ADMIN) + "&password="
                + encode(ADMIN_PASSWORD);
        String body = send(
                HttpRequest.newBuilder(
                                URI.create("http://localhost:" + port + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                200);
        JsonObject json = JsonParser.parseString(body).getAsJsonObject();
        return json.get("access_token").getAsString();
    }

    private com.google.gson.JsonElement get(String token, String url) {
        return JsonParser.parseString(send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                200));
    }

    private String send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " "
                        + request.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
