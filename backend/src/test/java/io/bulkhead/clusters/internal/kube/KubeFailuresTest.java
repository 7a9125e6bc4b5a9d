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
}
