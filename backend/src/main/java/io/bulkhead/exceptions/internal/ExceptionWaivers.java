package io.bulkhead.exceptions.internal;

import io.bulkhead.compliance.Waiver;
import io.bulkhead.compliance.Waivers;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The findings compliance shows as waived: for each exception in force (and not past its end by the injected
 * clock), exactly the findings of its control in its scope — never more because of how the cluster change is made.
 */
@Component
class ExceptionWaivers implements Waivers {
    private final ExceptionStore store;
    private final Clock clock;

    ExceptionWaivers(ExceptionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Map<UUID, Set<Waiver>> active(Collection<UUID> namespaceIds) {
        Map<UUID, Set<Waiver>> out = new HashMap<>();
        store.inForce(namespaceIds, clock.instant())
                .forEach(e -> out.computeIfAbsent(e.namespaceId(), k -> new LinkedHashSet<>())
                        .addAll(e.waivers()));
        return out;
    }
}
