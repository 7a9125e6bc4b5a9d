package io.bulkhead.exceptions.internal;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.exceptions.ExceptionState;
import io.bulkhead.exceptions.Notification;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.provisioning.ExemptionsChanged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends exceptions whose time is up (marks them Expired, audits, and has the namespace re-reconciled so the hole
 * closes), and sends the reminders 7 days and 1 day before the end. Runs as the system; time from the injected
 * {@link Clock}. Every change is guarded (optimistic lock, "not yet reminded"), so replicas may run it concurrently.
 */
@Component
public class ExceptionExpiry {
    private final ExceptionStore store;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    private final io.bulkhead.compliance.Compliance compliance;

    ExceptionExpiry(
            ExceptionStore store,
            AuditTrail audit,
            Clock clock,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            io.bulkhead.compliance.Compliance compliance) {
        this.compliance = compliance;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
        this.tx = tx;
    }

    /** Expires every exception whose end has passed; returns how many. */
    public int expireDue() {
        int n = 0;
        for (UUID id : store.due(clock.instant())) {
            if (expire(id)) {
                n++;
            }
        }
        return n;
    }

    /** Expires one exception if its end has passed and it is still in force; true if this call expired it. */
    public boolean expire(UUID id) {
        Boolean done = tx.execute(s -> {
            PolicyException e = store.find(id).orElse(null);
            Instant now = clock.instant();
            if (e == null
                    || !e.state().inForce()
                    || e.expiresAt() == null
                    || e.expiresAt().isAfter(now)) {
                return false;
            }
            if (!store.transition(
                    id,
                    e.version(),
                    ExceptionState.EXPIRED,
                    e.approvals(),
                    e.activatedAt(),
                    e.expiresAt(),
                    "Expired",
                    now)) {
                return false;
            }
            audit.record(
                    CurrentUser.SYSTEM,
                    entry("exception.expired", e)
                            .change(
                                    Map.of("state", e.state().name()),
                                    Map.of(
                                            "state",
                                            "EXPIRED",
                                            "expiresAt",
                                            e.expiresAt().toString())));
            store.notifySubject(
                    e.requestedBy(),
                    "Your exception (" + io.bulkhead.exceptions.Controls.title(e.control(), compliance.controls())
                            + ") for " + e.cluster() + "/" + e.namespace()
                            + " has expired; the namespace is back to its tier. Request a renewal if still needed.",
                    "exceptions/" + id,
                    now);
            events.publishEvent(new ExemptionsChanged(e.namespaceId()));
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /** Sends the 7-day and 1-day reminders that are due; returns how many were sent. */
    public int remind() {
        Integer sent = tx.execute(s -> {
            Instant now = clock.instant();
            int n = 0;
            for (boolean oneDay : new boolean[] {false, true}) {
                Duration ahead = Duration.ofDays(oneDay ? 1 : 7);
                for (PolicyException e : store.needingReminder(now.plus(ahead), oneDay)) {
                    if (oneDay == false
                            && e.expiresAt() != null
                            && !e.expiresAt().isAfter(now.plus(Duration.ofDays(1)))) {
                        // within a day already: the 1-day reminder says it; do not send both
                        store.markReminded(e.id(), false, now);
                        continue;
                    }
                    if (store.markReminded(e.id(), oneDay, now)) {
                        audit.record(
                                CurrentUser.SYSTEM,
                                entry("exception.expiry-reminded", e)
                                        .change(
                                                null,
                                                Map.of(
                                                        "days",
                                                        oneDay ? 1 : 7,
                                                        "expiresAt",
                                                        String.valueOf(e.expiresAt()))));
                        store.notifySubject(
                                e.requestedBy(),
                                "Your exception ("
                                        + io.bulkhead.exceptions.Controls.title(e.control(), compliance.controls())
                                        + ") for " + e.cluster() + "/" + e.namespace()
                                        + " expires in " + (oneDay ? "1 day" : "7 days or less") + " (at "
                                        + Notification.textTime(e.expiresAt()) + ").",
                                "exceptions/" + e.id(),
                                now);
                        n++;
                    }
                }
            }
            return n;
        });
        return sent == null ? 0 : sent;
    }

    private static AuditEntry entry(String action, PolicyException e) {
        return AuditEntry.of(action)
                .target("exception", e.id().toString())
                .team(e.team())
                .location(e.cluster(), e.namespace());
    }
}
