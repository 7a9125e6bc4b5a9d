package io.bulkhead.provisioning;

import io.bulkhead.provisioning.internal.OwnedObjectWatcher;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The watches that repair drift within seconds: per cluster, informers on every object Bulkhead owns there; a change
 * by someone else reconciles that namespace at once (see {@code OwnedObjectWatcher}). For the portal's own
 * per-cluster lifecycle (started where the cluster's inventory watch is started); no user calls these.
 */
@Service
public class DriftWatches {
    private final OwnedObjectWatcher watcher;

    DriftWatches(OwnedObjectWatcher watcher) {
        this.watcher = watcher;
    }

    /** Starts watching the cluster's owned objects (no-op while they are watched). Throws when it has no client. */
    public void startCluster(String cluster) {
        watcher.startCluster(cluster);
    }

    /** Stops watching the cluster's owned objects. */
    public void stopCluster(String cluster) {
        watcher.stopCluster(cluster);
    }

    /** The clusters watched now. */
    public Set<String> clusters() {
        return watcher.clusters();
    }

    /** True when the cluster's watches have been through their initial list. */
    public boolean synced(String cluster) {
        return watcher.synced(cluster);
    }
}
