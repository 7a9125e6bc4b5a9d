package io.bulkhead.clusters.internal.kube;

/**
 * The API server could not be reached or answered with an error while a client was being made; the message says
 * what happened (see {@link KubeFailures}) and carries no credential material.
 */
public class ClusterUnreachableException extends ClusterUnavailableException {
    public ClusterUnreachableException(String message) {
        super(message);
    }
}
