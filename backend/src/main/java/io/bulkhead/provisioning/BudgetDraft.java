package io.bulkhead.provisioning;

import org.jspecify.annotations.Nullable;

/**
 * A team budget as an admin enters it; a blank amount means no limit on that resource.
 *
 * @param cpu Kubernetes quantity of CPU (e.g. {@code 16} or {@code 500m})
 * @param memory Kubernetes quantity of memory (e.g. {@code 32Gi})
 * @param storage Kubernetes quantity of storage (e.g. {@code 1Ti})
 * @param namespaces how many namespaces (0–10000)
 */
public record BudgetDraft(
        @Nullable String team,
        @Nullable String cluster,
        @Nullable String cpu,
        @Nullable String memory,
        @Nullable String storage,
        @Nullable Integer namespaces) {}
