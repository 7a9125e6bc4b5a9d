package io.bulkhead.inventory;

import java.util.List;

/**
 * Where an image runs, across every cluster the user may see.
 *
 * @param pattern the normalised lookup
 * @param usages one row per container, ordered by cluster, namespace, kind, workload, container order
 * @param truncated more workloads run the image than {@link InventoryQueries#MAX_USAGE_WORKLOADS}: narrow it down
 */
public record ImageUsages(ImagePattern pattern, List<ImageUsage> usages, boolean truncated) {
    public ImageUsages {
        usages = List.copyOf(usages);
    }

    /** Number of distinct workloads in {@link #usages()}. */
    public long workloads() {
        return usages.stream()
                .map(u -> u.cluster() + "/" + u.namespace() + "/" + u.kind() + "/" + u.workload())
                .distinct()
                .count();
    }
}
