package io.bulkhead.compliance.internal;

import static io.bulkhead.db.jooq.Tables.COMPLIANCE_EVALUATION;
import static io.bulkhead.db.jooq.Tables.COMPLIANCE_FINDING;
import static io.bulkhead.db.jooq.Tables.COMPLIANCE_ROLLUP;
import static io.bulkhead.db.jooq.Tables.COMPLIANCE_ROLLUP_DAY;
import static io.bulkhead.db.jooq.Tables.COMPLIANCE_SCORE;

import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.NamespaceScore;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/** jOOQ access to current findings and the score history. */
@Repository
public class ComplianceStore {
    private final DSLContext db;

    ComplianceStore(DSLContext db) {
        this.db = db;
    }

    /**
     * The latest score and the findings hash of each of the namespaces that has them, and the catalog version of
     * that score (0 when there is none).
     */
    public record State(
            @Nullable NamespaceScore latest, @Nullable String findingsHash, int catalogVersion) {}

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
                .forEach(r -> m.put(r.getNamespaceId(), new State(map(r), null, r.getCatalogVersion())));
        db.selectFrom(COMPLIANCE_EVALUATION)
                .where(COMPLIANCE_EVALUATION.NAMESPACE_ID.eq(DSL.any(arr)))
                .forEach(r -> m.merge(
                        r.getNamespaceId(),
                        new State(null, r.getFindingsHash(), 0),
                        (a, b) -> new State(a.latest(), b.findingsHash(), a.catalogVersion())));
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
        List<Map.Entry<UUID, String>> evaluated = new ArrayList<>(hashes.entrySet());
        for (int from = 0; from < evaluated.size(); from += 1000) {
            var upsert = db.insertInto(
                    COMPLIANCE_EVALUATION,
                    COMPLIANCE_EVALUATION.NAMESPACE_ID,
                    COMPLIANCE_EVALUATION.FINDINGS_HASH,
                    COMPLIANCE_EVALUATION.EVALUATED_AT);
            for (var e : evaluated.subList(from, Math.min(evaluated.size(), from + 1000))) {
                upsert = upsert.values(e.getKey(), e.getValue(), at);
            }
            upsert.onConflict(COMPLIANCE_EVALUATION.NAMESPACE_ID)
                    .doUpdate()
                    .set(COMPLIANCE_EVALUATION.FINDINGS_HASH, DSL.excluded(COMPLIANCE_EVALUATION.FINDINGS_HASH))
                    .set(COMPLIANCE_EVALUATION.EVALUATED_AT, at)
                    .execute();
        }
    }

    /** Writes score snapshots (one multi-row insert), each marked with the catalog version that computed it. */
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
                COMPLIANCE_SCORE.COMPUTED_AT,
                COMPLIANCE_SCORE.CATALOG_VERSION);
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
                    utc(s.computedAt()),
                    ControlCatalog.VERSION);
        }
        insert.execute();
        // a snapshot of a past day (demo history, an injected clock) changes the rolled-up days from then on
        forgetRollupFrom(scores.stream()
                .map(x -> day(x.computedAt()))
                .min(LocalDate::compareTo)
                .orElseThrow());
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

    /** Each catalog version in the score history with the first time a snapshot was scored with it, by version. */
    public List<Map.Entry<Integer, Instant>> catalogVersions() {
        var first = DSL.min(COMPLIANCE_SCORE.COMPUTED_AT);
        return db.select(COMPLIANCE_SCORE.CATALOG_VERSION, first)
                .from(COMPLIANCE_SCORE)
                .groupBy(COMPLIANCE_SCORE.CATALOG_VERSION)
                .orderBy(COMPLIANCE_SCORE.CATALOG_VERSION)
                .fetch(r -> Map.entry(r.value1(), r.value2().toInstant()));
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

    /**
     * The scores standing at the end of {@code day} in one team, cluster and tier: their sum and how many there are.
     */
    public record DayGroup(LocalDate day, String team, String cluster, String tier, BigDecimal sum, int namespaces) {}

    /**
     * The daily standing scores from {@code first} to {@code last} (UTC days), per team, cluster and tier, computed
     * from the snapshots in the database: each namespace's last snapshot of a day stands from that day until the
     * day of its next snapshot (whatever its team then), or until the namespace ended ({@link #end}); its last
     * snapshot before {@code first} stands at the start. The filters select the standing scores by the team,
     * cluster and tier of their snapshot; {@code namespaceId} narrows to one namespace. Only one row per day and
     * group leaves the database.
     */
    public List<DayGroup> dayGroups(
            @Nullable Collection<String> teams,
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String tier,
            @Nullable UUID namespaceId,
            LocalDate first,
            LocalDate last) {
        return dayGroupRows(
                        teams,
                        team,
                        cluster,
                        tier,
                        namespaceId == null ? null : List.of(namespaceId),
                        false,
                        first,
                        last)
                .stream()
                .map(Map.Entry::getValue)
                .toList();
    }

    /**
     * The standing score of each of {@code namespaceIds} per day from {@code first} to {@code last} (one query for
     * all: a sparkline per row of a grid), by namespace; {@code teams} as in {@link #dayGroups}.
     */
    public Map<UUID, List<DayGroup>> namespaceDayGroups(
            @Nullable Collection<String> teams, Collection<UUID> namespaceIds, LocalDate first, LocalDate last) {
        Map<UUID, List<DayGroup>> m = new HashMap<>();
        if (namespaceIds.isEmpty()) {
            return m;
        }
        for (var e : dayGroupRows(teams, null, null, null, namespaceIds, true, first, last)) {
            m.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return m;
    }

    /** The rows of {@link #dayGroups}, each with its namespace when {@code byNamespace} (else a null key). */
    private List<Map.Entry<@Nullable UUID, DayGroup>> dayGroupRows(
            @Nullable Collection<String> teams,
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String tier,
            @Nullable Collection<UUID> namespaceIds,
            boolean byNamespace,
            LocalDate first,
            LocalDate last) {
        Table<?> spans = DSL.table(DSL.name("spans"));
        List<Condition> late = conditions(
                DSL.field(DSL.name("spans", "team"), String.class),
                DSL.field(DSL.name("spans", "cluster"), String.class),
                DSL.field(DSL.name("spans", "tier"), String.class),
                teams,
                team,
                cluster,
                tier);
        UUID[] ids = namespaceIds == null ? null : namespaceIds.toArray(UUID[]::new);
        Condition early = ids == null ? DSL.noCondition() : COMPLIANCE_SCORE.NAMESPACE_ID.eq(DSL.any(ids));
        Condition seedOf = ids == null
                ? DSL.noCondition()
                : DSL.condition("e.namespace_id = ANY({0})", DSL.val(ids, SQLDataType.UUID.array()));
        // {10}: the namespace as a grouping column (one line per namespace), or a constant (one line per group)
        Field<?> byNs = byNamespace
                ? DSL.field(DSL.name("spans", "namespace_id"), UUID.class)
                : DSL.inline(null, SQLDataType.UUID);
        OffsetDateTime from = utc(first.atStartOfDay().toInstant(ZoneOffset.UTC));
        OffsetDateTime to = utc(last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        // {0} the namespace (or none) on compliance_score ({6}, id {7}), {8} the same on the evaluations, {1} the
        // filters on the standing scores, {2} first day, {3} last day, {4}/{5} the window's start and end. The seed
        // rows (each namespace's last snapshot before the window) come from one probe of the (namespace_id,
        // computed_at) index per evaluated namespace, not from a scan of older history. Spans are cut per
        // namespace, before the filters, so a namespace that moved to another team stops counting for the old one.
        return db.resultQuery(
                        """
                        WITH points AS (
                          SELECT DISTINCT ON (namespace_id, day) namespace_id, day, team, cluster, tier, score
                          FROM (
                            SELECT namespace_id, CAST(computed_at AT TIME ZONE 'UTC' AS date) AS day,
                                   team, cluster, tier, score, computed_at, id
                            FROM {6}
                            WHERE {0} AND computed_at >= CAST({4} AS timestamptz)
                              AND computed_at < CAST({5} AS timestamptz)
                            UNION ALL
                            SELECT namespace_id, CAST({2} AS date) AS day, team, cluster, tier, score, computed_at, id
                            FROM {6}
                            WHERE {0} AND {7} IN (
                              SELECT last.id FROM compliance_evaluation e CROSS JOIN LATERAL (
                                SELECT s.id FROM compliance_score s
                                WHERE s.namespace_id = e.namespace_id AND s.computed_at < CAST({4} AS timestamptz)
                                ORDER BY s.computed_at DESC, s.id DESC
                                LIMIT 1) AS last
                              WHERE {8})
                          ) AS snapshot
                          ORDER BY namespace_id, day, computed_at DESC, id DESC
                        ), spans AS (
                          SELECT p.namespace_id, p.team, p.cluster, p.tier, p.score, p.day AS from_day,
                                 LEAST(
                                   COALESCE(lead(p.day) OVER (PARTITION BY p.namespace_id ORDER BY p.day),
                                            CAST({3} AS date) + 1),
                                   COALESCE(CAST(e.ended_at AT TIME ZONE 'UTC' AS date), CAST({3} AS date) + 1))
                                   AS to_day
                          FROM points p LEFT JOIN compliance_evaluation e ON e.namespace_id = p.namespace_id
                        )
                        SELECT CAST(d AS date) AS day, spans.team, spans.cluster, spans.tier,
                               sum(spans.score) AS score_sum, count(*) AS namespaces, {10} AS namespace_id
                        FROM {9}
                        CROSS JOIN LATERAL generate_series(spans.from_day, spans.to_day - 1, interval '1 day') AS d
                        WHERE {1}
                        GROUP BY d, spans.team, spans.cluster, spans.tier, {10}
                        ORDER BY d, spans.team, spans.cluster, spans.tier
                        """,
                        early,
                        DSL.and(late),
                        DSL.val(first),
                        DSL.val(last),
                        DSL.val(from),
                        DSL.val(to),
                        COMPLIANCE_SCORE,
                        COMPLIANCE_SCORE.ID,
                        seedOf,
                        spans,
                        byNs)
                .fetch(r -> new java.util.AbstractMap.SimpleImmutableEntry<@Nullable UUID, DayGroup>(
                        r.get(6, UUID.class),
                        new DayGroup(
                                r.get(0, LocalDate.class),
                                r.get(1, String.class),
                                r.get(2, String.class),
                                r.get(3, String.class),
                                r.get(4, BigDecimal.class),
                                r.get(5, Integer.class))));
    }

    /**
     * The rolled-up days from {@code first} to {@code last} (days before today only: a day is rolled up once it is
     * over), filtered; the days not rolled up yet are computed with {@link #dayGroups} first (for every team,
     * cluster and tier) and kept.
     */
    public List<DayGroup> rolledUp(
            @Nullable Collection<String> teams,
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String tier,
            LocalDate first,
            LocalDate last,
            Instant now) {
        if (last.isBefore(first)) {
            return List.of();
        }
        rollUp(first, last, now);
        return db.selectFrom(COMPLIANCE_ROLLUP)
                .where(COMPLIANCE_ROLLUP.DAY.between(first, last))
                .and(DSL.and(conditions(
                        COMPLIANCE_ROLLUP.TEAM,
                        COMPLIANCE_ROLLUP.CLUSTER,
                        COMPLIANCE_ROLLUP.TIER,
                        teams,
                        team,
                        cluster,
                        tier)))
                .orderBy(
                        COMPLIANCE_ROLLUP.DAY,
                        COMPLIANCE_ROLLUP.TEAM,
                        COMPLIANCE_ROLLUP.CLUSTER,
                        COMPLIANCE_ROLLUP.TIER)
                .fetch(r -> new DayGroup(
                        r.getDay(), r.getTeam(), r.getCluster(), r.getTier(), r.getScoreSum(), r.getNamespaces()));
    }

    /**
     * Rolls up the days from {@code first} to {@code last} that are not rolled up yet, one range of consecutive
     * missing days per query.
     *
     * @return how many days were rolled up now
     */
    public int rollUp(LocalDate first, LocalDate last, Instant now) {
        Set<LocalDate> done = new HashSet<>(db.select(COMPLIANCE_ROLLUP_DAY.DAY)
                .from(COMPLIANCE_ROLLUP_DAY)
                .where(COMPLIANCE_ROLLUP_DAY.DAY.between(first, last))
                .fetch(COMPLIANCE_ROLLUP_DAY.DAY));
        int n = 0;
        LocalDate d = first;
        while (!d.isAfter(last)) {
            if (done.contains(d)) {
                d = d.plusDays(1);
                continue;
            }
            LocalDate from = d;
            while (!d.plusDays(1).isAfter(last) && !done.contains(d.plusDays(1))) {
                d = d.plusDays(1);
            }
            LocalDate to = d;
            List<DayGroup> groups = dayGroups(null, null, null, null, null, from, to);
            for (int i = 0; i < groups.size(); i += 1000) {
                var insert = db.insertInto(
                        COMPLIANCE_ROLLUP,
                        COMPLIANCE_ROLLUP.DAY,
                        COMPLIANCE_ROLLUP.TEAM,
                        COMPLIANCE_ROLLUP.CLUSTER,
                        COMPLIANCE_ROLLUP.TIER,
                        COMPLIANCE_ROLLUP.SCORE_SUM,
                        COMPLIANCE_ROLLUP.NAMESPACES);
                for (DayGroup g : groups.subList(i, Math.min(groups.size(), i + 1000))) {
                    insert = insert.values(g.day(), g.team(), g.cluster(), g.tier(), g.sum(), g.namespaces());
                }
                insert.onConflictDoNothing().execute();
            }
            var days =
                    db.insertInto(COMPLIANCE_ROLLUP_DAY, COMPLIANCE_ROLLUP_DAY.DAY, COMPLIANCE_ROLLUP_DAY.COMPUTED_AT);
            for (LocalDate x = from; !x.isAfter(to); x = x.plusDays(1)) {
                days = days.values(x, utc(now));
                n++;
            }
            days.onConflictDoNothing().execute();
            d = to.plusDays(1);
        }
        return n;
    }

    /** Forgets the rolled-up days from {@code day} on (history of that day or later changed). */
    public void forgetRollupFrom(LocalDate day) {
        db.deleteFrom(COMPLIANCE_ROLLUP).where(COMPLIANCE_ROLLUP.DAY.ge(day)).execute();
        db.deleteFrom(COMPLIANCE_ROLLUP_DAY)
                .where(COMPLIANCE_ROLLUP_DAY.DAY.ge(day))
                .execute();
    }

    /**
     * Makes sure a namespace with snapshots has its evaluation row (the trend finds each namespace's last snapshot
     * before a window through it), for history written without an evaluation; an empty hash, so the next evaluation
     * writes its findings.
     */
    public void evaluated(UUID namespaceId, Instant at) {
        db.insertInto(COMPLIANCE_EVALUATION)
                .set(COMPLIANCE_EVALUATION.NAMESPACE_ID, namespaceId)
                .set(COMPLIANCE_EVALUATION.FINDINGS_HASH, "")
                .set(COMPLIANCE_EVALUATION.EVALUATED_AT, utc(at))
                .onConflictDoNothing()
                .execute();
    }

    /** Marks one namespace as ended at {@code now}, unless it already is. */
    public void end(UUID namespaceId, Instant now) {
        endWhere(COMPLIANCE_EVALUATION.NAMESPACE_ID.eq(namespaceId), now);
    }

    /**
     * Marks the namespaces that have been evaluated but are no longer live as ended (once): from the day they
     * ended, their last score no longer stands in the trend.
     *
     * @return how many were marked now
     */
    public int endMissing(Collection<UUID> live, Instant now) {
        return endWhere(COMPLIANCE_EVALUATION.NAMESPACE_ID.ne(DSL.all(live.toArray(UUID[]::new))), now);
    }

    /** Ends the not yet ended namespaces {@code which} selects; the rollup from that day on is recomputed. */
    private int endWhere(Condition which, Instant now) {
        int n = db.update(COMPLIANCE_EVALUATION)
                .set(COMPLIANCE_EVALUATION.ENDED_AT, utc(now))
                .where(COMPLIANCE_EVALUATION.ENDED_AT.isNull())
                .and(which)
                .execute();
        if (n > 0) {
            forgetRollupFrom(day(now));
        }
        return n;
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

    /**
     * The controls with failed findings in each of the given namespaces (one query), per namespace the control with
     * the most failed findings first; namespaces without failures are left out.
     */
    public Map<UUID, List<String>> failingControls(Collection<UUID> namespaceIds) {
        if (namespaceIds.isEmpty()) {
            return Map.of();
        }
        var findings = DSL.count();
        Map<UUID, List<String>> out = new java.util.LinkedHashMap<>();
        db.select(COMPLIANCE_FINDING.NAMESPACE_ID, COMPLIANCE_FINDING.CONTROL_ID, findings)
                .from(COMPLIANCE_FINDING)
                .where(COMPLIANCE_FINDING.RESULT.eq(Finding.Result.FAIL.name()))
                .and(COMPLIANCE_FINDING.NAMESPACE_ID.eq(DSL.any(namespaceIds.toArray(UUID[]::new))))
                .groupBy(COMPLIANCE_FINDING.NAMESPACE_ID, COMPLIANCE_FINDING.CONTROL_ID)
                .orderBy(COMPLIANCE_FINDING.NAMESPACE_ID, findings.desc(), COMPLIANCE_FINDING.CONTROL_ID)
                .forEach(r ->
                        out.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        return out;
    }

    /** Deletes history older than {@code cutoff}; returns the number of rows removed. */
    public int purgeBefore(Instant cutoff) {
        db.deleteFrom(COMPLIANCE_ROLLUP)
                .where(COMPLIANCE_ROLLUP.DAY.lt(day(cutoff)))
                .execute();
        db.deleteFrom(COMPLIANCE_ROLLUP_DAY)
                .where(COMPLIANCE_ROLLUP_DAY.DAY.lt(day(cutoff)))
                .execute();
        return db.deleteFrom(COMPLIANCE_SCORE)
                .where(COMPLIANCE_SCORE.COMPUTED_AT.lt(utc(cutoff)))
                .execute();
    }

    private static List<Condition> conditions(
            @Nullable Collection<String> teams,
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String tier) {
        return conditions(
                COMPLIANCE_SCORE.TEAM, COMPLIANCE_SCORE.CLUSTER, COMPLIANCE_SCORE.TIER, teams, team, cluster, tier);
    }

    private static List<Condition> conditions(
            Field<String> teamField,
            Field<String> clusterField,
            Field<String> tierField,
            @Nullable Collection<String> teams,
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String tier) {
        List<Condition> c = new ArrayList<>();
        if (teams != null) {
            c.add(teamField.in(teams));
        }
        if (team != null) {
            c.add(teamField.eq(team));
        }
        if (cluster != null) {
            c.add(clusterField.eq(cluster));
        }
        if (tier != null) {
            c.add(tierField.eq(tier));
        }
        return c;
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
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
