package io.bulkhead.inventory;

import io.bulkhead.inventory.internal.InventoryStore;
import io.bulkhead.inventory.internal.InventorySync;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inventory of the namespaces Bulkhead manages. {@link #syncAll()} runs periodically
 * ({@code bulkhead.inventory.sync-interval}, default 30 s); reads here are for the portal's own work (compliance):
 * they do not check the signed-in user.
 */
@Service
public class Inventory {
    private static final Logger log = LoggerFactory.getLogger(Inventory.class);
    private final InventorySync sync;
    private final InventoryStore store;
    private final NamespaceDirectory directory;

    Inventory(InventorySync sync, InventoryStore store, NamespaceDirectory directory) {
        this.sync = sync;
        this.store = store;
        this.directory = directory;
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

    /** Syncs every cluster with live managed namespaces; an unreachable cluster is skipped until the next run. */
    public void syncAll() {
        Map<String, Set<String>> byCluster = new TreeMap<>();
        for (ManagedNamespace ns : directory.live()) {
            byCluster.computeIfAbsent(ns.cluster(), c -> new TreeSet<>()).add(ns.name());
        }
        byCluster.forEach((cluster, namespaces) -> {
            try {
                sync.sync(cluster, namespaces);
            } catch (RuntimeException e) {
                log.warn("Inventory sync of {} failed: {}", cluster, e.getMessage());
            }
        });
    }

    @Transactional(readOnly = true)
    public List<WorkloadFacts> workloads(String cluster, String namespace) {
        return store.workloads(cluster, namespace);
    }

    @Transactional(readOnly = true)
    public Optional<NamespaceObservation> namespace(String cluster, String namespace) {
        return store.namespace(cluster, namespace);
    }
}
