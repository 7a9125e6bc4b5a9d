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

    /**
     * Must run inside a transaction: locks the chain head, appends after the last stored event (MACed with {@code
     * key}), moves the head. The link is taken from the last stored event, not from the head row (which the
     * application role can write), so a moved head cannot make a genuine event look broken.
     */
    public AuditEvent append(
            AuditMac key,
            String subject,
            String name,
            AuditEntry e,
            @Nullable String ip,
            @Nullable String userAgent,
            Instant now) {
        db.select(AUDIT_CHAIN_HEAD.LAST_SEQ)
                .from(AUDIT_CHAIN_HEAD)
                .where(AUDIT_CHAIN_HEAD.ID.eq((short) 1))
                .forUpdate()
                .fetchSingle();
        var last = db.select(AUDIT_EVENT.SEQ, AUDIT_EVENT.HASH, AUDIT_EVENT.MAC)
                .from(AUDIT_EVENT)
                .orderBy(AUDIT_EVENT.SEQ.desc())
                .limit(1)
                .fetchOne();
        long seq = last == null ? 1 : last.value1() + 1;
        String prev = last == null ? CanonicalEncoding.GENESIS : last.value2();
        String prevMac = last == null || last.value3() == null ? AuditMac.NONE : last.value3();
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
                "",
                null);
        String encoding = CanonicalEncoding.encode(ChainVerifier.fields(event));
        String hash = CanonicalEncoding.sha256(encoding);
        String mac = key.mac(encoding, prevMac);
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
                .set(AUDIT_EVENT.MAC, mac)
                .execute();
        db.update(AUDIT_CHAIN_HEAD)
                .set(AUDIT_CHAIN_HEAD.LAST_SEQ, seq)
                .set(AUDIT_CHAIN_HEAD.LAST_HASH, hash)
                .where(AUDIT_CHAIN_HEAD.ID.eq((short) 1))
                .execute();
        return withHash(event, hash, mac);
    }

    /** The hash an event's content gives (what the application role could compute itself). */
    static String hashOf(AuditEvent e) {
        return CanonicalEncoding.hash(ChainVerifier.fields(e));
    }

    private static AuditEvent withHash(AuditEvent e, String hash, String mac) {
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
                hash,
                mac);
    }

    /** Streams every stored event in sequence order through the verifier, then checks the chain head. */
    public ChainVerification verify(ChainVerifier verifier) {
        try (Stream<AuditEventRecord> rows = db.selectFrom(AUDIT_EVENT)
                .orderBy(AUDIT_EVENT.SEQ)
                .fetchSize(500)
                .fetchStream()) {
            return verifier.verify(rows.map(AuditStore::map).iterator(), this::head);
        }
    }

    /**
     * Streams the events from {@code from} (the latest checkpoint's, or all) through the verifier and returns the
     * head to checkpoint next.
     */
    public ChainVerifier.Extension extend(ChainVerifier verifier, @Nullable Checkpoint from) {
        try (Stream<AuditEventRecord> rows = db.selectFrom(AUDIT_EVENT)
                .where(from == null ? DSL.noCondition() : AUDIT_EVENT.SEQ.ge(from.seq()))
                .orderBy(AUDIT_EVENT.SEQ)
                .fetchSize(500)
                .fetchStream()) {
            return verifier.extend(from, rows.map(AuditStore::map).iterator());
        }
    }

    ChainVerifier.Head head() {
        var head = db.selectFrom(AUDIT_CHAIN_HEAD).fetchSingle();
        return new ChainVerifier.Head(head.getLastSeq(), head.getLastHash());
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
                r.getHash(),
                r.getMac());
    }
}
