package io.bulkhead.audit.internal;

import static io.bulkhead.db.jooq.Tables.AUDIT_CHAIN_HEAD;
import static io.bulkhead.db.jooq.Tables.AUDIT_EVENT;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.ChainVerification;
import io.bulkhead.db.jooq.tables.records.AuditEventRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/** jOOQ access to the audit tables. Only {@code io.bulkhead.audit} uses it. */
@Repository
public class AuditStore {

    private final DSLContext db;

    AuditStore(DSLContext db) {
        this.db = db;
    }

    /** Must run inside a transaction: locks the chain head, appends, moves the head. */
    public AuditEvent append(
            String subject, String name, AuditEntry e, @Nullable String ip, @Nullable String userAgent, Instant now) {
        var head = db.select(AUDIT_CHAIN_HEAD.LAST_SEQ, AUDIT_CHAIN_HEAD.LAST_HASH)
                .from(AUDIT_CHAIN_HEAD)
                .where(AUDIT_CHAIN_HEAD.ID.eq((short) 1))
                .forUpdate()
                .fetchSingle();
        long seq = head.value1() + 1;
        String prev = head.value2();
        UUID id = UUID.randomUUID();
        Instant at = CanonicalEncoding.truncate(now);
        String before = CanonicalEncoding.json(e.before());
        String after = CanonicalEncoding.json(e.after());
        AuditEvent event = new AuditEvent(
                seq,
                id,
                at,
                subject,
                name,
                e.action(),
                e.outcome(),
                e.targetType(),
                e.targetId(),
                e.team(),
                e.cluster(),
                e.namespace(),
                before,
                after,
                ip,
                userAgent,
                prev,
                "");
        String hash = hashOf(event);
        db.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.SEQ, seq)
                .set(AUDIT_EVENT.ID, id)
                .set(AUDIT_EVENT.OCCURRED_AT, at.atOffset(ZoneOffset.UTC))
                .set(AUDIT_EVENT.ACTOR_SUBJECT, subject)
                .set(AUDIT_EVENT.ACTOR_NAME, name)
                .set(AUDIT_EVENT.ACTION, e.action())
                .set(AUDIT_EVENT.OUTCOME, e.outcome().name())
                .set(AUDIT_EVENT.TARGET_TYPE, e.targetType())
                .set(AUDIT_EVENT.TARGET_ID, e.targetId())
                .set(AUDIT_EVENT.TEAM, e.team())
                .set(AUDIT_EVENT.CLUSTER, e.cluster())
                .set(AUDIT_EVENT.NAMESPACE, e.namespace())
                .set(AUDIT_EVENT.BEFORE_STATE, before == null ? null : JSONB.valueOf(before))
                .set(AUDIT_EVENT.AFTER_STATE, after == null ? null : JSONB.valueOf(after))
                .set(AUDIT_EVENT.SOURCE_IP, ip)
                .set(AUDIT_EVENT.USER_AGENT, userAgent)
                .set(AUDIT_EVENT.PREV_HASH, prev)
                .set(AUDIT_EVENT.HASH, hash)
                .execute();
        db.update(AUDIT_CHAIN_HEAD)
                .set(AUDIT_CHAIN_HEAD.LAST_SEQ, seq)
                .set(AUDIT_CHAIN_HEAD.LAST_HASH, hash)
                .where(AUDIT_CHAIN_HEAD.ID.eq((short) 1))
                .execute();
        return withHash(event, hash);
    }

    static String hashOf(AuditEvent e) {
        return CanonicalEncoding.hash(Arrays.asList(
                e.seq(),
                e.id(),
                e.occurredAt(),
                e.actorSubject(),
                e.actorName(),
                e.action(),
                e.outcome().name(),
                e.targetType(),
                e.targetId(),
                e.team(),
                e.cluster(),
                e.namespace(),
                e.before(),
                e.after(),
                e.sourceIp(),
                e.userAgent(),
                e.prevHash()));
    }

    private static AuditEvent withHash(AuditEvent e, String hash) {
        return new AuditEvent(
                e.seq(),
                e.id(),
                e.occurredAt(),
                e.actorSubject(),
                e.actorName(),
                e.action(),
                e.outcome(),
                e.targetType(),
                e.targetId(),
                e.team(),
                e.cluster(),
                e.namespace(),
                e.before(),
                e.after(),
                e.sourceIp(),
                e.userAgent(),
                e.prevHash(),
                hash);
    }

    /**
     * Walks the whole chain in order: sequence numbers must be contiguous from 1, each event must point at the
     * previous hash, its own hash must match its content, and the head must point at the last event.
     */
    public ChainVerification verify() {
        long checked = 0;
        long expectedSeq = 1;
        String prevHash = CanonicalEncoding.GENESIS;
        try (Stream<AuditEventRecord> rows = db.selectFrom(AUDIT_EVENT)
                .orderBy(AUDIT_EVENT.SEQ)
                .fetchSize(500)
                .fetchStream()) {
            for (var it = rows.iterator(); it.hasNext(); ) {
                AuditEvent e = map(it.next());
                checked++;
                if (e.seq() != expectedSeq) {
                    return ChainVerification.broken(
                            checked,
                            expectedSeq,
                            "event #" + expectedSeq + " is missing (next stored event is #" + e.seq() + ")");
                }
                if (!e.prevHash().equals(prevHash)) {
                    return ChainVerification.broken(
                            checked, e.seq(), "previous-hash link does not match the hash of event #" + (e.seq() - 1));
                }
                if (!hashOf(e).equals(e.hash())) {
                    return ChainVerification.broken(checked, e.seq(), "content does not match its hash");
                }
                prevHash = e.hash();
                expectedSeq++;
            }
        }
        var head = db.selectFrom(AUDIT_CHAIN_HEAD).fetchSingle();
        long lastStored = expectedSeq - 1;
        long headSeq = head.getLastSeq();
        if (headSeq > lastStored) {
            return ChainVerification.broken(
                    checked,
                    lastStored + 1,
                    "event #" + (lastStored + 1) + " is missing: the chain head points at event #" + headSeq
                            + " but the last stored event is #" + lastStored);
        }
        if (headSeq < lastStored) {
            return ChainVerification.broken(
                    checked,
                    headSeq + 1,
                    "event #" + (headSeq + 1) + " is not covered by the chain head, which points at event #" + headSeq
                            + " (the last stored event is #" + lastStored + ")");
        }
        if (!head.getLastHash().equals(prevHash)) {
            return ChainVerification.broken(
                    checked, lastStored, "the chain head's hash does not match event #" + lastStored);
        }
        return ChainVerification.intact(checked);
    }

    public List<AuditEvent> page(AuditFilter f, @Nullable Scope scope, int offset, int limit) {
        return db.selectFrom(AUDIT_EVENT)
                .where(conditions(f, scope))
                .orderBy(AUDIT_EVENT.SEQ.desc())
                .offset(offset)
                .limit(limit)
                .fetch(AuditStore::map);
    }

    public int count(AuditFilter f, @Nullable Scope scope) {
        return db.fetchCount(AUDIT_EVENT, conditions(f, scope));
    }

    public void forEach(AuditFilter f, @Nullable Scope scope, Consumer<AuditEvent> sink) {
        try (Stream<AuditEventRecord> rows = db.selectFrom(AUDIT_EVENT)
                .where(conditions(f, scope))
                .orderBy(AUDIT_EVENT.SEQ.desc())
                .fetchSize(500)
                .fetchStream()) {
            rows.map(AuditStore::map).forEach(sink);
        }
    }

    /** Restricts to events of these teams, plus the user's own events. Null scope = everything. */
    public record Scope(Set<String> teams, String subject) {}

    private static List<Condition> conditions(AuditFilter f, @Nullable Scope scope) {
        List<Condition> c = new ArrayList<>();
        if (f.from() != null) {
            c.add(AUDIT_EVENT.OCCURRED_AT.ge(f.from().atOffset(ZoneOffset.UTC)));
        }
        if (f.to() != null) {
            c.add(AUDIT_EVENT.OCCURRED_AT.le(f.to().atOffset(ZoneOffset.UTC)));
        }
        if (f.actor() != null) {
            c.add(AUDIT_EVENT
                    .ACTOR_SUBJECT
                    .containsIgnoreCase(f.actor())
                    .or(AUDIT_EVENT.ACTOR_NAME.containsIgnoreCase(f.actor())));
        }
        if (f.action() != null) {
            c.add(AUDIT_EVENT.ACTION.containsIgnoreCase(f.action()));
        }
        if (f.team() != null) {
            c.add(AUDIT_EVENT.TEAM.containsIgnoreCase(f.team()));
        }
        if (f.target() != null) {
            c.add(DSL.concat(
                            DSL.coalesce(AUDIT_EVENT.TARGET_TYPE, ""),
                            DSL.val("/"),
                            DSL.coalesce(AUDIT_EVENT.TARGET_ID, ""),
                            DSL.val(" "),
                            DSL.coalesce(AUDIT_EVENT.CLUSTER, ""),
                            DSL.val("/"),
                            DSL.coalesce(AUDIT_EVENT.NAMESPACE, ""))
                    .containsIgnoreCase(f.target()));
        }
        if (scope != null) {
            c.add(AUDIT_EVENT.TEAM.in(scope.teams()).or(AUDIT_EVENT.ACTOR_SUBJECT.eq(scope.subject())));
        }
        return c;
    }

    static AuditEvent map(AuditEventRecord r) {
        return new AuditEvent(
                r.getSeq(),
                r.getId(),
                r.getOccurredAt().toInstant(),
                r.getActorSubject(),
                r.getActorName(),
                r.getAction(),
                AuditOutcome.valueOf(r.getOutcome()),
                r.getTargetType(),
                r.getTargetId(),
                r.getTeam(),
                r.getCluster(),
                r.getNamespace(),
                r.getBeforeState() == null
                        ? null
                        : CanonicalEncoding.canonicalJson(r.getBeforeState().data()),
                r.getAfterState() == null
                        ? null
                        : CanonicalEncoding.canonicalJson(r.getAfterState().data()),
                r.getSourceIp(),
                r.getUserAgent(),
                r.getPrevHash(),
                r.getHash());
    }
}
