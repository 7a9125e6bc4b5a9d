package io.bulkhead.clusters;

/**
 * This replica now owns {@code cluster}: start its informers (from a fresh LIST), reconcile passes and inventory
 * writes. {@code token} is the fencing token of this ownership (higher than any earlier owner's).
 */
public record ClusterLeaseAcquired(String cluster, long token) {}
