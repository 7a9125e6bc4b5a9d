package io.bulkhead.audit;

import io.bulkhead.audit.internal.AuditChainer;
import io.bulkhead.audit.internal.AuditStore;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
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
 * with the audit key, which the database does not hold. Writers only stage events in their own transactions;
 * {@link AuditChainer} links the committed ones onto the chain in batches under the chain head's lock, so concurrent
 * writers never fork the chain and never wait on one another's transactions. The actor is the signed-in user (or the system when
 * nobody is); the origin (IP, user agent) comes from the current HTTP request when there is one.
 */
@Service
public class AuditTrail {

    /** How long a writer waits for its events to be chained after its commit before it goes on regardless. */
    static final java.time.Duration CHAIN_WAIT = java.time.Duration.ofSeconds(30);

    private final AuditStore store;
    private final CurrentUsers users;
    private final Clock clock;
    private final TransactionTemplate independent;
    private final AuditChainer chainer;
    private final ApplicationEventPublisher events;

    AuditTrail(
            AuditStore store,
            AuditChainer chainer,
            CurrentUsers users,
            Clock clock,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.chainer = chainer;
        this.users = users;
        this.clock = clock;
        this.independent = new TransactionTemplate(transactions);
        this.independent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Appends within the caller's transaction: if the change rolls back, so does its event. The event is staged in
     * that transaction and linked onto the chain right after it commits, before the caller's transactional method
     * returns; concurrent writers do not wait for one another's transactions.
     */
    @Transactional
    public void record(AuditEntry entry) {
        record(users.find().orElse(CurrentUser.SYSTEM), entry);
    }

    @Transactional
    public void record(CurrentUser actor, AuditEntry entry) {
        stage(actor, entry, currentOrigin());
    }

    /**
     * Appends several events for one actor in one transaction, in list order (imports and bulk changes; the
     * benchmark seeds with it). The same chain, MACs and checks as {@link #record(CurrentUser, AuditEntry)}.
     */
    @Transactional
    public void recordAll(CurrentUser actor, List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Origin origin = currentOrigin();
        var now = clock.instant();
        store.stageAll(actor.subject(), actor.displayName(), entries, origin.ip(), origin.userAgent(), now);
        chainAfterCommit();
        entries.forEach(e -> events.publishEvent(new AuditRecorded(e, actor.subject(), actor.displayName(), now)));
    }

    /** Appends in a transaction of its own: for events that must stay even when the caller fails (denials). */
    public void recordIndependently(CurrentUser actor, AuditEntry entry, @Nullable Origin origin) {
        Origin from = origin != null ? origin : currentOrigin();
        independent.executeWithoutResult(s -> stage(actor, entry, from));
    }

    private void stage(CurrentUser actor, AuditEntry entry, Origin origin) {
        var now = clock.instant();
        store.stage(actor.subject(), actor.displayName(), entry, origin.ip(), origin.userAgent(), now);
        chainAfterCommit();
        events.publishEvent(new AuditRecorded(entry, actor.subject(), actor.displayName(), now));
    }

    private void chainAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            chainer.chainCommitted(CHAIN_WAIT);
        } else if (TransactionSynchronizationManager.getSynchronizations().stream()
                .noneMatch(Staged.class::isInstance)) {
            TransactionSynchronizationManager.registerSynchronization(new Staged(chainer));
        }
    }

    /**
     * The events a transaction staged (synchronizations belong to one transaction): chained after it commits. If
     * chaining fails then (the database went away), they stay staged and the periodic sweep chains them.
     */
    private static final class Staged implements TransactionSynchronization {
        private final AuditChainer chainer;

        Staged(AuditChainer chainer) {
            this.chainer = chainer;
        }

        @Override
        public void afterCommit() {
            chainer.chainCommitted(CHAIN_WAIT);
        }
    }

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
