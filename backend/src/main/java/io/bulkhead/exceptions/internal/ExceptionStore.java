package io.bulkhead.exceptions.internal;

import static io.bulkhead.db.jooq.Tables.EXCEPTION_DECISION;
import static io.bulkhead.db.jooq.Tables.NOTIFICATION;
import static io.bulkhead.db.jooq.Tables.NOTIFICATION_READ;
import static io.bulkhead.db.jooq.Tables.POLICY_EXCEPTION;

import io.bulkhead.db.jooq.tables.records.PolicyExceptionRecord;
import io.bulkhead.exceptions.ExceptionDebt;
import io.bulkhead.exceptions.ExceptionDecision;
import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.ExceptionState;
import io.bulkhead.exceptions.Notification;
import io.bulkhead.exceptions.PolicyException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/** jOOQ access to exceptions, reviewers' decisions and in-app notifications. */
@Repository
public class ExceptionStore {
    private final DSLContext db;

    ExceptionStore(DSLContext db) {
        this.db = db;
    }

    /** Filter: a null field means "any"; {@code teams} null = every team. */
    public record Query(
            @Nullable Collection<String> teams,
            @Nullable UUID namespaceId,
            @Nullable Set<ExceptionState> states,
            @Nullable String requestedBy) {}

    public void insert(PolicyException e) {
        db.insertInto(POLICY_EXCEPTION)
                .set(POLICY_EXCEPTION.ID, e.id())
                .set(POLICY_EXCEPTION.NAMESPACE_ID, e.namespaceId())
                .set(POLICY_EXCEPTION.TEAM, e.team())
                .set(POLICY_EXCEPTION.CLUSTER, e.cluster())
                .set(POLICY_EXCEPTION.NAMESPACE, e.namespace())
                .set(POLICY_EXCEPTION.TIER, e.tier())
                .set(POLICY_EXCEPTION.CONTROL, e.control())
                .set(POLICY_EXCEPTION.CONTROL_VALUE, e.value())
                .set(POLICY_EXCEPTION.SCOPE, e.scope().name())
                .set(POLICY_EXCEPTION.WORKLOADS, e.workloads().toArray(String[]::new))
                .set(POLICY_EXCEPTION.JUSTIFICATION, e.justification())
                .set(POLICY_EXCEPTION.TICKET_URL, e.ticketUrl())
                .set(POLICY_EXCEPTION.DURATION_DAYS, e.durationDays())
                .set(POLICY_EXCEPTION.STATE, e.state().name())
                .set(POLICY_EXCEPTION.REQUESTED_BY, e.requestedBy())
                .set(POLICY_EXCEPTION.REQUESTED_BY_NAME, e.requestedByName())
                .set(POLICY_EXCEPTION.REQUESTED_AT, utc(e.requestedAt()))
                .set(POLICY_EXCEPTION.APPROVALS_REQUIRED, e.approvalsRequired())
                .set(POLICY_EXCEPTION.APPROVALS, e.approvals())
                .set(POLICY_EXCEPTION.RENEWAL_OF, e.renewalOf())
                .set(POLICY_EXCEPTION.VERSION, e.version())
                .set(POLICY_EXCEPTION.UPDATED_AT, utc(e.updatedAt()))
                .set(POLICY_EXCEPTION.WORKLOAD_KIND, e.workloadKind())
                .set(POLICY_EXCEPTION.CONTAINER, e.container())
                .set(POLICY_EXCEPTION.MECHANISM, e.mechanism())
                .set(POLICY_EXCEPTION.MECHANISM_VALUE, e.mechanismValue())
                .execute();
    }

    public Optional<PolicyException> find(UUID id) {
        return db.selectFrom(POLICY_EXCEPTION)
                .where(POLICY_EXCEPTION.ID.eq(id))
                .fetchOptional()
                .map(ExceptionStore::map);
    }

