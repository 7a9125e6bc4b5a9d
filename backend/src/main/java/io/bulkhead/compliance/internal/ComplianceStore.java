package io.bulkhead.compliance.internal;

import static io.bulkhead.db.jooq.Tables.COMPLIANCE_EVALUATION;
import static io.bulkhead.db.jooq.Tables.COMPLIANCE_FINDING;
import static io.bulkhead.db.jooq.Tables.COMPLIANCE_SCORE;

import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.compliance.Severity;
import io.bulkhead.db.jooq.tables.records.ComplianceScoreRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/** jOOQ access to current findings and the score history. */
@Repository
public class ComplianceStore {
    private final DSLContext db;

    ComplianceStore(DSLContext db) {
        this.db = db;
    }

    /** The latest score and the findings hash of each of the namespaces that has them. */
    public record State(
            @Nullable NamespaceScore latest, @Nullable String findingsHash) {}

    /**
     * Takes a transaction-scoped advisory lock per namespace, in key order (so two batches never deadlock): the
     * evaluations of a namespace run one after another and each sees what the one before wrote.
     */
    public void lock(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.fetch(
                "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended('compliance:' || id, 0) AS k"
                        + " FROM unnest(?::uuid[]) AS id) AS keys ORDER BY k",
                (Object) ids.toArray(UUID[]::new));
    }

    public Map<UUID, State> states(Collection<UUID> ids) {
        Map<UUID, State> m = new HashMap<>();
        if (ids.isEmpty()) {
            return m;
        }
        UUID[] arr = ids.toArray(UUID[]::new);
        db.select(COMPLIANCE_SCORE.asterisk())
                .distinctOn(COMPLIANCE_SCORE.NAMESPACE_ID)
                .from(COMPLIANCE_SCORE)
                .where(COMPLIANCE_SCORE.NAMESPACE_ID.eq(DSL.any(arr)))
                .orderBy(COMPLIANCE_SCORE.NAMESPACE_ID, COMPLIANCE_SCORE.COMPUTED_AT.desc(), COMPLIANCE_SCORE.ID.desc())
                .fetchInto(COMPLIANCE_SCORE)
                .forEach(r -> m.put(r.getNamespaceId(), new State(map(r), null)));
        db.selectFrom(COMPLIANCE_EVALUATION)
                .where(COMPLIANCE_EVALUATION.NAMESPACE_ID.eq(DSL.any(arr)))
                .forEach(r -> m.merge(
                        r.getNamespaceId(),
                        new State(null, r.getFindingsHash()),
                        (a, b) -> new State(a.latest(), b.findingsHash())));
        return m;
    }

