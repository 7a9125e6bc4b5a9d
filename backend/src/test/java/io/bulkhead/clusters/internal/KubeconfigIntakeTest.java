package io.bulkhead.clusters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class KubeconfigIntakeTest {
    static final String SECRET = "SeCrEt-Tok3n-4711-do-not-echo";
    static final String CA = b64("-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n");
    static final String CERT = CA;
    static final String KEY = b64("-----BEGIN EC PRIVATE KEY-----\nMHcfake\n-----END EC PRIVATE KEY-----\n");

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A one-context kubeconfig whose user entry is {@code user} (YAML lines indented by 4). */
    static String kubeconfig(String clusterExtra, String user) {
        return """
                apiVersion: v1
                kind: Config
                current-context: prod
                clusters:
                - name: prod-cluster
                  cluster:
                    server: https://10.0.0.1:6443
                    certificate-authority-data: %s
                %s
                contexts:
                - name: prod
                  context:
                    cluster: prod-cluster
                    user: prod-admin
                users:
                - name: prod-admin
                  user:
                %s
                """.formatted(CA, clusterExtra, user);
    }

    static String refusal(String kubeconfig) {
        try {
            KubeconfigIntake.parse(kubeconfig);
        } catch (KubeconfigIntake.Refused e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + kubeconfig);
    }

    @Test
    void acceptsAnInlineToken() {
        ClusterCredentials c = KubeconfigIntake.parse(kubeconfig("", "    token: " + SECRET));
        assertThat(c.server()).isEqualTo("https://10.0.0.1:6443");
        assertThat(c.token()).isEqualTo(SECRET);
        assertThat(c.caData()).isEqualTo(CA);
        assertThat(c.clientCertData()).isNull();
        assertThat(c.toString()).doesNotContain(SECRET);
    }

    @Test
    void acceptsAnInlineClientCertificate() {
        ClusterCredentials c = KubeconfigIntake.parse(
                kubeconfig("", "    client-certificate-data: " + CERT + "\n    client-key-data: " + KEY));
        assertThat(c.clientCertData()).isEqualTo(CERT);
        assertThat(c.clientKeyData()).isEqualTo(KEY);
        assertThat(c.token()).isNull();
    }

    @Test
    void acceptsTheApiUrlForm() {
        ClusterCredentials c = KubeconfigIntake.fromToken(
                " https://k.example:6443 ", "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----", SECRET);
        assertThat(c.server()).isEqualTo("https://k.example:6443");
        assertThat(new String(Base64.getDecoder().decode(c.caData()), StandardCharsets.UTF_8))
                .startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void refusesAnExecPlugin() {
        assertThat(refusal(kubeconfig("", """
                            exec:
                              apiVersion: client.authentication.k8s.io/v1
                              command: /bin/sh
                              args: ["-c", "touch /tmp/pwned"]
                        """)))
                .contains("exec credential plugin")
                .contains("\"prod-admin\"")
                .doesNotContain("/tmp/pwned");
    }

    @Test
    void refusesAnExecPluginEvenBesideAToken() {
        assertThat(refusal(kubeconfig("", "    token: " + SECRET + "\n    exec:\n      command: aws")))
                .contains("exec")
                .doesNotContain(SECRET);
    }

    @Test
    void refusesAnAuthProvider() {
        assertThat(refusal(kubeconfig(
                        "", "    auth-provider:\n      name: gcp\n      config: {cmd-path: /usr/bin/gcloud}")))
                .contains("auth-provider");
    }

    static List<Object[]> fileReferences() {
        return List.of(
                new Object[] {"", "    tokenFile: /var/run/secrets/token", "tokenFile"},
                new Object[] {
                    "", "    client-certificate: /etc/k/cert.pem\n    client-key-data: " + KEY, "client-certificate"
                },
                new Object[] {
                    "", "    client-certificate-data: " + CERT + "\n    client-key: /etc/k/key.pem", "client-key"
                },
                new Object[] {
                    "    certificate-authority: /etc/k/ca.pem", "    token: " + SECRET, "certificate-authority"
                });
    }

    @ParameterizedTest
    @MethodSource("fileReferences")
    void refusesEveryFileReference(String clusterExtra, String user, String field) {
        assertThat(refusal(kubeconfig(clusterExtra, user)))
                .contains(field)
                .doesNotContain("/etc/k/")
                .doesNotContain("/var/run");
    }

    @Test
    void refusesUsernameAndPassword() {
        assertThat(refusal(kubeconfig("", "    username: admin\n    password: " + SECRET)))
                .contains("username and password")
                .doesNotContain(SECRET);
    }

    @Test
    void refusesSkippedTlsVerificationPlainHttpAndProxies() {
        assertThat(refusal(kubeconfig("    insecure-skip-tls-verify: true", "    token: x")))
                .contains("insecure-skip-tls-verify");
        assertThat(refusal(kubeconfig("    proxy-url: http://proxy:3128", "    token: x")))
                .contains("proxy-url");
        assertThat(refusal(kubeconfig("", "    token: x").replace("https://10.0.0.1", "http://10.0.0.1")))
                .contains("https://");
    }

    @Test
    void refusesImpersonationAndUnknownUserFields() {
        assertThat(refusal(kubeconfig("", "    token: x\n    as: system:admin")))
                .contains("impersonates");
        assertThat(refusal(kubeconfig("", "    token: x\n    some-plugin: " + SECRET)))
                .contains("does not know")
                .doesNotContain(SECRET)
                .doesNotContain("some-plugin");
    }

    @Test
    void refusesAUserWithoutCredentials() {
        assertThat(refusal(kubeconfig("", "    extensions: []"))).contains("no inline credential");
    }

    static final String TWO_CONTEXTS = """
            clusters:
            - name: a
              cluster: {server: "https://a.example:6443"}
            - name: b
              cluster: {server: "https://b.example:6443"}
            users:
            - name: ua
              user: {token: token-a}
            - name: ub
              user: {token: token-b}
            contexts:
            - name: ctx-a
              context: {cluster: a, user: ua}
            - name: ctx-b
              context: {cluster: b, user: ub}
            """;

    @Test
    void refusesSeveralContextsWithoutCurrentContextAndNamesThem() {
        assertThat(refusal(TWO_CONTEXTS))
                .contains("2 contexts")
                .contains("\"ctx-a\"")
                .contains("\"ctx-b\"")
                .contains("current-context")
                .doesNotContain("token-a");
    }

    @Test
    void usesTheCurrentContextOfSeveral() {
        ClusterCredentials c = KubeconfigIntake.parse(TWO_CONTEXTS + "current-context: ctx-b\n");
        assertThat(c.server()).isEqualTo("https://b.example:6443");
        assertThat(c.token()).isEqualTo("token-b");
    }

    @Test
    void checksOnlyTheSelectedUser() {
        String other = TWO_CONTEXTS.replace("user: {token: token-a}", "user: {exec: {command: aws}}")
                + "current-context: ctx-b\n";
        assertThat(KubeconfigIntake.parse(other).token()).isEqualTo("token-b");
        assertThat(refusal(other.replace("current-context: ctx-b", "current-context: ctx-a")))
                .contains("exec");
    }

    /** Kubeconfigs that break with the secret token in or next to the broken place. */
    static List<String> malformedWithSecret() {
        return List.of(
                kubeconfig("", "    token: \"" + SECRET + "\n    more: x"), // unclosed quote
                kubeconfig("", "\ttoken: " + SECRET), // tab indentation
                kubeconfig("", "    token: " + SECRET + "\n   token2: " + SECRET), // bad indentation
                kubeconfig("", "    token: " + SECRET + "\n    token: " + SECRET), // duplicate key
                kubeconfig("", "    token: *" + SECRET), // undefined alias
                kubeconfig("", "    token: {" + SECRET), // unclosed flow mapping
                kubeconfig("", "    token: [" + SECRET + ", ]]"), // broken flow sequence
                kubeconfig("", "    token: " + SECRET + ": : x"), // mapping value where none may be
                kubeconfig("", "    token: " + SECRET) + "---\nsecond: " + SECRET, // two documents
                "{\"users\": [{\"user\": {\"token\": \"" + SECRET + "\"}}", // broken JSON
                SECRET, // a scalar
                "- " + SECRET, // a list
                kubeconfig("", "    token: " + SECRET).replace("current-context: prod", "current-context: " + SECRET),
                kubeconfig("", "    token: " + SECRET).replace("cluster: prod-cluster", "cluster: " + SECRET),
                kubeconfig("", "    token: " + SECRET).replace("user: prod-admin", "user: " + SECRET),
                kubeconfig("", "    " + SECRET + ": x"),
                kubeconfig("", "    token: [" + SECRET + "]"),
                "users:\n- name: x\n  user: {token: " + SECRET + "}\n" + "clusters: " + SECRET);
    }

    @ParameterizedTest
    @MethodSource("malformedWithSecret")
    void neverEchoesTheTokenOfAMalformedKubeconfig(String kubeconfig) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Level before = root.getLevel();
        root.setLevel(Level.ALL);
        root.addAppender(logs);
        try {
            String message = refusal(kubeconfig);
            assertThat(message)
                    .isNotBlank()
                    .doesNotContain(SECRET)
                    .doesNotContain("SeCrEt")
                    .doesNotContain("4711");
            assertThat(message).doesNotContainPattern("line \\d|column \\d");
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(SECRET);
            if (e.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(e.getThrowableProxy())).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void aYamlErrorIsNamedByItsKind() {
        assertThat(refusal(kubeconfig("", "    token: \"" + SECRET)))
                .startsWith("Not a valid kubeconfig: ")
                .contains("scanner error");
        assertThat(refusal(kubeconfig("", "    token: a\n    token: b"))).contains("a key appears twice");
    }

    @Test
    void storedLegacyKubeconfigsAreCheckedAgain() {
        String exec = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of("kubeconfig", kubeconfig("", "    exec:\n      command: /bin/true")));
        assertThatThrownBy(() -> ClusterCredentials.fromStored(exec))
                .isInstanceOf(KubeconfigIntake.Refused.class)
                .hasMessageContaining("exec");
        String legacyToken = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of(
                        "apiUrl", "https://k:6443",
                        "caCert", "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----",
                        "token", SECRET));
        assertThat(ClusterCredentials.fromStored(legacyToken).token()).isEqualTo(SECRET);
    }

    @Test
    void storedFormRoundTrips() {
        ClusterCredentials c = new ClusterCredentials("https://k:6443", CA, SECRET, CERT, KEY);
        assertThat(ClusterCredentials.fromStored(c.toJson())).isEqualTo(c);
    }
}
