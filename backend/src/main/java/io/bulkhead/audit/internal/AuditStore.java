package io.bulkhead.audit.internal;

import static io.bulkhead.db.jooq.Tables.AUDIT_CHAIN_HEAD;
import static io.bulkhead.db.jooq.Tables.AUDIT_EVENT;
import static io.bulkhead.db.jooq.Tables.AUDIT_PENDING;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.ChainVerification;
import io.bulkhead.db.jooq.tables.records.AuditEventRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
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
     * Stages an event in the caller's transaction (it commits or rolls back with the change it describes); {@link
     * AuditChainer} links it onto the chain once committed. Takes no lock that other writers wait for.
     */
    public void stage(
            String subject, String name, AuditEntry e, @Nullable String ip, @Nullable String userAgent, Instant now) {
        stageAll(subject, name, List.of(e), ip, userAgent, now);
    }

    /** Stages several events for one actor in list order, 1,000 rows per INSERT (see {@link #stage}). */
    public void stageAll(
            String subject,
            String name,
            List<AuditEntry> entries,
            @Nullable String ip,
            @Nullable String userAgent,
            Instant now) {
        var at = CanonicalEncoding.truncate(now).atOffset(ZoneOffset.UTC);
        for (int from = 0; from < entries.size(); from += 1_000) {
            var insert = db.insertInto(
                    AUDIT_PENDING,
                    AUDIT_PENDING.EVENT_ID,
                    AUDIT_PENDING.OCCURRED_AT,
                    AUDIT_PENDING.ACTOR_SUBJECT,
                    AUDIT_PENDING.ACTOR_NAME,
                    AUDIT_PENDING.ACTION,
                    AUDIT_PENDING.OUTCOME,
                    AUDIT_PENDING.TARGET_TYPE,
                    AUDIT_PENDING.TARGET_ID,
                    AUDIT_PENDING.TEAM,
                    AUDIT_PENDING.CLUSTER,
                    AUDIT_PENDING.NAMESPACE,
                    AUDIT_PENDING.BEFORE_STATE,
                    AUDIT_PENDING.AFTER_STATE,
                    AUDIT_PENDING.SOURCE_IP,
                    AUDIT_PENDING.USER_AGENT);
            for (AuditEntry e : entries.subList(from, Math.min(entries.size(), from + 1_000))) {
                insert = insert.values(
                        UUID.randomUUID(),
                        at,
                        subject,
                        name,
                        e.action(),
                        e.outcome().name(),
                        e.targetType(),
                        e.targetId(),
                        e.team(),
                        e.cluster(),
                        e.namespace(),
                        CanonicalEncoding.json(e.before()),
                        CanonicalEncoding.json(e.after()),
                        ip,
                        userAgent);
            }
            insert.execute();
        }
    }

    /** The hash an event's content gives (what the application role could compute itself). */
    static String hashOf(AuditEvent e) {
        return CanonicalEncoding.hash(ChainVerifier.fields(e));
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

    /**
     * Newest first. With a filter, the newest {@value #RECENT_WINDOW} events are tried first (a range of the primary
     * key, read in order): a filter that matches often is served from them without the planner having to guess how
     * often it matches; one that matches rarely falls through to the whole table, where the trigram indexes find it.
     * Must run in a transaction (the window's planner setting is local to it).
     */
    public List<AuditEvent> page(AuditFilter f, @Nullable Scope scope, int offset, int limit) {
        List<Condition> c = conditions(f, scope);
        if (!c.isEmpty() && offset + limit <= RECENT_WINDOW / 10) {
            long newest = db.select(AUDIT_CHAIN_HEAD.LAST_SEQ)
                    .from(AUDIT_CHAIN_HEAD)
                    .where(AUDIT_CHAIN_HEAD.ID.eq((short) 1))
                    .fetchOptional(AUDIT_CHAIN_HEAD.LAST_SEQ)
                    .orElse(0L);
            List<Condition> recent = new ArrayList<>(c);
            recent.add(AUDIT_EVENT.SEQ.gt(newest - RECENT_WINDOW));
            // read the window in key order: the trigram indexes (bitmap scans only) would collect every match in
            // the table first when the planner underestimates how often the filter matches
            db.execute("set local enable_bitmapscan = off");
            List<AuditEvent> rows;
            try {
                rows = db.selectFrom(AUDIT_EVENT)
                        .where(recent)
                        .orderBy(AUDIT_EVENT.SEQ.desc())
                        .limit(offset + limit)
                        .fetch(AuditStore::map);
            } finally {
                db.execute("set local enable_bitmapscan = on");
            }
            if (rows.size() == offset + limit) {
                return rows.subList(offset, rows.size());
            }
            // the filter is rare among the newest events: collect its matches through the indexes and sort them,
            // rather than reading the table newest first until enough turn up (which the planner may pick when
            // it overestimates how often the filter matches)
            db.execute("set local enable_indexscan = off");
            try {
                return fullPage(c, offset, limit);
            } finally {
                db.execute("set local enable_indexscan = on");
            }
        }
        return fullPage(c, offset, limit);
    }

    private List<AuditEvent> fullPage(List<Condition> c, int offset, int limit) {
        return db.selectFrom(AUDIT_EVENT)
                .where(c)
                .orderBy(AUDIT_EVENT.SEQ.desc())
                .offset(offset)
                .limit(limit)
                .fetch(AuditStore::map);
    }

    /** The newest {@code limit} events whose target id is one of {@code targetIds}, scoped (index on target_id). */
    public List<AuditEvent> forTargets(Collection<String> targetIds, @Nullable Scope scope, int limit) {
        if (targetIds.isEmpty()) {
            return List.of();
        }
        List<Condition> c = new ArrayList<>();
        c.add(AUDIT_EVENT.TARGET_ID.in(targetIds));
        if (scope != null) {
            c.add(AUDIT_EVENT.TEAM.in(scope.teams()).or(AUDIT_EVENT.ACTOR_SUBJECT.eq(scope.subject())));
        }
        return db.selectFrom(AUDIT_EVENT)
                .where(c)
                .orderBy(AUDIT_EVENT.SEQ.desc())
                .limit(limit)
                .fetch(AuditStore::map);
    }

    static final int RECENT_WINDOW = 20_000;

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

    private static final char ESCAPE = '!';

    /** "subject name": the expression of V26's actor index (keep them identical). */
    private static final org.jooq.Field<String> ACTOR_TEXT =
            DSL.field("({0} || ' ' || {1})", String.class, AUDIT_EVENT.ACTOR_SUBJECT, AUDIT_EVENT.ACTOR_NAME);

    /**
     * "type/id cluster/namespace": the expression that V26's trigram index is built on (keep them identical, or the
     * planner cannot use the index).
     */
    private static final org.jooq.Field<String> TARGET_TEXT = DSL.field(
            "(coalesce({0}, '') || '/' || coalesce({1}, '') || ' ' || coalesce({2}, '') || '/' || coalesce({3}, ''))",
            String.class, AUDIT_EVENT.TARGET_TYPE, AUDIT_EVENT.TARGET_ID, AUDIT_EVENT.CLUSTER, AUDIT_EVENT.NAMESPACE);

    /** A LIKE pattern matching {@code text} anywhere, with the pattern characters in it escaped. */
    static String contains(String text) {
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
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
            String p = contains(f.actor());
            c.add(AUDIT_EVENT
                    .ACTOR_SUBJECT
                    .likeIgnoreCase(p, ESCAPE)
                    .or(AUDIT_EVENT.ACTOR_NAME.likeIgnoreCase(p, ESCAPE)));
        }
        if (f.action() != null) {
            c.add(AUDIT_EVENT.ACTION.likeIgnoreCase(contains(f.action()), ESCAPE));
        }
        if (f.team() != null) {
            c.add(AUDIT_EVENT.TEAM.likeIgnoreCase(contains(f.team()), ESCAPE));
        }
        if (f.target() != null) {
            c.add(TARGET_TEXT.likeIgnoreCase(contains(f.target()), ESCAPE));
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
