package io.bulkhead.clusters;

/**
 * An admin asked for an immediate re-sync of a cluster: the reconciler re-applies its namespaces and the inventory
 * re-lists it now instead of at their next periodic pass. Published after the request is audited.
 */
public record ClusterResyncRequested(String cluster) {}
