package io.bulkhead.inventory.internal;

import io.bulkhead.inventory.NamespaceObservation;
import io.bulkhead.inventory.WorkloadFacts;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes inventory rows straight into the database for the recompute benchmark, through the inventory's own writer
 * ({@link InventoryStore#apply}) and its own pod-spec mapper ({@link PodTemplates#facts}): the rows are the ones a
 * LIST sync of the same pods writes, without the hours of API-server seeding. Lives in the inventory's package
 * because the mapper is package-private; it is bench code, not part of the product.
 */
public final class BenchInventorySeed {

    private BenchInventorySeed() {}

    /** Rows for one namespace's pods (bare pods, kind Pod) and its observation (no labels, {@code default} SA). */
    public static void write(InventoryStore store, String cluster, String namespace, List<Pod> pods, int version) {
        Instant now = Instant.now();
        List<InventoryStore.Change> changes = new ArrayList<>(pods.size());
        int i = 0;
        for (Pod p : pods) {
            String name = p.getMetadata().getName();
            changes.add(new InventoryStore.Change(
                    cluster,
                    new InventoryStore.Key(namespace, "Pod", name),
                    new WorkloadFacts(
                            cluster,
                            namespace,
                            "Pod",
                            name,
                            namespace + "-" + name,
                            Integer.toString(version * 1000 + i++),
                            PodTemplates.facts(p.getMetadata(), p.getSpec()),
                            now)));
        }
        store.apply(changes);
        store.upsertAll(
                cluster,
                List.of(new NamespaceObservation(
                        cluster,
                        namespace,
                        Map.of(),
                        List.of(),
                        List.of(),
                        false,
                        false,
                        Map.of("default", false),
                        now)));
    }
}
