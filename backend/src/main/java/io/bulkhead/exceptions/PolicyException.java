package io.bulkhead.exceptions;

import io.bulkhead.compliance.Waiver;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An exception as stored: the request, where it is in its life, and when it ends.
 *
 * @param control the compliance control as the findings name it (or {@code egress} / {@code quota}; exceptions
 *     from before this model may still name a mechanism, e.g. {@code psa-level})
 * @param workloadKind with a workloads scope: their kind, null = any kind of those names
 * @param container with one workload: the one container covered, null = every container
 * @param mechanism the cluster change Bulkhead maps the control to, fixed when requested ({@link Controls.Mechanism})
 */
public record PolicyException(
        UUID id,
        UUID namespaceId,
        String team,
        String cluster,
        String namespace,
        String tier,
        String control,
        @Nullable String value,
        ExceptionScope scope,
        List<String> workloads,
        String justification,
        @Nullable String ticketUrl,
        int durationDays,
        ExceptionState state,
        String requestedBy,
        String requestedByName,
        Instant requestedAt,
        int approvalsRequired,
        int approvals,
        @Nullable Instant activatedAt,
        @Nullable Instant expiresAt,
        @Nullable Instant closedAt,
        @Nullable String closedReason,
        @Nullable UUID renewalOf,
        int version,
        Instant updatedAt,
        @Nullable String workloadKind,
        @Nullable String container,
        String mechanism,
        @Nullable String mechanismValue) {

    public PolicyException {
        workloads = List.copyOf(workloads);
    }

    /** The cluster change this exception makes while in force. */
    public Controls.Mechanism clusterMechanism() {
        return new Controls.Mechanism(mechanism, mechanismValue);
    }

    /**
     * The findings this exception waives while in force: its control in its scope (none for egress and quota, and
     * for exceptions from before this model that name a mechanism).
     */
    public List<Waiver> waivers() {
        if (control.equals(Controls.EGRESS) || control.equals(Controls.QUOTA) || control.equals(mechanism)) {
            return List.of();
        }
        if (scope == ExceptionScope.NAMESPACE) {
            return List.of(Waiver.namespace(control));
        }
        return workloads.stream()
                .map(w -> new Waiver(control, workloadKind, w, workloads.size() == 1 ? container : null))
                .toList();
    }

    /** A short reference for labels and messages (the id's first 8 hex digits). */
    public String reference() {
        return id.toString().substring(0, 8);
    }
}
