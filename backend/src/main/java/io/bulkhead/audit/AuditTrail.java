package io.bulkhead.audit;

import io.bulkhead.audit.internal.AuditKeys;
import io.bulkhead.audit.internal.AuditStore;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records audit events. Each event is chained to the previous one by a SHA-256 hash and carries an HMAC-SHA256 made
 * with the audit key, which the database does not hold; appends are serialized on the chain head so concurrent
 * writers never fork the chain. The actor is the signed-in user (or the system when
 * nobody is); the origin (IP, user agent) comes from the current HTTP request when there is one.
 */
@Service
public class AuditTrail {

    private final AuditStore store;
    private final AuditKeys keys;
    private final CurrentUsers users;
    private final Clock clock;
    private final TransactionTemplate independent;

    AuditTrail(
            AuditStore store,
            AuditKeys keys,
            CurrentUsers users,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.keys = keys;
        this.users = users;
        this.clock = clock;
        this.independent = new TransactionTemplate(transactions);
        this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Appends within the caller's transaction: if the change rolls back, so does its event. */
    @Transactional
    public AuditEvent record(AuditEntry entry) {
        return record(users.find().orElse(CurrentUser.SYSTEM), entry);
    }

    @Transactional
    public AuditEvent record(CurrentUser actor, AuditEntry entry) {
        return append(actor, entry, currentOrigin());
    }

    /**
     * Appends in a transaction of its own: for events that must stay even when the caller fails (denials). When
     * the caller's transaction has already recorded an event, it holds the chain head until it ends, so a
     * transaction of its own would wait for it forever: then the event is written right after the caller's
     * transaction ends, committed or rolled back.
     */
    public void recordIndependently(CurrentUser actor, AuditEntry entry, @Nullable Origin origin) {
        Origin from = origin != null ? origin : currentOrigin();
        if (holdsChainHead()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    independent.executeWithoutResult(s -> append(actor, entry, from));
                }
            });
        } else {
            independent.executeWithoutResult(s -> append(actor, entry, from));
        }
    }

    private AuditEvent append(CurrentUser actor, AuditEntry entry, Origin origin) {
        AuditEvent event = store.append(
                keys.requireMac(),
                actor.subject(),
                actor.displayName(),
                entry,
                origin.ip(),
                origin.userAgent(),
                clock.instant());
        if (TransactionSynchronizationManager.isSynchronizationActive() && !holdsChainHead()) {
            TransactionSynchronizationManager.registerSynchronization(new ChainHeadHeld());
        }
        return event;
    }

    /** Whether the current transaction has appended, and so holds the chain head's row lock until it ends. */
    private static boolean holdsChainHead() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.getSynchronizations().stream()
                        .anyMatch(ChainHeadHeld.class::isInstance);
    }

    /** Marks a transaction that holds the chain head (synchronizations belong to one transaction). */
    private static final class ChainHeadHeld implements TransactionSynchronization {}

    /** Where a request came from. */
    public record Origin(@Nullable String ip, @Nullable String userAgent) {
        public static final Origin NONE = new Origin(null, null);

        public static Origin of(HttpServletRequest request) {
            String ua = request.getHeader("User-Agent");
            if (ua != null && ua.length() > 500) {
                ua = ua.substring(0, 500);
            }
            return new Origin(request.getRemoteAddr(), ua);
        }
    }

    static Origin currentOrigin() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            return Origin.of(attrs.getRequest());
        }
        return Origin.NONE;
    }
}
