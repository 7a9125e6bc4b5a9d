package io.bulkhead.clusters;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.bulkhead.clusters.internal.ClusterCredentials;
import io.bulkhead.clusters.internal.KubeconfigIntake;
import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.clusters.internal.kube.ClusterUnavailableException;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.CredentialCipher;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registration against the real kube-apiserver and PostgreSQL, with the production rule on (one API server, one
 * registration; its own Spring context and database): the control plane registers once and keeps its identity, a
 * second name for it is refused, unreadable identities and unreachable servers are refused with what happened,
 * rows stored before the rule are re-checked on probe (an exec plugin is refused and never run, a malformed
 * kubeconfig's token never reaches a reason or the log, two rows of one server leave only the earlier usable).
 */
@BackendIntegrationTest
@TestPropertySource(properties = "bulkhead.clusters.allow-shared-api-server=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRegistrationIT {
    static final String SECRET = "SeCrEt-Tok3n-0815-must-not-leak";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Clusters clusters;

    @Autowired
    ClusterClients clients;

    @Autowired
    CredentialCipher cipher;

    @Autowired
    JdbcTemplate jdbc;

    KubernetesClient kube;
    String kubeconfig;
    ClusterCredentials inline;
    String kubeSystemUid;

    @BeforeAll
    void controlPlane() {
        kube = KubeTestEnv.get().admin();
        kubeconfig = KubeTestEnv.get().kubeconfig();
        inline = KubeconfigIntake.parse(kubeconfig);
        kubeSystemUid =
                kube.namespaces().withName("kube-system").get().getMetadata().getUid();
    }

    @AfterAll
    void close() {
        kube.close();
    }

    static ClusterRegistration viaKubeconfig(String name, String kubeconfig) {
        return new ClusterRegistration(
                name, "Registration test", ClusterRegistration.Kind.KUBECONFIG, kubeconfig, null, null, null);
    }

    static ClusterRegistration viaToken(String name, String url, String caPem, String token) {
        return new ClusterRegistration(
                name, "Registration test", ClusterRegistration.Kind.TOKEN, null, url, caPem, token);
    }

    static Map<String, String> refusal(Runnable r) {
        try {
            r.run();
        } catch (ValidationException e) {
            return e.fieldErrors();
        }
        throw new AssertionError("not refused");
    }

    String caPem() {
        return new String(Base64.getMimeDecoder().decode(inline.caData()), StandardCharsets.UTF_8);
    }

    String serviceAccountToken(String name, boolean clusterAdmin) {
        kube.resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace("default")
                        .endMetadata()
                        .build())
                .serverSideApply();
        if (clusterAdmin) {
            kube.resource(new ClusterRoleBindingBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                            .addNewSubject()
                            .withKind("ServiceAccount")
                            .withName(name)
                            .withNamespace("default")
                            .endSubject()
                            .build())
                    .serverSideApply();
        }
        return kube.serviceAccounts()
                .inNamespace("default")
                .withName(name)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(3600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
    }

    Map<String, Object> row(String name) {
        return jdbc.queryForMap("SELECT status, status_reason, api_server_uid FROM cluster WHERE name = ?", name);
    }

    /** A row as registrations before the inline-only rule stored it: the whole kubeconfig, no identity. */
    void legacyRow(String name, String kubeconfig, OffsetDateTime createdAt) {
        insertRow(name, JSON.writeValueAsString(Map.of("kubeconfig", kubeconfig)), createdAt);
    }

    void insertRow(String name, String credentialsJson, OffsetDateTime createdAt) {
        jdbc.update(
                "INSERT INTO cluster (id, name, display_name, connection_kind, credentials_encrypted, created_at) "
                        + "VALUES (?, ?, ?, 'KUBECONFIG', ?, ?)",
                UUID.randomUUID(),
                name,
                "Stored before the inline-only rule",
                cipher.encrypt(name, credentialsJson),
                createdAt);
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    @Order(0)
    void refusesKubeconfigsWithAnythingButInlineCredentialsAndNeverEchoesTheirToken(
            @org.junit.jupiter.api.io.TempDir Path dir) {
        Path marker = dir.resolve("exec-ran");
        String exec = kubeconfig.replaceFirst("(?s)users:.*", """
                users:
                - name: %s
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: touch
                      args: ["%s"]
                """.formatted(userName(), marker));
        String tokenFile = kubeconfig.replaceFirst(
                "(?s)users:.*", "users:\n- name: %s\n  user:\n    tokenFile: /etc/passwd\n".formatted(userName()));
        String malformed = kubeconfig.replaceFirst(
                "(?s)users:.*", "users:\n- name: %s\n  user:\n    token: \"%s\n".formatted(userName(), SECRET));
        try (var s = signIn(admin("admin"))) {
            assertThat(refusal(() -> clusters.register(viaKubeconfig("bad-exec", exec))))
                    .hasEntrySatisfying("kubeconfig", m -> assertThat(m).contains("exec credential plugin"));
            assertThat(refusal(() -> clusters.register(viaKubeconfig("bad-file", tokenFile))))
                    .hasEntrySatisfying(
                            "kubeconfig",
                            m -> assertThat(m)
                                    .contains("tokenFile")
                                    .doesNotContain("/etc/passwd")
                                    .doesNotContain("root:"));
            assertThat(refusal(() -> clusters.register(viaKubeconfig("bad-yaml", malformed))))
                    .hasEntrySatisfying(
                            "kubeconfig",
                            m -> assertThat(m)
                                    .startsWith("Not a valid kubeconfig: ")
                                    .doesNotContain(SECRET));
        }
        assertThat(marker).doesNotExist();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cluster WHERE name LIKE 'bad-%'", Integer.class))
                .isZero();
    }

    @Test
    @Order(1)
    void registersTheControlPlaneWithItsIdentity() {
        try (var s = signIn(admin("admin"))) {
            ClusterSummary c = clusters.register(viaKubeconfig("reg-a", kubeconfig));
            assertThat(c.apiUrl()).isEqualTo(inline.server());
            assertThat(clusters.probe("reg-a").status()).isEqualTo("REACHABLE");
        }
        assertThat(row("reg-a").get("api_server_uid")).isEqualTo(kubeSystemUid);
    }

    @Test
    @Order(2)
    void refusesTheSameApiServerUnderASecondName() {
        String token = serviceAccountToken("bulkhead-reg-admin", true);
        try (var s = signIn(admin("admin"))) {
            assertThat(refusal(() -> clusters.register(viaKubeconfig("reg-b", kubeconfig))))
                    .containsExactly(
                            Map.entry("kubeconfig", "This API server is already registered as cluster reg-a."));
            // the same server through another URL form and other credentials is the same server
            String byIp = inline.server().replace("localhost", "127.0.0.1");
            assertThat(refusal(() -> clusters.register(viaToken("reg-c", byIp, caPem(), token))))
                    .containsEntry("apiUrl", "This API server is already registered as cluster reg-a.");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM cluster WHERE name IN ('reg-b', 'reg-c')", Integer.class))
                .isZero();
    }

    @Test
    @Order(3)
    void refusesWhenTheIdentityCannotBeRead() {
        String token = serviceAccountToken("bulkhead-reg-nobody", false);
        try (var s = signIn(admin("admin"))) {
            assertThat(refusal(() -> clusters.register(viaToken("reg-d", inline.server(), caPem(), token))))
                    .hasEntrySatisfying(
                            "apiUrl",
                            m -> assertThat(m)
                                    .contains("kube-system")
                                    .contains("403")
                                    .contains("Registration needs it")
                                    .doesNotContain(token));
        }
        assertThat(clusters.findAsSystem("reg-d")).isEmpty();
    }

    @Test
    @Order(4)
    void saysWhatHappenedWhenTheServerCannotBeUsed() throws IOException {
        int port = closedPort();
        try (var s = signIn(admin("admin"))) {
            assertThat(refusal(
                            () -> clusters.register(viaToken("reg-e", "https://127.0.0.1:" + port, caPem(), SECRET))))
                    .hasEntrySatisfying(
                            "apiUrl",
                            m -> assertThat(m)
                                    .contains("connection refused at https://127.0.0.1:" + port)
                                    .doesNotContain("An error has occurred")
                                    .doesNotContain(SECRET));
            assertThat(refusal(() -> clusters.register(viaToken("reg-e", inline.server(), caPem(), SECRET))))
                    .hasEntrySatisfying(
                            "apiUrl", m -> assertThat(m).contains("401: ").doesNotContain(SECRET));
            String notTheCa =
                    new String(Base64.getMimeDecoder().decode(inline.clientCertData()), StandardCharsets.UTF_8);
            assertThat(refusal(() -> clusters.register(viaToken("reg-e", inline.server(), notTheCa, SECRET))))
                    .hasEntrySatisfying(
                            "apiUrl",
                            m -> assertThat(m)
                                    .contains("TLS: the server's certificate is not trusted")
                                    .doesNotContain(SECRET));
        }
        assertThat(clusters.findAsSystem("reg-e")).isEmpty();
    }

    @Test
    @Order(5)
    void aStoredUnreachableServerGetsAReasonThatSaysWhatHappened() throws IOException {
        int port = closedPort();
        insertRow(
                "old-unreachable",
                new ClusterCredentials("https://127.0.0.1:" + port, inline.caData(), SECRET, null, null).toJson(),
                OffsetDateTime.now().minusDays(3));
        try (var s = signIn(admin("admin"))) {
            ClusterSummary c = clusters.probe("old-unreachable");
            assertThat(c.status()).isEqualTo("UNREACHABLE");
            assertThat(c.statusReason())
                    .isEqualTo("The API server at https://127.0.0.1:" + port
                            + " refused the connection — check the address and that it is running.")
                    .doesNotContain("An error has occurred")
                    .doesNotContain(SECRET);
        }
    }

    @Test
    @Order(6)
    void aStoredExecPluginIsRefusedAndNeverRun(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path marker = dir.resolve("exec-ran");
        String exec = kubeconfig.replaceFirst("(?s)users:.*", """
                users:
                - name: %s
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: touch
                      args: ["%s"]
                """.formatted(userName(), marker));
        legacyRow("old-exec", exec, OffsetDateTime.now().minusDays(3));
        try (var s = signIn(admin("admin"))) {
            ClusterSummary c = clusters.probe("old-exec");
            assertThat(c.status()).isEqualTo("UNAVAILABLE");
            assertThat(c.statusReason()).contains("exec credential plugin").contains("Register the cluster again");
        }
        assertThatThrownBy(() -> clients.forCluster("old-exec")).isInstanceOf(ClusterUnavailableException.class);
        assertThat(marker).doesNotExist();
        assertThat(Files.exists(marker)).isFalse();
    }

    String userName() {
        var m = java.util.regex.Pattern.compile("(?m)^\\s*user:\\s*(\\S+)\\s*$").matcher(kubeconfig);
        return m.find() ? m.group(1) : "user";
    }

    @Test
    @Order(7)
    void aStoredMalformedKubeconfigNeverEchoesItsToken() {
        List<String> malformed = List.of(
                "apiVersion: v1\nusers:\n- name: u\n  user:\n    token: \"" + SECRET + "\n",
                "apiVersion: v1\nusers:\n- name: u\n  user:\n\ttoken: " + SECRET + "\n",
                "apiVersion: v1\nusers:\n- name: u\n  user: {token: " + SECRET + "\n",
                "apiVersion: v1\ncurrent-context: " + SECRET + "\ncontexts: []\n",
                "users: [{name: u, user: {token: " + SECRET + ": : x}}]\n");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Level before = root.getLevel();
        root.setLevel(Level.DEBUG);
        root.addAppender(logs);
        List<String> names = new ArrayList<>();
        try (var s = signIn(admin("admin"))) {
            for (int i = 0; i < malformed.size(); i++) {
                String name = "old-malformed-" + i;
                names.add(name);
                legacyRow(name, malformed.get(i), OffsetDateTime.now().minusDays(3));
                ClusterSummary c = clusters.probe(name);
                assertThat(c.status()).isEqualTo("UNAVAILABLE");
                assertThat(c.statusReason()).isNotBlank().doesNotContain(SECRET).doesNotContain("0815");
                assertThatThrownBy(() -> clients.forCluster(name))
                        .isInstanceOf(ClusterUnavailableException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
            }
            assertThat(clusters.list())
                    .filteredOn(c -> names.contains(c.name()))
                    .hasSize(malformed.size())
                    .allSatisfy(
                            c -> assertThat(String.valueOf(c.statusReason())).doesNotContain(SECRET));
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM cluster WHERE coalesce(status_reason, '') LIKE ? "
                                + "OR coalesce(server_version, '') LIKE ? OR coalesce(api_url, '') LIKE ?",
                        Integer.class,
                        "%" + SECRET + "%",
                        "%" + SECRET + "%",
                        "%" + SECRET + "%"))
                .isZero();
        assertThat(logs.list).isNotNull();
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(SECRET);
            if (e.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(e.getThrowableProxy())).doesNotContain(SECRET);
            }
        }
    }

    @Test
    @Order(8)
    void ofTwoStoredRowsOfOneServerOnlyTheEarlierIsUsed() {
        legacyRow("old-first", kubeconfig, OffsetDateTime.now().minusDays(2));
        legacyRow("old-second", kubeconfig, OffsetDateTime.now().minusDays(1));
        try (var s = signIn(admin("admin"))) {
            // the later of the two is probed first: it takes the identity from reg-a (registered after both)
            assertThat(clusters.probe("old-second").status()).isEqualTo("REACHABLE");
            assertThat(row("reg-a").get("status")).isEqualTo("UNAVAILABLE");
            // then the earlier one takes it from old-second
            assertThat(clusters.probe("old-first").status()).isEqualTo("REACHABLE");
            assertThat(row("old-first").get("api_server_uid")).isEqualTo(kubeSystemUid);
            assertThat(row("old-second").get("status")).isEqualTo("UNAVAILABLE");
            assertThat(row("old-second").get("api_server_uid")).isNull();

            ClusterSummary second = clusters.probe("old-second");
            assertThat(second.status()).isEqualTo("UNAVAILABLE");
            assertThat(second.statusReason()).contains("already registered as cluster old-first");
            ClusterSummary regA = clusters.probe("reg-a");
            assertThat(regA.status()).isEqualTo("UNAVAILABLE");
            assertThat(regA.statusReason()).contains("already registered as cluster old-first");
        }
        assertThatThrownBy(() -> clients.forCluster("old-second"))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("old-first");
        assertThatThrownBy(() -> clients.forCluster("reg-a")).isInstanceOf(ClusterUnavailableException.class);
        assertThat(clients.forCluster("old-first")
                        .namespaces()
                        .withName("kube-system")
                        .get())
                .isNotNull();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM cluster WHERE api_server_uid = ?", Integer.class, kubeSystemUid))
                .isEqualTo(1);
    }
}
