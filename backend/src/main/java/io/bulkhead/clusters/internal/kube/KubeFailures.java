package io.bulkhead.clusters.internal.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;

/**
 * Says in a few words what went wrong talking to an API server ("connection refused at https://…:6443", "TLS: the
 * server's certificate is not trusted", "401: the credentials were rejected"). Built from exception types and HTTP
 * codes only, never from exception messages, which may quote requests, headers or a kubeconfig.
 */
public final class KubeFailures {
    private KubeFailures() {}

    public static String describe(Throwable e, @Nullable String url) {
        String at = url == null ? "" : " at " + safeUrl(url);
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 20; t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            if (t instanceof KubernetesClientException k && k.getCode() > 0) {
                return switch (k.getCode()) {
                    case 401 -> "401: the API server" + at + " rejected the credentials (token or client certificate)";
                    case 403 -> "403: the credentials are not allowed to do this" + at;
                    case 404 -> "404: not found" + at;
                    default -> "HTTP " + k.getCode() + " from the API server" + at;
                };
            }
        }
        if (has(chain, CertPathBuilderException.class) || has(chain, CertPathValidatorException.class)) {
            return "TLS: the server's certificate is not trusted" + at + " (check certificate-authority-data)";
        }
        if (has(chain, SSLPeerUnverifiedException.class)
                || (has(chain, CertificateException.class) && has(chain, SSLException.class))) {
            return "TLS: the server's certificate is not valid for its host name" + at;
        }
        if (has(chain, SSLException.class)) {
            return "TLS handshake failed" + at;
        }
        if (chain.stream().anyMatch(t -> t.getClass().getSimpleName().contains("Timeout"))
                || has(chain, SocketTimeoutException.class)
                || has(chain, TimeoutException.class)) {
            return "no answer in time" + at;
        }
        if (has(chain, UnknownHostException.class)) {
            return "unknown host" + at;
        }
        if (has(chain, NoRouteToHostException.class)) {
            return "no route to host" + at;
        }
        if (has(chain, ConnectException.class)) {
            return "connection refused" + at;
        }
        if (has(chain, java.io.IOException.class)) {
            return "the connection failed" + at + " (" + root(chain).getClass().getSimpleName() + ")";
        }
        return "the API server" + at + " could not be used ("
                + root(chain).getClass().getSimpleName() + ")";
    }

    private static boolean has(List<Throwable> chain, Class<? extends Throwable> type) {
        return chain.stream().anyMatch(type::isInstance);
    }

    private static Throwable root(List<Throwable> chain) {
        return chain.getLast();
    }

    /** Scheme, host, port and path only: a URL never carries user info or a query into a message. */
    static String safeUrl(String url) {
        try {
            URI u = URI.create(url.strip());
            if (u.getHost() == null) {
                return "the configured URL";
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                    + (u.getRawPath() == null || u.getRawPath().equals("/") ? "" : u.getRawPath());
        } catch (IllegalArgumentException ex) {
            return "the configured URL";
        }
    }
}
