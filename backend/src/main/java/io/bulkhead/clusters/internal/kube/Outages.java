package io.bulkhead.clusters.internal.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure of the cluster (its API server refused the connection, dropped it, or did not answer in time)
 * from a failure of one request (an HTTP status: 403, 409, 422…). After the first, every further request of a
 * pass would fail or hang the same way, so a pass over many namespaces ends there instead of waiting per
 * namespace.
 */
public final class Outages {
    private Outages() {}

    /** True when {@code e} says the API server itself cannot be used right now. */
    public static boolean isOutage(Throwable e) {
        if (e instanceof ClusterUnavailableException) {
            return true;
        }
        if (e instanceof IllegalStateException && "Client is closed".equals(e.getMessage())) {
            return true; // the client was dropped under this pass (a probe found the cluster failing)
        }
        // no HTTP status: 0, or -1 for fabric8's request time-out
        if (!(e instanceof KubernetesClientException k) || k.getCode() > 0) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException
                    || t instanceof TimeoutException
                    || t instanceof InterruptedException
                    || t.getClass().getName().startsWith("io.vertx.")
                    || t.getClass().getName().startsWith("io.netty.")
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code e} is a time-out (the API server hangs): a retry would only wait as long again. */
    public static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
