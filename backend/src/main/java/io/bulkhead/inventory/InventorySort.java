package io.bulkhead.inventory;

/**
 * Sort order of the inventory listing; ties are always broken by cluster, namespace, kind and name, so pages are
 * stable.
 */
public record InventorySort(Field field, boolean descending) {

    /** Cluster, namespace, kind, name (ascending). */
    public static final InventorySort DEFAULT = new InventorySort(Field.CLUSTER, false);

    public enum Field {
        CLUSTER,
        TEAM,
        NAMESPACE,
        KIND,
        NAME,
        OBSERVED
    }
}
