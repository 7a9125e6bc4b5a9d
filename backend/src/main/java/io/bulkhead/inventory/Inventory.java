package io.bulkhead.inventory;

import io.bulkhead.clusters.ClusterLeaseAcquired;
import io.bulkhead.clusters.ClusterLeaseLost;
import io.bulkhead.clusters.ClusterOwnership;
import io.bulkhead.inventory.internal.ClusterFanOut;
import io.bulkhead.inventory.internal.InventoryStore;
import io.bulkhead.inventory.internal.InventorySync;
import io.bulkhead.inventory.internal.InventoryWatcher;
import io.bulkhead.provisioning.DriftWatches;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceDirectory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inventory of the namespaces Bulkhead manages, kept current by watches (fabric8 informers) with a periodic
 * LIST sync as safety net: {@link #syncAll()} runs every {@code bulkhead.inventory.sync-interval} (default 30 s); reads here are for the portal's own work (compliance):
 * they do not check the signed-in user. Users read the inventory through {@link InventoryQueries}, which scopes
 * every query to their teams.
 */
@Service
public class Inventory {
    private static final Logger log = LoggerFactory.getLogger(Inventory.class);
    private final InventorySync sync;
    private final InventoryStore store;
    private final NamespaceDirectory directory;
    private final InventoryWatcher watcher;
    private final boolean watch;
    private final DriftWatches driftWatches;
    private final boolean driftWatch;
    private final ClusterFanOut fanOut;
    private final ClusterOwnership ownership;

    Inventory(
            InventorySync sync,
            InventoryStore store,
            NamespaceDirectory directory,
            InventoryWatcher watcher,
            @Value("${bulkhead.inventory.watch:true}") boolean watch,
            DriftWatches driftWatches,
            @Value("${bulkhead.drift.watch:true}") boolean driftWatch,
            ClusterFanOut fanOut,
            ClusterOwnership ownership) {
        this.ownership = ownership;
        this.sync = sync;
        this.store = store;
        this.directory = directory;
        this.watcher = watcher;
        this.watch = watch;
        this.driftWatches = driftWatches;
        this.driftWatch = driftWatch;
        this.fanOut = fanOut;
    }

    /**
     * Starts (or refreshes) the watch of a cluster: from then on every change of a workload in one of its managed
     * namespaces reaches the inventory (and compliance) within moments, without waiting for a sync.
     */
    public void watch(String cluster) {
        if (!ownership.owns(cluster)) {
            return;
        }
        watcher.watch(cluster, liveNamespaces().getOrDefault(cluster, Set.of()));
    }

    /** True when the cluster's watch has been through its initial list and written what it found. */
    public boolean watchSynced(String cluster) {
        return watcher.synced(cluster);
    }

    private Map<String, Set<String>> liveNamespaces() {
        Map<String, Set<String>> byCluster = new TreeMap<>();
        for (ManagedNamespace ns : directory.live()) {
            byCluster.computeIfAbsent(ns.cluster(), c -> new TreeSet<>()).add(ns.name());
        }
        return byCluster;
    }

    /** Syncs one cluster's managed namespaces; returns the namespaces whose inventory changed. */
    public Set<String> sync(String cluster) {
        Set<String> namespaces = new TreeSet<>();
        for (ManagedNamespace ns : directory.live()) {
            if (ns.cluster().equals(cluster)) {
                namespaces.add(ns.name());
            }
        }
        return sync.sync(cluster, namespaces).changedNamespaces();
    }

    /**
     * Syncs every cluster with live managed namespaces (LIST, the safety net for missed events) and keeps a watch
     * on each ({@code bulkhead.inventory.watch}, default true); an unreachable cluster is skipped until the next
     * run, and watches of clusters without managed namespaces are stopped. Clusters are synced in parallel, each on
     * its own virtual thread with its own time limit ({@link ClusterFanOut}); returns once each has ended.
     */
    public void syncAll() {
        Map<String, Set<String>> byCluster = liveNamespaces();
        // only the owner of a cluster watches and writes it; the others' clusters are synced by their owners
        byCluster.keySet().removeIf(cluster -> !ownership.owns(cluster));
        Set<String> running = new TreeSet<>(watcher.clusters());
        running.addAll(driftWatches.clusters());
        for (String cluster : running) {
            if (!byCluster.containsKey(cluster)) {
                stopCluster(cluster);
            }
        }
        // every cluster at once, each isolated with its own time limit: a slow or dead one delays no other
        fanOut.run(byCluster, "Inventory sync", (cluster, namespaces) -> {
            try {
                startCluster(cluster, namespaces);
                sync.sync(cluster, namespaces);
            } catch (RuntimeException e) {
                log.warn("Inventory sync of {} failed: {}", cluster, e.getMessage());
            }
        });
    }

    /**
     * The one place where this replica starts what it runs in memory for a cluster: the workload watch
     * ({@code bulkhead.inventory.watch}) and the drift watch on Bulkhead's own objects ({@code bulkhead.drift.watch}).
     * Idempotent; called on every sync and when this replica acquires the cluster's lease; does nothing for a
     * cluster another replica owns.
     */
    void startCluster(String cluster, Set<String> namespaces) {
        if (!ownership.owns(cluster)) {
            return;
        }
        if (driftWatch) {
            try {
                driftWatches.startCluster(cluster);
            } catch (RuntimeException e) {
                log.warn("Drift watch of {} not started: {}", cluster, e.getMessage());
            }
        }
        if (watch) {
            watcher.watch(cluster, namespaces);
        }
    }

    /**
     * This replica became the owner of a cluster: its watches start from a fresh LIST and one sync writes what
     * the previous owner may have missed.
     */
    @EventListener
    void onLeaseAcquired(ClusterLeaseAcquired acquired) {
        String cluster = acquired.cluster();
        Set<String> namespaces = liveNamespaces().getOrDefault(cluster, Set.of());
        try {
            startCluster(cluster, namespaces);
            if (!namespaces.isEmpty()) {
                sync.sync(cluster, namespaces);
            }
        } catch (RuntimeException e) {
            log.warn("Start of cluster {} after its lease was acquired failed: {}", cluster, e.getMessage());
        }
    }

    /** Another replica owns the cluster now (or this one stops): its watches stop here. */
    @EventListener
    void onLeaseLost(ClusterLeaseLost lost) {
        stopCluster(lost.cluster());
    }

    /** Stops everything {@link #startCluster} started for a cluster. */
    void stopCluster(String cluster) {
        watcher.stop(cluster);
        driftWatches.stopCluster(cluster);
    }

    /** The workloads of one namespace of a cluster. */
    @Transactional(readOnly = true)
    public List<WorkloadFacts> workloads(String cluster, String namespace) {
        return store.workloads(cluster, List.of(namespace)).getOrDefault(namespace, List.of());
    }

    /** The workloads of many namespaces of a cluster, by namespace (one query). */
    @Transactional(readOnly = true)
    public Map<String, List<WorkloadFacts>> workloads(String cluster, java.util.Collection<String> namespaces) {
        return store.workloads(cluster, namespaces);
    }

    /** What was observed of many namespaces of a cluster, by namespace (one query). */
    @Transactional(readOnly = true)
    public Map<String, NamespaceObservation> namespaces(String cluster, java.util.Collection<String> namespaces) {
        return store.namespaces(cluster, namespaces);
    }
}
