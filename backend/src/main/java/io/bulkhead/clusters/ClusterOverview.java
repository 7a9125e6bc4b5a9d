package io.bulkhead.clusters;

/**
 * A cluster as the admin's cluster screen shows it.
 *
 * @param cluster status, reason and connection
 * @param capabilities what its API server offers the tiers
 * @param liveNamespaces namespaces Bulkhead manages on it that are not deleted or rejected (removal needs none)
 */
public record ClusterOverview(ClusterSummary cluster, ClusterCapabilities capabilities, int liveNamespaces) {}