    /**
     * Replaces the findings of many namespaces at once (delete, then multi-row inserts of 1,000) and records each
     * one's findings hash.
     */
    public void replaceFindings(Map<UUID, List<Finding>> byNamespace, Map<UUID, String> hashes, Instant now) {
        if (byNamespace.isEmpty()) {
            return;
        }
        db.deleteFrom(COMPLIANCE_FINDING)
                .where(COMPLIANCE_FINDING.NAMESPACE_ID.eq(
                        DSL.any(byNamespace.keySet().toArray(UUID[]::new))))
                .execute();
        OffsetDateTime at = utc(now);
        record Row(UUID namespaceId, Finding f) {}
        List<Row> rows = new ArrayList<>();
        byNamespace.forEach((id, findings) -> findings.forEach(f -> rows.add(new Row(id, f))));
        for (int from = 0; from < rows.size(); from += 1000) {
            var insert = db.insertInto(
                    COMPLIANCE_FINDING,
                    COMPLIANCE_FINDING.NAMESPACE_ID,
                    COMPLIANCE_FINDING.CLUSTER,
                    COMPLIANCE_FINDING.NAMESPACE,
                    COMPLIANCE_FINDING.WORKLOAD_KIND,
                    COMPLIANCE_FINDING.WORKLOAD_NAME,
                    COMPLIANCE_FINDING.CONTAINER,
                    COMPLIANCE_FINDING.CONTROL_ID,
                    COMPLIANCE_FINDING.SEVERITY,
                    COMPLIANCE_FINDING.FIELD,
                    COMPLIANCE_FINDING.ACTUAL,
                    COMPLIANCE_FINDING.EXPECTED,
                    COMPLIANCE_FINDING.FIX,
                    COMPLIANCE_FINDING.RESULT,
                    COMPLIANCE_FINDING.EVALUATED_AT);
            for (Row row : rows.subList(from, Math.min(rows.size(), from + 1000))) {
                Finding f = row.f();
                insert = insert.values(
                        row.namespaceId(),
                        f.cluster(),
                        f.namespace(),
                        nz(f.workloadKind()),
                        nz(f.workloadName()),
                        nz(f.container()),
                        f.controlId(),
                        f.severity().name(),
                        f.field(),
                        f.actual(),
                        f.expected(),
                        f.fix(),
                        f.result().name(),
                        at);
            }
            insert.onConflictDoNothing().execute();
        }
        List<org.jooq.Query> upserts = new ArrayList<>();
        hashes.forEach((id, hash) -> upserts.add(db.insertInto(COMPLIANCE_EVALUATION)
                .set(COMPLIANCE_EVALUATION.NAMESPACE_ID, id)
                .set(COMPLIANCE_EVALUATION.FINDINGS_HASH, hash)
                .set(COMPLIANCE_EVALUATION.EVALUATED_AT, at)
                .onConflict(COMPLIANCE_EVALUATION.NAMESPACE_ID)
                .doUpdate()
                .set(COMPLIANCE_EVALUATION.FINDINGS_HASH, hash)
                .set(COMPLIANCE_EVALUATION.EVALUATED_AT, at)));
        for (int from = 0; from < upserts.size(); from += 500) {
            db.batch(upserts.subList(from, Math.min(upserts.size(), from + 500)))
                    .execute();
        }
    }

    /** Writes score snapshots (one multi-row insert). */
    public void snapshots(List<NamespaceScore> scores) {
        if (scores.isEmpty()) {
            return;
        }
        var insert = db.insertInto(
                COMPLIANCE_SCORE,
                COMPLIANCE_SCORE.NAMESPACE_ID,
                COMPLIANCE_SCORE.CLUSTER,
                COMPLIANCE_SCORE.NAMESPACE,
                COMPLIANCE_SCORE.TEAM,
                COMPLIANCE_SCORE.TIER,
                COMPLIANCE_SCORE.SCORE,
                COMPLIANCE_SCORE.PASSED,
                COMPLIANCE_SCORE.FAILED,
                COMPLIANCE_SCORE.WAIVED,
                COMPLIANCE_SCORE.COMPUTED_AT);
        for (NamespaceScore s : scores) {
            insert = insert.values(
                    s.namespaceId(),
                    s.cluster(),
                    s.namespace(),
                    s.team(),
                    s.tier(),
                    s.score(),
                    s.passed(),
                    s.failed(),
                    s.waived(),
                    utc(s.computedAt()));
        }
        insert.execute();
    }

    public List<Finding> findings(UUID namespaceId) {
        return db.selectFrom(COMPLIANCE_FINDING)
                .where(COMPLIANCE_FINDING.NAMESPACE_ID.eq(namespaceId))
                .orderBy(
                        COMPLIANCE_FINDING.WORKLOAD_KIND,
                        COMPLIANCE_FINDING.WORKLOAD_NAME,
                        COMPLIANCE_FINDING.CONTROL_ID,
                        COMPLIANCE_FINDING.CONTAINER)
                .fetch(r -> new Finding(
                        r.getCluster(),
                        r.getNamespace(),
                        blankToNull(r.getWorkloadKind()),
                        blankToNull(r.getWorkloadName()),
                        blankToNull(r.getContainer()),
                        r.getControlId(),
                        Severity.valueOf(r.getSeverity()),
                        r.getField(),
                        r.getActual(),
                        r.getExpected(),
                        r.getFix(),
                        Finding.Result.valueOf(r.getResult())));
    }

    public Optional<NamespaceScore> latest(UUID namespaceId) {
        return db.selectFrom(COMPLIANCE_SCORE)
                .where(COMPLIANCE_SCORE.NAMESPACE_ID.eq(namespaceId))
                .orderBy(COMPLIANCE_SCORE.COMPUTED_AT.desc(), COMPLIANCE_SCORE.ID.desc())
                .limit(1)
                .fetchOptional(ComplianceStore::map);
    }

