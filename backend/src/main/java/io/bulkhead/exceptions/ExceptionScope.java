package io.bulkhead.exceptions;

/**
 * What an exception covers: the whole namespace, or named workloads. Workloads are chosen by their own name, never
 * by labels: labels are set by the tenant and would let it widen the hole by itself.
 */
public enum ExceptionScope {
    NAMESPACE,
    WORKLOADS
}