    /** The exceptions with these ids (one query); unknown ids are left out. */
    public List<PolicyException> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.selectFrom(POLICY_EXCEPTION)
                .where(POLICY_EXCEPTION.ID.in(ids))
                .fetch()
                .map(ExceptionStore::map);
    }

    public List<PolicyException> list(Query q, int offset, int limit) {
        return db.selectFrom(POLICY_EXCEPTION)
                .where(condition(q))
                .orderBy(POLICY_EXCEPTION.REQUESTED_AT.asc(), POLICY_EXCEPTION.ID)
                .offset(offset)
                .limit(limit)
                .fetch()
                .map(ExceptionStore::map);
    }

    public int count(Query q) {
        return db.fetchCount(POLICY_EXCEPTION, condition(q));
    }

    private static Condition condition(Query q) {
        Condition c = DSL.trueCondition();
        if (q.teams() != null) {
            c = c.and(POLICY_EXCEPTION.TEAM.in(q.teams()));
        }
        if (q.namespaceId() != null) {
            c = c.and(POLICY_EXCEPTION.NAMESPACE_ID.eq(q.namespaceId()));
        }
        if (q.states() != null && !q.states().isEmpty()) {
            c = c.and(POLICY_EXCEPTION.STATE.in(
                    q.states().stream().map(Enum::name).toList()));
        }
        if (q.requestedBy() != null) {
            c = c.and(POLICY_EXCEPTION.REQUESTED_BY.eq(q.requestedBy()));
        }
        return c;
    }

    /**
     * Moves the exception to {@code to} if nobody changed it since {@code version} was read (optimistic lock);
     * false when someone else was faster.
     */
    public boolean transition(
            UUID id,
            int version,
            ExceptionState to,
            int approvals,
            @Nullable Instant activatedAt,
            @Nullable Instant expiresAt,
            @Nullable String closedReason,
            Instant now) {
        return db.update(POLICY_EXCEPTION)
                        .set(POLICY_EXCEPTION.STATE, to.name())
                        .set(POLICY_EXCEPTION.APPROVALS, approvals)
                        .set(POLICY_EXCEPTION.ACTIVATED_AT, utc(activatedAt))
                        .set(POLICY_EXCEPTION.EXPIRES_AT, utc(expiresAt))
                        .set(POLICY_EXCEPTION.CLOSED_AT, to.closed() ? utc(now) : null)
                        .set(POLICY_EXCEPTION.CLOSED_REASON, closedReason)
                        .set(POLICY_EXCEPTION.VERSION, version + 1)
                        .set(POLICY_EXCEPTION.UPDATED_AT, utc(now))
                        .where(POLICY_EXCEPTION.ID.eq(id))
                        .and(POLICY_EXCEPTION.VERSION.eq(version))
                        .execute()
                == 1;
    }

    public void insertDecision(ExceptionDecision d) {
        db.insertInto(EXCEPTION_DECISION)
                .set(EXCEPTION_DECISION.EXCEPTION_ID, d.exceptionId())
                .set(EXCEPTION_DECISION.REVIEWER, d.reviewer())
                .set(EXCEPTION_DECISION.REVIEWER_NAME, d.reviewerName())
                .set(EXCEPTION_DECISION.DECISION, d.decision().name())
                .set(EXCEPTION_DECISION.COMMENT, d.comment())
                .set(EXCEPTION_DECISION.DECIDED_AT, utc(d.decidedAt()))
                .execute();
    }

    public List<ExceptionDecision> decisions(UUID exceptionId) {
        return db.selectFrom(EXCEPTION_DECISION)
                .where(EXCEPTION_DECISION.EXCEPTION_ID.eq(exceptionId))
                .orderBy(EXCEPTION_DECISION.DECIDED_AT)
                .fetch(r -> new ExceptionDecision(
                        r.getExceptionId(),
                        r.getReviewer(),
                        r.getReviewerName(),
                        ExceptionDecision.Kind.valueOf(r.getDecision()),
                        r.getComment(),
                        r.getDecidedAt().toInstant()));
    }

    /** Per team: pending, in force, the summed age in seconds of both, and those in force ending before {@code soon}. */
    public List<ExceptionDebt> debt(@Nullable Collection<String> teams, Instant now, Instant soon) {
        var pending = DSL.count().filterWhere(POLICY_EXCEPTION.STATE.eq(ExceptionState.PENDING.name()));
        var inForce = DSL.count()
                .filterWhere(POLICY_EXCEPTION.STATE.in(ExceptionState.APPROVED.name(), ExceptionState.ACTIVE.name()));
        var expiring = DSL.count()
                .filterWhere(POLICY_EXCEPTION
                        .STATE
                        .in(ExceptionState.APPROVED.name(), ExceptionState.ACTIVE.name())
                        .and(POLICY_EXCEPTION.EXPIRES_AT.le(utc(soon))));
        var age = DSL.avg(DSL.field(
                "extract(epoch from ({0} - {1}))", Double.class, DSL.val(utc(now)), POLICY_EXCEPTION.REQUESTED_AT));
        Condition c = POLICY_EXCEPTION.STATE.in(
                ExceptionState.PENDING.name(), ExceptionState.APPROVED.name(), ExceptionState.ACTIVE.name());
        if (teams != null) {
            c = c.and(POLICY_EXCEPTION.TEAM.in(teams));
        }
        return db.select(POLICY_EXCEPTION.TEAM, pending, inForce, age, expiring)
                .from(POLICY_EXCEPTION)
                .where(c)
                .groupBy(POLICY_EXCEPTION.TEAM)
                .orderBy(POLICY_EXCEPTION.TEAM)
                .fetch(r -> new ExceptionDebt(
                        r.value1(),
                        r.value2() + r.value3(),
                        r.value2(),
                        r.value3(),
                        r.value4() == null ? 0 : Math.round(r.value4().doubleValue() / 8640.0) / 10.0,
                        r.value5()));
    }

    /** Exceptions in force for any of the namespaces whose end is after {@code now} (one query). */
    public List<PolicyException> inForce(Collection<UUID> namespaceIds, Instant now) {
        if (namespaceIds.isEmpty()) {
            return List.of();
        }
        return db.selectFrom(POLICY_EXCEPTION)
                .where(POLICY_EXCEPTION.NAMESPACE_ID.eq(DSL.any(namespaceIds.toArray(UUID[]::new))))
                .and(POLICY_EXCEPTION.STATE.in(ExceptionState.APPROVED.name(), ExceptionState.ACTIVE.name()))
                .and(POLICY_EXCEPTION.EXPIRES_AT.gt(utc(now)))
                .orderBy(POLICY_EXCEPTION.ID)
                .fetch()
                .map(ExceptionStore::map);
    }

    /** Ids of exceptions in force whose end is at or before {@code now}. */
    public List<UUID> due(Instant now) {
        return db.select(POLICY_EXCEPTION.ID)
                .from(POLICY_EXCEPTION)
                .where(POLICY_EXCEPTION.STATE.in(ExceptionState.APPROVED.name(), ExceptionState.ACTIVE.name()))
                .and(POLICY_EXCEPTION.EXPIRES_AT.le(utc(now)))
                .fetch(POLICY_EXCEPTION.ID);
    }

    /** Active exceptions ending before {@code before} that have not had the reminder of {@code days} yet. */
    public List<PolicyException> needingReminder(Instant before, boolean oneDay) {
        var reminded = oneDay ? POLICY_EXCEPTION.REMINDED_1D_AT : POLICY_EXCEPTION.REMINDED_7D_AT;
        return db.selectFrom(POLICY_EXCEPTION)
                .where(POLICY_EXCEPTION.STATE.eq(ExceptionState.ACTIVE.name()))
                .and(POLICY_EXCEPTION.EXPIRES_AT.le(utc(before)))
                .and(reminded.isNull())
                .fetch()
                .map(ExceptionStore::map);
    }

    /** Marks a reminder as sent; false when another replica sent it first. */
    public boolean markReminded(UUID id, boolean oneDay, Instant now) {
        var reminded = oneDay ? POLICY_EXCEPTION.REMINDED_1D_AT : POLICY_EXCEPTION.REMINDED_7D_AT;
        return db.update(POLICY_EXCEPTION)
                        .set(reminded, utc(now))
                        .where(POLICY_EXCEPTION.ID.eq(id))
                        .and(reminded.isNull())
                        .execute()
                == 1;
    }

    // ---- notifications ----

    public void notifySubject(String subject, String text, @Nullable String link, Instant now) {
        db.insertInto(NOTIFICATION)
                .set(NOTIFICATION.ID, UUID.randomUUID())
                .set(NOTIFICATION.RECIPIENT_SUBJECT, subject)
                .set(NOTIFICATION.TEXT, text)
                .set(NOTIFICATION.LINK, link)
                .set(NOTIFICATION.CREATED_AT, utc(now))
                .execute();
    }

    public void notifyRole(String role, String text, @Nullable String link, Instant now) {
        db.insertInto(NOTIFICATION)
                .set(NOTIFICATION.ID, UUID.randomUUID())
                .set(NOTIFICATION.RECIPIENT_ROLE, role)
                .set(NOTIFICATION.TEXT, text)
                .set(NOTIFICATION.LINK, link)
                .set(NOTIFICATION.CREATED_AT, utc(now))
                .execute();
    }

    private static Condition recipient(String subject, Collection<String> roles) {
        return NOTIFICATION.RECIPIENT_SUBJECT.eq(subject).or(NOTIFICATION.RECIPIENT_ROLE.in(roles));
    }

    private static org.jooq.Field<Boolean> read(String subject) {
        return DSL.field(NOTIFICATION
                .READ_AT
                .isNotNull()
                .or(DSL.exists(DSL.selectOne()
                        .from(NOTIFICATION_READ)
                        .where(NOTIFICATION_READ.NOTIFICATION_ID.eq(NOTIFICATION.ID))
                        .and(NOTIFICATION_READ.SUBJECT.eq(subject)))));
    }

    public List<Notification> notifications(String subject, Collection<String> roles, int limit) {
        return db.select(NOTIFICATION.ID, NOTIFICATION.TEXT, NOTIFICATION.LINK, NOTIFICATION.CREATED_AT, read(subject))
                .from(NOTIFICATION)
                .where(recipient(subject, roles))
                .orderBy(NOTIFICATION.CREATED_AT.desc(), NOTIFICATION.ID)
                .limit(limit)
                .fetch(r -> new Notification(
                        r.value1(), r.value2(), r.value3(), r.value4().toInstant(), r.value5()));
    }

    public int unread(String subject, Collection<String> roles) {
        return db.fetchCount(DSL.selectOne()
                .from(NOTIFICATION)
                .where(recipient(subject, roles))
                .and(DSL.not(DSL.condition(read(subject)))));
    }

    /** Marks one notification read for {@code subject}, if it is addressed to them; false if it is not. */
    public boolean markRead(UUID id, String subject, Collection<String> roles, Instant now) {
        var n = db.selectFrom(NOTIFICATION)
                .where(NOTIFICATION.ID.eq(id))
                .and(recipient(subject, roles))
                .fetchOptional();
        if (n.isEmpty()) {
            return false;
        }
        if (n.get().getRecipientSubject() != null) {
            db.update(NOTIFICATION)
                    .set(NOTIFICATION.READ_AT, DSL.coalesce(NOTIFICATION.READ_AT, DSL.val(utc(now))))
                    .where(NOTIFICATION.ID.eq(id))
                    .execute();
        } else {
            db.insertInto(NOTIFICATION_READ)
                    .set(NOTIFICATION_READ.NOTIFICATION_ID, id)
                    .set(NOTIFICATION_READ.SUBJECT, subject)
                    .set(NOTIFICATION_READ.READ_AT, utc(now))
                    .onConflictDoNothing()
                    .execute();
        }
        return true;
    }

    private static PolicyException map(PolicyExceptionRecord r) {
        return new PolicyException(
                r.getId(),
                r.getNamespaceId(),
                r.getTeam(),
                r.getCluster(),
                r.getNamespace(),
                r.getTier(),
                r.getControl(),
                r.getControlValue(),
                ExceptionScope.valueOf(r.getScope()),
                r.getWorkloads() == null ? List.of() : List.of(r.getWorkloads()),
                r.getJustification(),
                r.getTicketUrl(),
                r.getDurationDays(),
                ExceptionState.valueOf(r.getState()),
                r.getRequestedBy(),
                r.getRequestedByName(),
                r.getRequestedAt().toInstant(),
                r.getApprovalsRequired(),
                r.getApprovals(),
                instant(r.getActivatedAt()),
                instant(r.getExpiresAt()),
                instant(r.getClosedAt()),
                r.getClosedReason(),
                r.getRenewalOf(),
                r.getVersion(),
                r.getUpdatedAt().toInstant(),
                r.getWorkloadKind(),
                r.getContainer(),
                r.getMechanism(),
                r.getMechanismValue());
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
