package io.bulkhead.webhooks.internal;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.AuditRecorded;
import io.bulkhead.compliance.ScoreChanged;
import io.bulkhead.webhooks.PortalEvent;
import io.bulkhead.webhooks.PortalEventType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns what the audit trail records (and score changes) into {@link PortalEvent}s, once the change is committed,
 * and publishes them for webhooks and e-mail. The services publish nothing themselves: the audit entry is the
 * event. A failure here never touches the change that caused it (it is committed already); it is logged.
 */
@Component
class EventTranslator {
    private static final Logger log = LoggerFactory.getLogger(EventTranslator.class);
    private final ApplicationEventPublisher events;

    EventTranslator(ApplicationEventPublisher events) {
        this.events = events;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onAudited(AuditRecorded r) {
        Optional<PortalEvent> e;
        try {
            e = translate(r);
        } catch (RuntimeException ex) {
            log.warn(
                    "Could not translate audit event {} for notifications: {}",
                    r.entry().action(),
                    ex.toString());
            return;
        }
        e.ifPresent(this::publish);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onScoreChanged(ScoreChanged c) {
        if (c.current().score().compareTo(c.previous()) >= 0) {
            return;
        }
        var s = c.current();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("score", s.score());
        data.put("previousScore", c.previous());
        data.put("failed", s.failed());
        data.put("tier", s.tier());
        publish(new PortalEvent(
                UUID.randomUUID(),
                PortalEventType.SCORE_DROPPED,
                s.computedAt(),
                s.team(),
                s.cluster(),
                s.namespace(),
                "namespace",
                s.namespaceId().toString(),
                "Bulkhead",
                "The compliance score of " + s.cluster() + "/" + s.namespace() + " (team " + s.team()
                        + ") dropped from " + c.previous().toPlainString() + " to "
                        + s.score().toPlainString() + ".",
                data));
    }

    private void publish(PortalEvent e) {
        try {
            events.publishEvent(e);
        } catch (RuntimeException ex) {
            log.warn("Notifications of {} {} failed: {}", e.type(), e.id(), ex.toString());
        }
    }

    /** The portal event an audit entry stands for, if it is one people are notified of. */
    static Optional<PortalEvent> translate(AuditRecorded r) {
        AuditEntry a = r.entry();
        Map<String, ?> after = a.after() == null ? Map.of() : a.after();
        String where = a.cluster() + "/" + a.namespace();
        String team = a.team() == null ? "" : " (team " + a.team() + ")";
        boolean ok = a.outcome() == AuditOutcome.SUCCESS;
        PortalEventType type = null;
        String summary = null;
        switch (a.action()) {
            case "namespace.requested" -> {
                if (ok && "REQUESTED".equals(str(after.get("state")))) {
                    type = PortalEventType.APPROVAL_NEEDED;
                    summary = "Namespace " + where + team + " was requested by " + r.actorName()
                            + " and waits for review.";
                }
            }
            case "exception.requested" -> {
                if (ok) {
                    type = PortalEventType.APPROVAL_NEEDED;
                    summary = r.actorName() + " requests an exception for " + where + team + "; it waits for review.";
                }
            }
            case "namespace.approved", "namespace.rejected" -> {
                if (ok && !"automatic".equals(str(after.get("by")))) {
                    type = PortalEventType.DECIDED;
                    summary = "Namespace " + where + team + " was "
                            + (a.action().endsWith("approved") ? "approved" : "rejected") + " by " + r.actorName()
                            + ".";
                }
            }
            case "exception.approved" -> {
                if (ok && "APPROVED".equals(str(after.get("state")))) {
                    type = PortalEventType.DECIDED;
                    summary = "The exception for " + where + team + " was approved by " + r.actorName() + ".";
                }
            }
            case "exception.rejected" -> {
                if (ok) {
                    type = PortalEventType.DECIDED;
                    summary = "The exception for " + where + team + " was rejected by " + r.actorName() + ".";
                }
            }
            case "exception.expiry-reminded" -> {
                boolean oneDay = "1".equals(str(after.get("days")));
                type = oneDay ? PortalEventType.EXCEPTION_EXPIRING_1D : PortalEventType.EXCEPTION_EXPIRING_7D;
                summary = "The exception for " + where + team + " expires in " + (oneDay ? "1 day" : "7 days or less")
                        + " (at " + str(after.get("expiresAt")) + ").";
            }
            case "exception.expired" -> {
                type = PortalEventType.EXCEPTION_EXPIRED;
                summary = "The exception for " + where + team + " has expired; the namespace is back to its tier.";
            }
            case "namespace.drift-repaired" -> {
                type = PortalEventType.DRIFT_REPAIRED;
                summary = "Bulkhead repaired drift in " + where + team
                        + ": objects changed in the cluster were put back.";
            }
            case "namespace.quarantined" -> {
                type = PortalEventType.QUARANTINED;
                summary = "Namespace " + where + team + " was quarantined by " + r.actorName()
                        + ": all its traffic is denied and the team's write access suspended. Reason: "
                        + str(after.get("reason"));
            }
            case "namespace.released" -> {
                type = PortalEventType.RELEASED;
                summary = "Namespace " + where + team + " was released from quarantine by " + r.actorName()
                        + " and is restored as it was. Reason: " + str(after.get("reason"));
            }
            case "namespace.provisioning-failed" -> {
                type = PortalEventType.PROVISIONING_FAILED;
                summary = "Provisioning of " + where + team + " failed"
                        + (after.get("reason") == null ? "." : ": " + str(after.get("reason")));
            }
            default -> {}
        }
        if (type == null) {
            return Optional.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", a.action());
        after.forEach((k, v) -> {
            if (v != null) {
                data.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v));
            }
        });
        return Optional.of(new PortalEvent(
                UUID.randomUUID(),
                type,
                r.at(),
                a.team(),
                a.cluster(),
                a.namespace(),
                a.targetType(),
                a.targetId(),
                r.actorName(),
                summary,
                data));
    }

    private static String str(@Nullable Object o) {
        return o == null ? "" : o.toString();
    }
}
