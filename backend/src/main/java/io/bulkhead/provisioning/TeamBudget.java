package io.bulkhead.provisioning;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A team's quota budget in one cluster: how much its live namespaces there may hold together. A null amount means
 * no limit on that resource.
 *
 * @param cpu the sum of the namespaces' {@code requests.cpu} (a Kubernetes quantity, e.g. {@code 16})
 * @param memory the sum of their {@code requests.memory} (e.g. {@code 32Gi})
 * @param storage the sum of their {@code requests.storage} (e.g. {@code 500Gi})
 * @param namespaces how many live namespaces the team may have in the cluster
 */
public record TeamBudget(
        String team,
        String cluster,
        @Nullable String cpu,
        @Nullable String memory,
        @Nullable String storage,
        @Nullable Integer namespaces,
        String updatedByName,
        Instant updatedAt) {}
