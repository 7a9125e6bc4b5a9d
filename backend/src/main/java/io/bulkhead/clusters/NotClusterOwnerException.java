package io.bulkhead.clusters;

/**
 * Work or a write for a cluster this replica does not own (another replica holds its lease, or this replica's
 * lease was taken over). Not an error of the request: the work belongs on the owner, and is retried there.
 */
public class NotClusterOwnerException extends RuntimeException {
    private final String cluster;

    public NotClusterOwnerException(String cluster, String detail) {
        super("Cluster " + cluster + " is not owned by this replica: " + detail);
        this.cluster = cluster;
    }

    public String cluster() {
        return cluster;
    }
}
