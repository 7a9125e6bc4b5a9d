package io.bulkhead.exceptions.internal;

import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.provisioning.Exemption;
import io.bulkhead.provisioning.ExemptionSource;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The exemptions provisioning renders: the cluster change (mechanism) of each exception in force whose end is still
 * ahead by the injected clock, so an exception past its end renders closed even before the expiry task has marked
 * it. Exceptions that need no cluster change render nothing.
 */
@Component
class ActiveExemptions implements ExemptionSource {
    private final ExceptionStore store;
    private final Clock clock;

    ActiveExemptions(ExceptionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public List<Exemption> activeFor(UUID namespaceId) {
        return activeFor(List.of(namespaceId)).getOrDefault(namespaceId, List.of());
    }

    @Override
    public java.util.Map<UUID, List<Exemption>> activeFor(java.util.Collection<UUID> namespaceIds) {
        java.util.Map<UUID, List<Exemption>> m = new java.util.HashMap<>();
        store.inForce(namespaceIds, clock.instant()).stream()
                .filter(e -> e.clusterMechanism().changesCluster())
                .forEach(e -> m.computeIfAbsent(e.namespaceId(), k -> new java.util.ArrayList<>())
                        .add(exemption(e)));
        return m;
    }

    static Exemption exemption(PolicyException e) {
        return new Exemption(
                e.mechanism(),
                e.mechanismValue(),
                e.reference(),
                e.scope() == ExceptionScope.WORKLOADS ? e.workloads() : List.of());
    }
}
