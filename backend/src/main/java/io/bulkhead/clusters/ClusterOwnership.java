package io.bulkhead.clusters;

import io.bulkhead.clusters.internal.LeaseManager;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which replica owns which cluster. Each registered cluster is owned by exactly one replica at a time through a
 * lease with a fencing token in PostgreSQL; only the owner runs the cluster's informers, reconcile passes and
 * inventory writes. Ownership changes are published as {@link ClusterLeaseAcquired} and {@link ClusterLeaseLost}.
 */
@Service
public class ClusterOwnership {
    private final LeaseManager leases;

    ClusterOwnership(LeaseManager leases) {
        this.leases = leases;
    }

    /** This replica's id ({@code BULKHEAD_REPLICA_ID}, default host name and process id). */
    public String replicaId() {
        return leases.replicaId();
    }

    /**
     * True when this replica owns {@code cluster}; a cluster nobody owns is taken on the spot when this replica is
     * below its fair share.
     */
    public boolean owns(String cluster) {
        return leases.owns(cluster);
    }

    /** As {@link #owns}, else a {@link NotClusterOwnerException} (the caller's work is retried on the owner). */
    public void requireOwner(String cluster) {
        if (!owns(cluster)) {
            throw new NotClusterOwnerException(
                    cluster, "owned by " + leases.owners().getOrDefault(cluster, "nobody"));
        }
    }

    /**
     * The fencing check of a write for {@code cluster}, in the caller's transaction: passes only while this replica
     * still holds the lease with the token it acquired, and keeps the lease row share-locked until the transaction
     * ends, so a takeover cannot commit in between. A stale owner gets a {@link NotClusterOwnerException} and its
     * transaction rolls back.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void fence(String cluster) {
        leases.fence(cluster);
    }

    /** The clusters this replica owns now. */
    public Set<String> owned() {
        return leases.owned();
    }

    /** Every live lease: cluster → replica id. */
    public Map<String, String> owners() {
        return leases.owners();
    }
}
