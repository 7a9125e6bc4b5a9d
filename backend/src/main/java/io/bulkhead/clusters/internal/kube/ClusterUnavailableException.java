package io.bulkhead.clusters.internal.kube;

/** A cluster cannot be reached or used right now; the message says why and what to do. */
public class ClusterUnavailableException extends RuntimeException {
    public ClusterUnavailableException(String message) {
        super(message);
    }

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
