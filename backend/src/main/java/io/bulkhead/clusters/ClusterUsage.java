package io.bulkhead.clusters;

/**
 * How many live namespaces a cluster still carries, told to this feature by the feature that manages them
 * (provisioning implements it; clusters cannot depend on provisioning).
 */
public interface ClusterUsage {

    /** Namespaces on {@code cluster} that are neither deleted nor rejected. */
    int liveNamespaces(String cluster);
}
