package io.bulkhead.audit;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One stored audit event, as read back. {@code before}/{@code after} are canonical JSON text. {@code mac} is the
 * event's HMAC-SHA256 (hex), null only for events written before the chain was keyed.
 */
public record AuditEvent(
        long seq,
        UUID id,
        Instant occurredAt,
        String actorSubject,
        String actorName,
        String action,
        AuditOutcome outcome,
        @Nullable String targetType,
        @Nullable String targetId,
        @Nullable String team,
        @Nullable String cluster,
        @Nullable String namespace,
        @Nullable String before,
        @Nullable String after,
        @Nullable String sourceIp,
        @Nullable String userAgent,
        String prevHash,
        String hash,
        @Nullable String mac) {

    public String target() {
        if (targetType == null) {
            return "";
        }
        return targetId == null ? targetType : targetType + "/" + targetId;
    }
}
