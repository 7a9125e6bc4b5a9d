package io.bulkhead.changes;

/**
 * A running workload the change would affect: the compliance engine's finding with the target tier's profile.
 *
 * @param workload e.g. {@code Deployment/web}
 * @param control the control that would fail
 * @param message what is wrong and how to fix it
 */
public record WorkloadImpact(String workload, String control, String message) {}
