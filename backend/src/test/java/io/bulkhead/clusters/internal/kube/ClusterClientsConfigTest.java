package io.bulkhead.clusters.internal.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.clusters.internal.ClusterCredentials;
import io.fabric8.kubernetes.client.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fabric8 configuration of a registered cluster takes nothing from files, properties or the environment. */
class ClusterClientsConfigTest {
    static final String CA = Base64.getEncoder()
            .encodeToString("-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n".getBytes());

    @Test
    void buildsTheConfigFromInlineFieldsOnlyEvenWhenPropertiesAndAKubeconfigFilePointElsewhere(@TempDir Path dir)
            throws Exception {
        Path marker = dir.resolve("ran");
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                current-context: evil
                clusters: [{name: evil, cluster: {server: "https://evil.example:6443", insecure-skip-tls-verify: true}}]
                users: [{name: evil, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: touch, args: ["%s"]}}}]
                contexts: [{name: evil, context: {cluster: evil, user: evil}}]
                """.formatted(marker), StandardCharsets.UTF_8);
        String[] props = {
            "kubeconfig",
            "kubernetes.master",
            "kubernetes.trust.certificates",
            "kubernetes.auth.token",
            "kubernetes.https.proxy",
            "kubernetes.auth.serviceAccount.token"
        };
        String[] before = new String[props.length];
        for (int i = 0; i < props.length; i++) {
            before[i] = System.getProperty(props[i]);
        }
        try {
            System.setProperty("kubeconfig", kubeconfig.toString());
            System.setProperty("kubernetes.master", "https://evil.example:6443");
            System.setProperty("kubernetes.trust.certificates", "true");
            System.setProperty("kubernetes.auth.token", "evil-token");
            System.setProperty("kubernetes.https.proxy", "http://evil-proxy:3128");
            System.setProperty(
                    "kubernetes.auth.serviceAccount.token",
                    dir.resolve("sa-token").toString());

            Config c = ClusterClients.config(new ClusterCredentials("https://k.example:6443", CA, "tok", null, null));

            assertThat(c.getMasterUrl()).startsWith("https://k.example:6443");
            assertThat(c.getOauthToken()).isEqualTo("tok");
            assertThat(c.getAutoOAuthToken()).isNull();
            assertThat(c.isTrustCerts()).isFalse();
            assertThat(c.getAutoConfigure()).isNotEqualTo(Boolean.TRUE);
            assertThat(c.getFile()).isNull();
            assertThat(c.getAuthProvider()).isNull();
            assertThat(c.getHttpsProxy()).isNull();
            assertThat(c.getCaCertFile()).isNull();
            assertThat(c.getCaCertData()).isEqualTo(CA);
            // a 401 makes fabric8 call refresh(): it must not re-read anything
            Config refreshed = c.refresh();
            assertThat(refreshed).isSameAs(c);

            Config certOnly = ClusterClients.config(new ClusterCredentials(
                    "https://k.example:6443",
                    CA,
                    null,
                    CA,
                    Base64.getEncoder()
                            .encodeToString(
                                    "-----BEGIN EC PRIVATE KEY-----\nx\n-----END EC PRIVATE KEY-----\n".getBytes())));
            assertThat(certOnly.getClientKeyAlgo()).isEqualTo("EC");
            assertThat(certOnly.refresh()).isSameAs(certOnly);
            assertThat(certOnly.getMasterUrl()).startsWith("https://k.example:6443");
            assertThat(certOnly.getOauthToken()).isNull();
            assertThat(certOnly.getAutoOAuthToken()).isNull();
            assertThat(marker).doesNotExist();
        } finally {
            for (int i = 0; i < props.length; i++) {
                if (before[i] == null) {
                    System.clearProperty(props[i]);
                } else {
                    System.setProperty(props[i], before[i]);
                }
            }
        }
    }
}
