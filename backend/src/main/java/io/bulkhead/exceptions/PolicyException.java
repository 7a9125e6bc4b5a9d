package io.bulkhead.exceptions;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An exception as stored: the request, where it is in its life, and when it ends. */
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
        Instant updatedAt) {

    public PolicyException {
        workloads = List.copyOf(workloads);
    }

    /** A short reference for labels and messages (the id's first 8 hex digits). */
    public String reference() {
        return id.toString().substring(0, 8);
    }
}
