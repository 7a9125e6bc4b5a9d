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

    /**
     * What went wrong and what the admin can do about it, as one sentence for the cluster's status ("The API
     * server at https://…:6443 refused the connection — check the address and that it is running."). Built like
     * {@link #describe}: from exception types and HTTP codes only.
     */
    public static String whatToDo(Throwable e, @Nullable String url) {
        String at = url == null ? "the configured address" : safeUrl(url);
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 20; t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            if (t instanceof KubernetesClientException k && k.getCode() > 0) {
                return switch (k.getCode()) {
                    case 401 ->
                        "The API server at " + at + " rejected the credentials (401) — the token or client "
                                + "certificate is wrong or has expired; register the cluster again with fresh credentials.";
                    case 403 ->
                        "The API server at " + at + " refused Bulkhead's account (403) — grant it the rights "
                                + "of the chart's ClusterRole (k8s/chart) and probe again.";
                    case 404 ->
                        "The API server at " + at + " answered 404 — check that the address is the API "
                                + "server itself, not a proxy or dashboard in front of it.";
                    case 429, 503 ->
                        "The API server at " + at + " is overloaded or not ready (HTTP " + k.getCode()
                                + ") — wait a minute and probe again; check its health with kubectl get --raw /readyz.";
                    default ->
                        "The API server at " + at + " answered HTTP " + k.getCode()
                                + " — check its health (kubectl get --raw /readyz) and probe again.";
                };
            }
        }
        if (has(chain, CertPathBuilderException.class) || has(chain, CertPathValidatorException.class)) {
            return "The API server at " + at + " presented a certificate Bulkhead does not trust — register the "
                    + "cluster again with its CA certificate (certificate-authority-data).";
        }
        if (has(chain, SSLPeerUnverifiedException.class)
                || (has(chain, CertificateException.class) && has(chain, SSLException.class))) {
            return "The certificate of the API server at " + at + " is not valid for that host name — use the "
                    + "address the certificate was issued for.";
        }
        if (has(chain, SSLException.class)) {
            return "The TLS handshake with " + at + " failed — check that the address is the API server's HTTPS "
                    + "port and not a plain-HTTP endpoint.";
        }
        if (chain.stream().anyMatch(t -> t.getClass().getSimpleName().contains("Timeout"))
                || has(chain, SocketTimeoutException.class)
                || has(chain, TimeoutException.class)) {
            return "The API server at " + at + " did not answer in time — check that it is running and that no "
                    + "firewall drops the connection.";
        }
        if (has(chain, UnknownHostException.class)) {
            return "The host of " + at + " is unknown — check the address (its DNS name) of the API server.";
        }
        if (has(chain, NoRouteToHostException.class)) {
            return "There is no network route to " + at + " — check the address and the network between Bulkhead "
                    + "and the cluster.";
        }
        if (has(chain, ConnectException.class)) {
            return "The API server at " + at + " refused the connection — check the address and that it is running.";
        }
        if (has(chain, java.io.IOException.class)) {
            return "The connection to " + at + " failed ("
                    + root(chain).getClass().getSimpleName()
                    + ") — check the address and that the API server is running.";
        }
        return "The API server at " + at + " could not be used ("
                + root(chain).getClass().getSimpleName()
                + ") — check the address and the credentials, then probe again.";
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
