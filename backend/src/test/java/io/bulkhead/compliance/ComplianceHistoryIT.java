package io.bulkhead.compliance;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.manager;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.clusters.Clusters;
import io.bulkhead.exceptions.ExceptionDebt;
import io.bulkhead.exceptions.ExceptionRequest;
import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.MutableClock;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Score history and its aggregates over simulated days (an injected clock, real PostgreSQL and kube-apiserver):
 * the daily snapshot gives one point a day, a bad workload lowers the day's score and its removal restores it, the
 * trend is aggregated by team, the top failing controls and the exception debt are counted, retention purges only
 * what is older than it, and developers see only their teams in every one of these reads.
 */
@BackendIntegrationTest
@Import(ComplianceHistoryIT.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceHistoryIT {
    static final String CLUSTER = "hist-cluster";
    /** The same API server registered again: the other tests' namespaces stay out of the history test's filters. */
    static final String OTHER = "hist-other";

    static final String PAY = "hist-pay";
    static final String SEARCH = "hist-search";
    /** The simulation starts this many days ago, so that "today" of the last simulated day is the real today. */
    static final int DAYS = 10;

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        @Bean
        @Primary
        MutableClock historyClock() {
            return new MutableClock();
        }
    }

    @Autowired
    Compliance compliance;

    @Autowired
    Inventory inventory;

    @Autowired
    Namespaces namespaces;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    PolicyExceptions exceptions;

    @Autowired
    MutableClock clock;

    @Autowired
    org.jooq.DSLContext db;

    KubernetesClient admin;

    @BeforeAll
    void registerClusterAndTeams() {
        admin = KubeTestEnv.get().admin();
        TestClusters.ensureTeams(teams, "payments", "search");
        assertThat(TestClusters.register(clusters, CLUSTER, "History test cluster")
                        .status())
                .isEqualTo("REACHABLE");
        assertThat(TestClusters.register(clusters, OTHER, "History test cluster, other tests")
                        .status())
                .isEqualTo("REACHABLE");
    }

    @AfterAll
    void resetClock() {
        clock.reset();
    }

    ManagedNamespace provision(String name, String team, String developer) {
        return provision(CLUSTER, name, team, developer);
    }

    ManagedNamespace provision(String cluster, String name, String team, String developer) {
        return TestClusters.provisionBaseline(namespaces, cluster, name, team, developer, "History test");
    }

    /** Syncs the cluster's inventory and waits until compliance has evaluated what changed (queued by the sync). */
    void syncAndEvaluate() throws InterruptedException {
        inventory.sync(CLUSTER);
        assertThat(compliance.awaitQueuedEvaluations(Duration.ofSeconds(30))).isTrue();
    }

    /** Moves to the next simulated day at 12:00 UTC and takes the daily snapshot. */
    void nextDay() {
        clock.advance(Duration.ofDays(1));
        compliance.evaluateAll(true);
    }

    @Test
    void historyGivesDailyPointsTheDipOfABadWorkloadAndAggregatesForTheUsersTeamsOnly() {
        // day 0 = DAYS days ago; each later day is one step forward, the last one is today. The clock moves back
        // before provisioning: a score computed at the real now (a background evaluation of the fresh namespace,
        // before its objects are in the inventory) would otherwise stay the latest one for the whole simulation
        clock.advance(Duration.ofDays(-DAYS));
        ManagedNamespace pay = provision(PAY, "payments", "alice");
        ManagedNamespace search = provision(SEARCH, "search", "bob");
        LocalDate day0 = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        // the inventory has seen the namespaces' own objects (quota, limit range, policies): nothing fails
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            inventory.sync(CLUSTER);
            compliance.evaluateAll(true);
            assertThat(latest(pay).failed())
                    .as("failing on %s: %s", PAY, failing(pay))
                    .isZero();
            assertThat(latest(search).failed())
                    .as("failing on %s: %s", SEARCH, failing(search))
                    .isZero();
        });
        BigDecimal clean = latest(pay).score();
        assertThat(clean).isEqualByComparingTo("100");

        nextDay(); // day 1
        nextDay(); // day 2: a workload with most mistakes arrives
        var bad = ComplianceIT.deployment("bad", false);
        bad.getMetadata().setNamespace(PAY);
        admin.resource(bad).create();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            syncAndEvaluate();
            assertThat(latest(pay).failed()).isPositive();
        });
        BigDecimal dip = latest(pay).score();
        assertThat(dip).isLessThan(clean);

        // top failing controls count the namespaces and findings of the bad workload, for payments only
        try (var s = signIn(manager("mona"))) {
            List<ControlFailures> top = compliance.topFailingControls(new ScoreFilter("payments", CLUSTER, null), 100);
            // a baseline-tier namespace: the restricted-only Pod Security checks it fails are advice, not failures
            assertThat(top).hasSizeGreaterThan(2);
            assertThat(top).noneSatisfy(c -> assertThat(c.control().id()).isEqualTo("pss-run-as-non-root"));
            assertThat(compliance.topFailingControls(new ScoreFilter("payments", CLUSTER, null), 2))
                    .containsExactlyElementsOf(top.subList(0, 2));
            assertThat(top).anySatisfy(c -> {
                assertThat(c.control().id()).isEqualTo("img-digest");
                assertThat(c.namespaces()).isEqualTo(1);
                assertThat(c.findings()).isEqualTo(1);
            });
            assertThat(compliance.topFailingControls(new ScoreFilter("search", CLUSTER, null), 5))
                    .isEmpty();
            assertThatThrownBy(() -> compliance.topFailingControls(ScoreFilter.ALL, 0))
                    .isInstanceOf(ValidationException.class);
        }

        nextDay(); // day 3
        nextDay(); // day 4: the bad workload goes
        admin.apps().deployments().inNamespace(PAY).withName("bad").delete();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            syncAndEvaluate();
            assertThat(latest(pay).failed()).isZero();
        });
        while (!LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).equals(day0.plusDays(DAYS))) {
            nextDay();
        }

        try (var s = signIn(manager("mona"))) {
            // one point a day, days before the first score left out; the dip on days 2–3 only
            List<TrendPoint> trend = compliance.trend(new ScoreFilter("payments", CLUSTER, null), DAYS + 5);
            assertThat(trend).first().extracting(TrendPoint::day).isEqualTo(day0);
            assertThat(trend).hasSize(DAYS + 1);
            assertThat(trend).allSatisfy(p -> assertThat(p.namespaces()).isEqualTo(1));
            for (TrendPoint p : trend) {
                long d = p.day().toEpochDay() - day0.toEpochDay();
                assertThat(p.score()).as("day %d", d).isEqualByComparingTo(d == 2 || d == 3 ? dip : clean);
            }
            // by team: each team its own line; the cluster filter keeps other tests' namespaces out
            Map<String, List<TrendPoint>> byTeam =
                    compliance.trendBy(new ScoreFilter(null, CLUSTER, null), ScoreFilter.GroupBy.TEAM, 7);
            assertThat(byTeam).containsOnlyKeys("payments", "search");
            assertThat(byTeam.get("search"))
                    .hasSize(7)
                    .allSatisfy(p -> assertThat(p.score()).isEqualByComparingTo("100"));
            assertThat(byTeam.get("payments")).hasSize(7);
            assertThat(compliance.trendBy(new ScoreFilter(null, CLUSTER, null), ScoreFilter.GroupBy.TIER, 30))
                    .containsOnlyKeys("baseline");
            assertThatThrownBy(() -> compliance.trend(ScoreFilter.ALL, 0)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> compliance.trend(ScoreFilter.ALL, 401)).isInstanceOf(ValidationException.class);
        }

        // the namespace's own trend (the sparkline) is the same line
        try (var s = signIn(developer("alice", "payments"))) {
            List<TrendPoint> spark = compliance.namespaceTrend(pay.id(), DAYS + 1);
            assertThat(spark).hasSize(DAYS + 1);
            assertThat(spark.get(2).score()).isEqualByComparingTo(dip);
            assertThat(spark.getLast().score()).isEqualByComparingTo(clean);
            // the grid's batch read gives the same line, and only for the user's teams
            assertThat(compliance.namespaceTrends(List.of(pay.id(), search.id()), DAYS + 1))
                    .containsOnlyKeys(pay.id())
                    .containsEntry(pay.id(), spark);
            assertThat(compliance.latest(pay.id())).isPresent();
            assertThat(compliance.trendBy(ScoreFilter.ALL, ScoreFilter.GroupBy.TEAM, 30))
                    .containsOnlyKeys("payments");
        }
        // another team's developer sees neither the line, the score nor the team in aggregates
        try (var s = signIn(developer("bob", "search"))) {
            assertThatThrownBy(() -> compliance.namespaceTrend(pay.id(), 7)).isInstanceOf(AccessDeniedException.class);
            assertThat(compliance.namespaceTrends(List.of(pay.id()), 7)).isEmpty();
            assertThatThrownBy(() -> compliance.latest(pay.id())).isInstanceOf(AccessDeniedException.class);
            assertThat(compliance.trendBy(ScoreFilter.ALL, ScoreFilter.GroupBy.TEAM, 30))
                    .containsOnlyKeys("search");
            assertThat(compliance.trend(new ScoreFilter("payments", null, null), 30))
                    .isEmpty();
            assertThat(compliance.topFailingControls(ScoreFilter.ALL, 100))
                    .allSatisfy(c -> assertThat(c.namespaces()).isPositive());
            assertThat(compliance.latest(search.id())).isPresent();
        }
    }

    @Test
    void exceptionDebtCountsOpenExceptionsTheirAgeAndThoseEndingSoonPerVisibleTeam() {
        ManagedNamespace ns = provision(OTHER, "hist-debt", "payments", "alice");
        int before;
        try (var s = signIn(manager("mona"))) {
            before = debt("payments").map(ExceptionDebt::pending).orElse(0);
        }
        java.util.UUID exceptionId;
        try (var s = signIn(developer("alice", "payments"))) {
            exceptionId = exceptions
                    .request(new ExceptionRequest(
                            ns.id(),
                            "pss-privileged",
                            null,
                            ExceptionScope.NAMESPACE,
                            List.of(),
                            "A vendor agent needs privileged pods until its next release.",
                            null,
                            14))
                    .id();
        }
        clock.advance(Duration.ofDays(3));
        try {
            try (var s = signIn(manager("mona"))) {
                ExceptionDebt d = debt("payments").orElseThrow();
                assertThat(d.pending()).isEqualTo(before + 1);
                assertThat(d.open()).isEqualTo(d.pending() + d.inForce());
                // at least this one is 3 days old; the mean is over every open payments exception
                assertThat(d.averageAgeDays()).isPositive();
            }
            try (var s = signIn(developer("bob", "search"))) {
                assertThat(exceptions.debt()).noneMatch(d -> d.team().equals("payments"));
            }
            try (var s = signIn(developer("alice", "payments"))) {
                assertThat(exceptions.debt())
                        .allSatisfy(d -> assertThat(d.team()).isEqualTo("payments"));
            }
        } finally {
            clock.advance(Duration.ofDays(-3));
            try (var s = signIn(developer("alice", "payments"))) {
                exceptions.withdraw(exceptionId);
            }
        }
    }

    @Test
    void aDecommissionedNamespacesScoreLeavesTheTrendOnTheDayItWasDecommissioned() {
        ManagedNamespace ns = provision(OTHER, "hist-gone", "search", "bob");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        compliance.seedHistory(
                CurrentUser.SYSTEM,
                ns.id(),
                new Score(new BigDecimal("50.0"), 1, 1, 0),
                clock.instant().minus(Duration.ofDays(1)));
        assertThat(compliance.evaluate(ns.id(), true)).isPresent();
        int searchToday;
        try (var s = signIn(admin("admin"))) {
            assertThat(compliance.namespaceTrend(ns.id(), 2))
                    .extracting(TrendPoint::day)
                    .containsExactly(today.minusDays(1), today);
            searchToday = searchNamespacesToday();
        }

        try (var s = signIn(developer("bob", "search"))) {
            namespaces.decommission(ns.id(), ns.name());
        }
        try (var s = signIn(admin("admin"))) {
            // yesterday it stood; from today it no longer counts, in its own line and in the aggregates
            assertThat(compliance.namespaceTrend(ns.id(), 2))
                    .extracting(TrendPoint::day)
                    .containsExactly(today.minusDays(1));
            assertThat(searchNamespacesToday()).isEqualTo(searchToday - 1);
            assertThat(compliance.namespaceScores(new ScoreFilter("search", OTHER, null)))
                    .noneMatch(x -> x.namespaceId().equals(ns.id()));
        }
    }

    /** How many namespaces today's point of team search in the other cluster counts (other tests add some). */
    private int searchNamespacesToday() {
        return compliance
                .trendBy(new ScoreFilter(null, OTHER, null), ScoreFilter.GroupBy.TEAM, 1)
                .getOrDefault("search", List.of())
                .stream()
                .mapToInt(TrendPoint::namespaces)
                .sum();
    }

    @Test
    void aCatalogChangeInTheHistoryIsReportedOnTheDayOfItsFirstSnapshot() {
        ManagedNamespace ns = provision(OTHER, "hist-catalog", "search", "bob");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        // a snapshot scored by the previous catalog (version 1) 40 days ago, then the current one
        compliance.seedHistory(
                CurrentUser.SYSTEM,
                ns.id(),
                new Score(new BigDecimal("95.0"), 9, 1, 0),
                clock.instant().minus(Duration.ofDays(40)));
        db.update(io.bulkhead.db.jooq.Tables.COMPLIANCE_SCORE)
                .set(io.bulkhead.db.jooq.Tables.COMPLIANCE_SCORE.CATALOG_VERSION, 1)
                .where(io.bulkhead.db.jooq.Tables.COMPLIANCE_SCORE.NAMESPACE_ID.eq(ns.id()))
                .execute();
        assertThat(compliance.evaluate(ns.id(), true)).isPresent();
        var score = io.bulkhead.db.jooq.Tables.COMPLIANCE_SCORE;
        // the first snapshot of the current catalog in the whole history (other tests of a shared database add some)
        LocalDate firstCurrent = db.select(org.jooq.impl.DSL.min(score.COMPUTED_AT))
                .from(score)
                .where(score.CATALOG_VERSION.eq(io.bulkhead.compliance.internal.ControlCatalog.VERSION))
                .fetchOne(0, java.time.OffsetDateTime.class)
                .withOffsetSameInstant(ZoneOffset.UTC)
                .toLocalDate();
        assertThat(firstCurrent).isBeforeOrEqualTo(today);
        try (var s = signIn(developer("bob", "search"))) {
            List<CatalogChange> changes = compliance.catalogChanges(400);
            // version 1 is the history's oldest: no change; the current version starts with its first snapshot
            if (firstCurrent.isAfter(today.minusDays(400))) {
                assertThat(changes)
                        .containsExactly(new CatalogChange(
                                firstCurrent, io.bulkhead.compliance.internal.ControlCatalog.VERSION));
            } else {
                assertThat(changes).isEmpty();
            }
            assertThat(compliance.catalogChanges(1))
                    .allSatisfy(c -> assertThat(c.day()).isEqualTo(today));
            assertThatThrownBy(() -> compliance.catalogChanges(0)).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void seedingHistoryIsForThePortalItselfAndNeverInTheFuture() {
        ManagedNamespace ns = provision(OTHER, "hist-seed", "search", "bob");
        Score s = new Score(new BigDecimal("50.0"), 1, 1, 0);
        assertThatThrownBy(() -> compliance.seedHistory(
                        io.bulkhead.testsupport.TestUsers.user(
                                "mona", java.util.Set.of(io.bulkhead.identity.Role.ADMIN)),
                        ns.id(),
                        s,
                        clock.instant().minus(Duration.ofDays(1))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> compliance.seedHistory(
                        CurrentUser.SYSTEM, ns.id(), s, clock.instant().plus(Duration.ofDays(1))))
                .isInstanceOf(ValidationException.class);
        compliance.seedHistory(CurrentUser.SYSTEM, ns.id(), s, clock.instant().minus(Duration.ofDays(2)));
        try (var x = signIn(developer("bob", "search"))) {
            assertThat(compliance.namespaceTrend(ns.id(), 3))
                    .first()
                    .satisfies(p -> assertThat(p.score()).isEqualByComparingTo("50.0"));
        }
    }

    private java.util.Optional<ExceptionDebt> debt(String team) {
        return exceptions.debt().stream().filter(d -> d.team().equals(team)).findFirst();
    }

    /** The failing findings of a namespace, control and object, for an assertion's message. */
    private List<String> failing(ManagedNamespace ns) {
        try (var s = signIn(admin("admin"))) {
            return compliance.findings(ns.id()).stream()
                    .filter(f -> f.result() == Finding.Result.FAIL)
                    .map(f -> f.controlId() + " on '" + f.workload() + "' " + f.field() + "=" + f.actual())
                    .toList();
        }
    }

    private NamespaceScore latest(ManagedNamespace ns) {
        try (var s = signIn(admin("admin"))) {
            return compliance.latest(ns.id()).orElseThrow();
        }
    }
}
