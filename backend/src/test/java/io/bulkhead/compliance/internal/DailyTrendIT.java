package io.bulkhead.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.bulkhead.clusters.Clusters;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.compliance.TrendPoint;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The daily trend as the database aggregates it (real PostgreSQL): a day's point is the mean of the scores
 * standing at its end, each namespace's last snapshot carries forward until its next one or until the namespace
 * ended, a snapshot before the window seeds its first day, and the filters and the group key select the rows. Each
 * test has its own cluster, so their rows never mix.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DailyTrendIT {
    static final Instant DAY1 = Instant.parse("2026-01-01T10:00:00Z");

    @Autowired
    ComplianceStore store;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    final Set<String> registered = new java.util.HashSet<>();

    @BeforeAll
    void teams() {
        TestClusters.ensureTeams(teams, "payments", "search");
    }

    /**
     * A namespace of {@code team} in a cluster registered for the test, evaluated once. It is DELETED, so that no
     * reconcile or evaluation of the shared context touches it (one may mark it ended at the real today, long after
     * the simulated January these tests look at).
     */
    UUID namespace(String cluster, String name, String team) {
        if (registered.add(cluster)) {
            TestClusters.register(clusters, cluster, "Daily trend test cluster");
        }
        UUID id = UUID.randomUUID();
        Integer version =
                jdbc.queryForObject("SELECT max(version) FROM tier_version WHERE tier = 'baseline'", Integer.class);
        OffsetDateTime at = DAY1.minus(Duration.ofDays(400)).atOffset(ZoneOffset.UTC);
        jdbc.update(
                "INSERT INTO managed_namespace (id, cluster, name, team, tier, tier_version, quota_preset, state,"
                        + " needs_review, requested_by, requested_by_name, requested_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, 'baseline', ?, 'small', 'DELETED', false, 'test', 'Test', ?, ?)",
                id,
                cluster,
                name,
                team,
                version,
                at,
                at);
        jdbc.update(
                "INSERT INTO compliance_evaluation (namespace_id, findings_hash, evaluated_at) VALUES (?, '', ?)",
                id,
                at);
        return id;
    }

    void snapshot(UUID id, String cluster, String name, String team, String score, Instant at) {
        store.snapshots(
                List.of(new NamespaceScore(id, cluster, name, team, "baseline", new BigDecimal(score), 1, 0, 0, at)));
    }

    /** A trend point with its line's key. */
    record Point(String key, LocalDate day, BigDecimal score, int namespaces) {}

    static List<Point> points(Map<String, List<TrendPoint>> lines) {
        List<Point> out = new java.util.ArrayList<>();
        lines.forEach((k, line) -> line.forEach(p -> out.add(new Point(k, p.day(), p.score(), p.namespaces()))));
        return out;
    }

    List<Point> trend(String cluster, ScoreFilter.GroupBy by, LocalDate first, LocalDate last) {
        return points(DayGroups.lines(store.dayGroups(null, null, cluster, null, null, first, last), by));
    }

    List<Point> daily(
            java.util.Collection<String> teams,
            String team,
            String cluster,
            UUID namespace,
            LocalDate first,
            LocalDate last) {
        return points(DayGroups.lines(store.dayGroups(teams, team, cluster, null, namespace, first, last), null));
    }

    List<Point> rolledUp(String cluster, ScoreFilter.GroupBy by, LocalDate first, LocalDate last) {
        return points(DayGroups.lines(
                store.rolledUp(null, null, cluster, null, first, last, Instant.parse("2026-06-01T00:00:00Z")), by));
    }

    static LocalDate day(int n) {
        return LocalDate.parse("2026-01-01").plusDays(n - 1L);
    }

    @Test
    void eachNamespacesLastScoreOfADayCarriesForwardAndTheDayIsTheirMean() {
        String c = "trend-carry";
        UUID a = namespace(c, "a", "payments");
        UUID b = namespace(c, "b", "payments");
        snapshot(a, c, "a", "payments", "40.0", DAY1); // day 1, replaced later that day
        snapshot(a, c, "a", "payments", "50.0", DAY1.plus(Duration.ofHours(1))); // day 1's value for a
        snapshot(b, c, "b", "payments", "100.0", DAY1.plus(Duration.ofDays(1))); // day 2
        snapshot(a, c, "a", "payments", "70.0", DAY1.plus(Duration.ofDays(1).plusHours(2))); // day 2
        snapshot(a, c, "a", "payments", "0.0", DAY1.plus(Duration.ofDays(9))); // after the window: not seen

        assertThat(trend(c, null, day(1), day(4)))
                .extracting(p -> p.key(), p -> p.day(), p -> p.score().toPlainString(), p -> p.namespaces())
                .containsExactly(
                        tuple("", day(1), "50.0", 1),
                        tuple("", day(2), "85.0", 2),
                        tuple("", day(3), "85.0", 2),
                        tuple("", day(4), "85.0", 2));
    }

    @Test
    void theLastSnapshotBeforeTheWindowSeedsItsFirstDayAndDaysBeforeAnyScoreAreLeftOut() {
        String c = "trend-seed";
        UUID a = namespace(c, "a", "payments");
        UUID b = namespace(c, "b", "payments");
        snapshot(a, c, "a", "payments", "10.0", DAY1);
        snapshot(a, c, "a", "payments", "40.0", DAY1.plus(Duration.ofDays(1)));
        snapshot(b, c, "b", "payments", "90.0", DAY1.plus(Duration.ofDays(35)));

        assertThat(trend(c, null, day(31), day(37)))
                .extracting(p -> p.day(), p -> p.score().toPlainString(), p -> p.namespaces())
                .containsExactly(
                        tuple(day(31), "40.0", 1),
                        tuple(day(32), "40.0", 1),
                        tuple(day(33), "40.0", 1),
                        tuple(day(34), "40.0", 1),
                        tuple(day(35), "40.0", 1),
                        tuple(day(36), "65.0", 2),
                        tuple(day(37), "65.0", 2));
        // before the first snapshot of any namespace there is no point at all
        assertThat(trend(c, null, day(-5), day(1))).extracting(p -> p.day()).containsExactly(day(1));
    }

    @Test
    void anEndedNamespaceLeavesTheTrendOnTheDayItEnded() {
        String c = "trend-ended";
        UUID a = namespace(c, "a", "payments");
        UUID b = namespace(c, "b", "payments");
        snapshot(a, c, "a", "payments", "20.0", DAY1);
        snapshot(b, c, "b", "payments", "80.0", DAY1);
        // b ended on day 3; a did not
        jdbc.update(
                "UPDATE compliance_evaluation SET ended_at = ? WHERE namespace_id = ?",
                DAY1.plus(Duration.ofDays(2)).atOffset(ZoneOffset.UTC),
                b);
        jdbc.update("UPDATE compliance_evaluation SET ended_at = NULL WHERE namespace_id = ?", a);

        assertThat(trend(c, null, day(1), day(5)))
                .extracting(p -> p.day(), p -> p.score().toPlainString(), p -> p.namespaces())
                .containsExactly(
                        tuple(day(1), "50.0", 2),
                        tuple(day(2), "50.0", 2),
                        tuple(day(3), "20.0", 1),
                        tuple(day(4), "20.0", 1),
                        tuple(day(5), "20.0", 1));
    }

    @Test
    void aNamespaceThatMovedToAnotherTeamCountsForTheNewTeamOnlyFromThatDay() {
        String c = "trend-moved";
        UUID a = namespace(c, "a", "payments");
        snapshot(a, c, "a", "payments", "40.0", DAY1);
        snapshot(a, c, "a", "search", "60.0", DAY1.plus(Duration.ofDays(2)));

        assertThat(trend(c, ScoreFilter.GroupBy.TEAM, day(1), day(4)))
                .extracting(p -> p.key(), p -> p.day(), p -> p.score().toPlainString())
                .containsExactly(
                        tuple("payments", day(1), "40.0"),
                        tuple("payments", day(2), "40.0"),
                        tuple("search", day(3), "60.0"),
                        tuple("search", day(4), "60.0"));
        assertThat(daily(null, "payments", c, null, day(1), day(4)))
                .extracting(p -> p.day())
                .containsExactly(day(1), day(2));
    }

    @Test
    void rolledUpDaysGiveTheSameTrendAndAreRecomputedWhenTheirHistoryChanges() {
        String c = "trend-rollup";
        UUID a = namespace(c, "a", "payments");
        UUID b = namespace(c, "b", "search");
        snapshot(a, c, "a", "payments", "30.0", DAY1);
        snapshot(b, c, "b", "search", "90.0", DAY1.plus(Duration.ofDays(1)));
        snapshot(a, c, "a", "payments", "50.0", DAY1.plus(Duration.ofDays(3)));

        for (ScoreFilter.GroupBy by : new ScoreFilter.GroupBy[] {null, ScoreFilter.GroupBy.TEAM}) {
            assertThat(rolledUp(c, by, day(1), day(6))).isEqualTo(trend(c, by, day(1), day(6)));
        }
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM compliance_rollup_day WHERE day BETWEEN ? AND ?",
                        Integer.class,
                        day(1),
                        day(6)))
                .isEqualTo(6);
        // a snapshot written for day 2 afterwards (demo history does that): days 2 on are recomputed
        snapshot(b, c, "b", "search", "10.0", DAY1.plus(Duration.ofDays(1)).plus(Duration.ofHours(5)));
        assertThat(rolledUp(c, null, day(1), day(6)))
                .isEqualTo(trend(c, null, day(1), day(6)))
                .extracting(p -> p.day(), p -> p.score().toPlainString())
                .startsWith(tuple(day(1), "30.0"), tuple(day(2), "20.0"), tuple(day(3), "20.0"));
        // a namespace that ended on day 5: recomputed from day 5 on, where only a stands
        store.end(b, DAY1.plus(Duration.ofDays(4)));
        assertThat(rolledUp(c, null, day(1), day(6)))
                .isEqualTo(trend(c, null, day(1), day(6)))
                .extracting(p -> p.day(), p -> p.score().toPlainString(), p -> p.namespaces())
                .endsWith(tuple(day(4), "30.0", 2), tuple(day(5), "50.0", 1), tuple(day(6), "50.0", 1));
    }

    @Test
    void endMissingMarksANamespaceThatIsNoLongerLiveOnceAndLeavesTheLiveOnesAlone() {
        String c = "trend-end";
        UUID gone = namespace(c, "gone", "payments");
        UUID live = namespace(c, "live", "payments");
        jdbc.update("UPDATE compliance_evaluation SET ended_at = NULL WHERE namespace_id = ANY(?)", (Object)
                new UUID[] {gone, live});
        // every other evaluated namespace counts as live here, so only "gone" can be marked
        Set<UUID> others = Set.copyOf(jdbc.queryForList(
                "SELECT namespace_id FROM compliance_evaluation WHERE namespace_id <> ?", UUID.class, gone));
        store.endMissing(others, DAY1);
        OffsetDateTime marked = endedAt(gone);
        assertThat(marked).isNotNull();
        assertThat(endedAt(live)).isNull();
        store.endMissing(others, DAY1.plus(Duration.ofDays(3)));
        assertThat(endedAt(gone)).as("marked once").isEqualTo(marked);
    }

    OffsetDateTime endedAt(UUID id) {
        return jdbc.queryForObject(
                "SELECT ended_at FROM compliance_evaluation WHERE namespace_id = ?", OffsetDateTime.class, id);
    }

    @Test
    void groupsByTheKeyAndKeepsToTheFilters() {
        String c = "trend-groups";
        UUID p1 = namespace(c, "p1", "payments");
        UUID p2 = namespace(c, "p2", "payments");
        UUID s1 = namespace(c, "s1", "search");
        snapshot(p1, c, "p1", "payments", "33.3", DAY1);
        snapshot(p2, c, "p2", "payments", "66.6", DAY1);
        snapshot(s1, c, "s1", "search", "100.0", DAY1.plus(Duration.ofDays(1)));

        Map<String, List<String>> byTeam = new java.util.TreeMap<>();
        trend(c, ScoreFilter.GroupBy.TEAM, day(1), day(2))
                .forEach(p -> byTeam.computeIfAbsent(p.key(), k -> new java.util.ArrayList<>())
                        .add(p.day() + "=" + p.score().toPlainString() + "/" + p.namespaces()));
        // 33.3 and 66.6: mean 49.95, one decimal half up
        assertThat(byTeam)
                .containsExactly(
                        Map.entry("payments", List.of(day(1) + "=50.0/2", day(2) + "=50.0/2")),
                        Map.entry("search", List.of(day(2) + "=100.0/1")));
        assertThat(trend(c, ScoreFilter.GroupBy.TIER, day(2), day(2)))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.key()).isEqualTo("baseline");
                    assertThat(p.score()).isEqualByComparingTo("66.6"); // (33.3 + 66.6 + 100) / 3 = 66.63
                    assertThat(p.namespaces()).isEqualTo(3);
                });
        // a developer's teams, a team filter, one namespace
        assertThat(daily(List.of("search"), null, c, null, day(1), day(2)))
                .extracting(p -> p.day(), p -> p.namespaces())
                .containsExactly(tuple(day(2), 1));
        assertThat(daily(List.of("search"), "payments", c, null, day(1), day(2)))
                .isEmpty();
        assertThat(daily(null, null, null, p2, day(1), day(1)))
                .singleElement()
                .satisfies(p -> assertThat(p.score()).isEqualByComparingTo("66.6"));
    }

    @Test
    void manyNamespacesLinesInOneQueryAreEachOnesOwnLine() {
        String c = "trend-many";
        UUID a = namespace(c, "a", "payments");
        UUID b = namespace(c, "b", "payments");
        UUID s1 = namespace(c, "s1", "search");
        UUID none = namespace(c, "none", "payments");
        snapshot(a, c, "a", "payments", "10.0", DAY1);
        snapshot(a, c, "a", "payments", "40.0", DAY1.plus(Duration.ofDays(2)));
        snapshot(b, c, "b", "payments", "90.0", DAY1.minus(Duration.ofDays(3)));
        snapshot(s1, c, "s1", "search", "70.0", DAY1.plus(Duration.ofDays(1)));

        Map<UUID, List<ComplianceStore.DayGroup>> lines =
                store.namespaceDayGroups(null, List.of(a, b, s1, none), day(1), day(4));
        // each line is exactly that namespace's own trend (the one-namespace query), seeds and carry-forward included
        for (UUID id : List.of(a, b, s1)) {
            assertThat(points(Map.of("", DayGroups.line(lines.get(id)))))
                    .as("namespace %s", id)
                    .isEqualTo(daily(null, null, null, id, day(1), day(4)));
        }
        assertThat(DayGroups.line(lines.get(a)))
                .extracting(p -> p.score().toPlainString())
                .containsExactly("10.0", "10.0", "40.0", "40.0");
        assertThat(DayGroups.line(lines.get(b)))
                .hasSize(4)
                .allSatisfy(p -> assertThat(p.namespaces()).isEqualTo(1));
        // no score: no line; a team filter (a developer's teams) keeps the other team's line out
        assertThat(lines).containsOnlyKeys(a, b, s1);
        assertThat(store.namespaceDayGroups(List.of("search"), List.of(a, b, s1), day(1), day(4)))
                .containsOnlyKeys(s1);
        assertThat(store.namespaceDayGroups(null, List.of(), day(1), day(4))).isEmpty();
    }
}
