package io.bulkhead.inventory;

import java.util.Set;

/** Published after a sync wrote changes: the namespaces of {@code cluster} whose inventory changed. */
public record InventoryChanged(String cluster, Set<String> namespaces) {
    public InventoryChanged {
        namespaces = Set.copyOf(namespaces);
    }
}
