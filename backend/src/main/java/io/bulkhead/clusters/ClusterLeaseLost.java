package io.bulkhead.clusters;

/**
 * This replica no longer owns {@code cluster} (handed over, expired, or shutting down): stop everything it runs
 * for it. Its writes to the cluster are refused from now on ({@link ClusterOwnership#fence}).
 */
public record ClusterLeaseLost(String cluster, String reason) {}
