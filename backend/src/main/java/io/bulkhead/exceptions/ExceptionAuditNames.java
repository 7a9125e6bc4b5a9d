package io.bulkhead.exceptions;

import io.bulkhead.audit.AuditTargetNames;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.exceptions.internal.ExceptionStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Names exceptions in the audit trail by their control, as the findings name it, and their namespace: "Exception:
 * CPU and memory limits set · payments-web on local". One query for a page of events.
 */
@Component
class ExceptionAuditNames implements AuditTargetNames {
    private final ExceptionStore store;
    private final Compliance compliance;

    ExceptionAuditNames(ExceptionStore store, Compliance compliance) {
        this.store = store;
        this.compliance = compliance;
    }

    @Override
    public String targetType() {
        return "exception";
    }

    @Override
    public Map<String, String> names(Collection<String> targetIds) {
        List<UUID> ids = targetIds.stream()
                .map(ExceptionAuditNames::uuid)
                .flatMap(Optional::stream)
                .toList();
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        var catalog = compliance.controls();
        for (PolicyException e : store.findAll(ids)) {
            out.put(
                    e.id().toString(),
                    "Exception: " + Controls.title(e.control(), catalog) + " · " + e.namespace() + " on "
                            + e.cluster());
        }
        return out;
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