    /** Latest score per namespace, filtered; {@code teams} null = every team. */
    public List<NamespaceScore> latestScores(
            @Nullable Collection<String> teams,
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String tier) {
        return db.selectFrom(COMPLIANCE_SCORE)
                .where(COMPLIANCE_SCORE.ID.in(DSL.select(DSL.max(COMPLIANCE_SCORE.ID))
                        .from(COMPLIANCE_SCORE)
                        .where(conditions(teams, team, cluster, tier))
                        .groupBy(COMPLIANCE_SCORE.NAMESPACE_ID)))
                .orderBy(COMPLIANCE_SCORE.CLUSTER, COMPLIANCE_SCORE.NAMESPACE)
                .fetch(ComplianceStore::map);
    }

    /** One day of a trend: the mean of the namespaces' scores that stand at the end of {@code day}, per key. */
    public record DailyPoint(String key, LocalDate day, BigDecimal score, int namespaces) {}

    /**
     * The daily trend from {@code first} to {@code last} (UTC days), aggregated in the database: each namespace's
     * last snapshot of a day stands from that day until the day of its next snapshot, or until the namespace ended
     * ({@link #endMissing}); the last snapshot before {@code first} stands at the start. A day's point is the mean
     * of the standing scores (one decimal, half up) and how many there are, per {@code by} key (one group, key "",
     * when null). Days without any standing score are left out. Only one row per key and day leaves the database.
     */
    public List<DailyPoint> daily(
            @Nullable Collection<String> teams,
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String tier,
            @Nullable UUID namespaceId,
            ScoreFilter.@Nullable GroupBy by,
            LocalDate first,
            LocalDate last) {
        List<Condition> c = conditions(teams, team, cluster, tier);
        if (namespaceId != null) {
            c.add(COMPLIANCE_SCORE.NAMESPACE_ID.eq(namespaceId));
        }
        Field<String> key = switch (by) {
            case null -> DSL.inline("");
            case TEAM -> COMPLIANCE_SCORE.TEAM;
            case CLUSTER -> COMPLIANCE_SCORE.CLUSTER;
            case TIER -> COMPLIANCE_SCORE.TIER;
        };
        OffsetDateTime from = utc(first.atStartOfDay().toInstant(ZoneOffset.UTC));
        OffsetDateTime to = utc(last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        // {0} conditions on compliance_score ({6}), {1} the group key, {2} first day, {3} last day, {4}/{5} the
        // window's start and end; the seed rows (last snapshot before the window) come from one index probe per
        // evaluated
        // namespace (compliance_evaluation), not from a scan of the older history
        return db.resultQuery(
                        """
                        WITH points AS (
                          SELECT DISTINCT ON (namespace_id, key, day) namespace_id, key, day, score
                          FROM (
                            SELECT namespace_id, {1} AS key,
                                   CAST(computed_at AT TIME ZONE 'UTC' AS date) AS day, score, computed_at, id
                            FROM {6}
                            WHERE {0} AND computed_at >= CAST({4} AS timestamptz)
                              AND computed_at < CAST({5} AS timestamptz)
                            UNION ALL
                            SELECT seed.* FROM compliance_evaluation e CROSS JOIN LATERAL (
                              SELECT namespace_id, {1} AS key, CAST({2} AS date) AS day, score, computed_at, id
                              FROM {6}
                              WHERE {7} = e.namespace_id AND {0} AND computed_at < CAST({4} AS timestamptz)
                              ORDER BY computed_at DESC, id DESC
                              LIMIT 1) AS seed
                          ) AS snapshot
                          ORDER BY namespace_id, key, day, computed_at DESC, id DESC
                        ), spans AS (
                          SELECT p.key, p.score, p.day AS from_day,
                                 LEAST(
                                   COALESCE(lead(p.day) OVER (PARTITION BY p.namespace_id, p.key ORDER BY p.day),
                                            CAST({3} AS date) + 1),
                                   COALESCE(CAST(e.ended_at AT TIME ZONE 'UTC' AS date), CAST({3} AS date) + 1))
                                   AS to_day
                          FROM points p LEFT JOIN compliance_evaluation e ON e.namespace_id = p.namespace_id
                        )
                        SELECT spans.key, CAST(d AS date) AS day, round(avg(spans.score), 1) AS score,
                               count(*) AS namespaces
                        FROM spans
                        CROSS JOIN LATERAL generate_series(spans.from_day, spans.to_day - 1, interval '1 day') AS d
                        GROUP BY spans.key, d
                        ORDER BY spans.key, d
                        """,
                        DSL.and(c),
                        key,
                        DSL.val(first),
                        DSL.val(last),
                        DSL.val(from),
                        DSL.val(to),
                        COMPLIANCE_SCORE,
                        COMPLIANCE_SCORE.NAMESPACE_ID)
                .fetch(r -> new DailyPoint(
                        r.get(0, String.class),
                        r.get(1, LocalDate.class),
                        r.get(2, BigDecimal.class),
                        r.get(3, Integer.class)));
    }

    /**
     * Marks the namespaces that have been evaluated but are no longer live as ended (once): from the day they
     * ended, their last score no longer stands in the trend.
     *
     * @return how many were marked now
     */
    public int endMissing(Collection<UUID> live, Instant now) {
        return db.update(COMPLIANCE_EVALUATION)
                .set(COMPLIANCE_EVALUATION.ENDED_AT, utc(now))
                .where(COMPLIANCE_EVALUATION.ENDED_AT.isNull())
                .and(COMPLIANCE_EVALUATION.NAMESPACE_ID.ne(DSL.all(live.toArray(UUID[]::new))))
                .execute();
    }

    /** Failed findings per control over the given namespaces: control id, namespaces, findings. */
    public record ControlCount(String controlId, int namespaces, int findings) {}

    public List<ControlCount> failuresByControl(Collection<UUID> namespaceIds) {
        if (namespaceIds.isEmpty()) {
            return List.of();
        }
        var namespaces = DSL.countDistinct(COMPLIANCE_FINDING.NAMESPACE_ID);
        var findings = DSL.count();
        return db.select(COMPLIANCE_FINDING.CONTROL_ID, namespaces, findings)
                .from(COMPLIANCE_FINDING)
                .where(COMPLIANCE_FINDING.RESULT.eq(Finding.Result.FAIL.name()))
                .and(COMPLIANCE_FINDING.NAMESPACE_ID.eq(DSL.any(namespaceIds.toArray(UUID[]::new))))
                .groupBy(COMPLIANCE_FINDING.CONTROL_ID)
                .orderBy(namespaces.desc(), findings.desc(), COMPLIANCE_FINDING.CONTROL_ID)
                .fetch(r -> new ControlCount(r.value1(), r.value2(), r.value3()));
    }

    /** Deletes history older than {@code cutoff}; returns the number of rows removed. */
    public int purgeBefore(Instant cutoff) {
        return db.deleteFrom(COMPLIANCE_SCORE)
                .where(COMPLIANCE_SCORE.COMPUTED_AT.lt(utc(cutoff)))
                .execute();
    }

    private static List<Condition> conditions(
            @Nullable Collection<String> teams,
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String tier) {
        List<Condition> c = new ArrayList<>();
        if (teams != null) {
            c.add(COMPLIANCE_SCORE.TEAM.in(teams));
        }
        if (team != null) {
            c.add(COMPLIANCE_SCORE.TEAM.eq(team));
        }
        if (cluster != null) {
            c.add(COMPLIANCE_SCORE.CLUSTER.eq(cluster));
        }
        if (tier != null) {
            c.add(COMPLIANCE_SCORE.TIER.eq(tier));
        }
        return c;
    }

    private static NamespaceScore map(ComplianceScoreRecord r) {
        return new NamespaceScore(
                r.getNamespaceId(),
                r.getCluster(),
                r.getNamespace(),
                r.getTeam(),
                r.getTier(),
                r.getScore(),
                r.getPassed(),
                r.getFailed(),
                r.getWaived(),
                r.getComputedAt().toInstant());
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }

    private static @Nullable String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
