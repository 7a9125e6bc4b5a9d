package io.bulkhead.clusters.internal.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class KubeFailuresTest {
    static final String URL = "https://10.0.0.1:6443";
    static final String SECRET = "token-SeCrEt-99";

    static KubernetesClientException wrapped(Throwable cause) {
        return new KubernetesClientException("An error has occurred. " + SECRET, cause);
    }

    @Test
    void namesAConnectionRefusal() {
        assertThat(KubeFailures.describe(wrapped(new ConnectException("Connection refused: " + SECRET)), URL))
                .isEqualTo("connection refused at https://10.0.0.1:6443");
    }

    @Test
    void namesAnUntrustedCertificate() {
        SSLHandshakeException tls = new SSLHandshakeException("PKIX path building failed " + SECRET);
        tls.initCause(new CertPathBuilderException("unable to find valid certification path"));
        assertThat(KubeFailures.describe(wrapped(tls), URL))
                .startsWith("TLS: the server's certificate is not trusted at https://10.0.0.1:6443");
    }

    @Test
    void namesRejectedCredentialsAndForbiddenRequests() {
        assertThat(KubeFailures.describe(new KubernetesClientException(SECRET, 401, null), URL))
                .startsWith("401: ")
                .contains("rejected the credentials");
        assertThat(KubeFailures.describe(new KubernetesClientException(SECRET, 403, null), URL))
                .startsWith("403: ");
    }

    @Test
    void namesAnUnknownHostAndNeverQuotesMessagesOrUserInfo() {
        String d = KubeFailures.describe(
                wrapped(new UnknownHostException(SECRET)), "https://user:" + SECRET + "@k.example:6443/?t=" + SECRET);
        assertThat(d).isEqualTo("unknown host at https://k.example:6443").doesNotContain(SECRET);
        assertThat(KubeFailures.describe(new IllegalStateException(SECRET), URL))
                .doesNotContain(SECRET);
    }

    @Test
    void saysWhatToDoAboutARefusedConnectionWithoutQuotingTheMessage() {
        assertThat(KubeFailures.whatToDo(wrapped(new ConnectException("Connection refused: " + SECRET)), URL))
                .isEqualTo("The API server at https://10.0.0.1:6443 refused the connection — check the address and "
                        + "that it is running.")
                .doesNotContain("An error has occurred");
    }

    @Test
    void saysWhatToDoAboutTlsCredentialsAndTimeouts() {
        SSLHandshakeException tls = new SSLHandshakeException("PKIX path building failed " + SECRET);
        tls.initCause(new CertPathBuilderException("unable to find valid certification path"));
        assertThat(KubeFailures.whatToDo(wrapped(tls), URL))
                .contains("certificate Bulkhead does not trust")
                .contains("certificate-authority-data");
        assertThat(KubeFailures.whatToDo(new KubernetesClientException(SECRET, 401, null), URL))
                .contains("rejected the credentials (401)")
                .contains("register the cluster again");
        assertThat(KubeFailures.whatToDo(new KubernetesClientException(SECRET, 403, null), URL))
                .contains("(403)")
                .contains("ClusterRole");
        assertThat(KubeFailures.whatToDo(wrapped(new java.net.SocketTimeoutException(SECRET)), URL))
                .contains("did not answer in time")
                .contains("firewall");
        assertThat(KubeFailures.whatToDo(
                        wrapped(new UnknownHostException(SECRET)), "https://u:" + SECRET + "@k.example"))
                .isEqualTo("The host of https://k.example is unknown — check the address (its DNS name) of the API "
                        + "server.")
                .doesNotContain(SECRET);
    }
}
