package io.bulkhead.bench;

import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.manager;
import static io.bulkhead.testsupport.TestUsers.signIn;

import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.compliance.TrendPoint;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.TestClusters;
import io.bulkhead.tiers.Tiers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The manager dashboard's trend reads over a year of history: N namespaces ({@code bench.namespaces}, 10,000) in
 * T teams ({@code bench.teams}, 20), each with one score snapshot a day for D days ({@code bench.days}, 365) — what
 * the daily snapshot leaves behind — written straight into the embedded PostgreSQL. Then, for 7/30/90/365 days,
 * {@link Compliance#trend} (all namespaces), {@link Compliance#trendBy} by team and by tier as a manager, and by
 * team as a developer of one team, each three times: wall time (min/median/max) and the heap sampled meanwhile.
 * Before them, {@link Compliance#rollUpHistory} rolls up the closed days (what the daily run does; otherwise the
 * first read would), timed on its own: reads take the closed days from the rollup and today from the snapshots.
 * Last, {@link Compliance#namespaceTrend} over 30 days for 50 namespaces (the sparklines of a grid page). Prints
 * figures; asserts nothing.
 */
public final class TrendBench {
    static final String CLUSTER = "trend-bench";
    static final String TIER = "baseline";

    public static void main(String[] args) throws Exception {
        int namespaces = Integer.getInteger("bench.namespaces", 10_000);
        int teams = Integer.getInteger("bench.teams", 20);
        int days = Integer.getInteger("bench.days", 365);
        KubeTestEnv.get(); // the control plane, before the context that registers it
        ConfigurableApplicationContext ctx = BenchSupport.start(Map.of(
                "bulkhead.inventory.sync-interval", "24h",
                "bulkhead.inventory.watch", "false",
                "bulkhead.compliance.snapshot-interval", "24h"));
        int code = 0;
        try {
            BenchSupport.register(ctx, CLUSTER, "Trend benchmark cluster");
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            List<UUID> ids = seed(ctx, jdbc, namespaces, teams, days);
            measure(ctx.getBean(Compliance.class), ids);
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        } finally {
            ctx.close();
        }
        System.exit(code);
    }

    static String team(int i) {
        return String.format(Locale.ROOT, "trend-%02d", i);
    }

    private static List<UUID> seed(
            ConfigurableApplicationContext ctx, JdbcTemplate jdbc, int namespaces, int teams, int days) {
        System.out.printf(
                "%n== seed: %d namespaces in %d teams, one snapshot a day for %d days = %d rows ==%n",
                namespaces, teams, days, (long) namespaces * days);
        TestClusters.ensureTeams(
                ctx.getBean(Teams.class),
                IntStream.range(0, teams).mapToObj(TrendBench::team).toArray(String[]::new));
        NamespaceStore store = ctx.getBean(NamespaceStore.class);
        int version = ctx.getBean(Tiers.class).latestVersion(TIER).orElseThrow();
        long start = System.nanoTime();
        List<UUID> ids = new ArrayList<>(namespaces);
        for (int i = 0; i < namespaces; i++) {
            var ns = BenchSupport.namespace(
                    CLUSTER, String.format(Locale.ROOT, "tr-%05d", i), TIER, version, NamespaceState.READY);
            store.insert(ns);
            ids.add(ns.id());
        }
        jdbc.update(
                "UPDATE managed_namespace SET team = 'trend-' || lpad((abs(hashtext(name)) % ?)::text, 2, '0')"
                        + " WHERE cluster = ?",
                teams, CLUSTER);
        jdbc.update(
                "INSERT INTO compliance_evaluation (namespace_id, findings_hash, evaluated_at)"
                        + " SELECT id, '', now() FROM managed_namespace WHERE cluster = ?",
                CLUSTER);
        // a score that wanders a little around a per-namespace level, one snapshot a day at 02:00 UTC
        int rows = jdbc.update(
                "INSERT INTO compliance_score (namespace_id, cluster, namespace, team, tier, score, passed, failed,"
                        + " waived, computed_at)"
                        + " SELECT m.id, m.cluster, m.name, m.team, m.tier,"
                        + "  least(100, greatest(0, round((60 + abs(hashtext(m.name)) % 35 + 5 * sin(d / 7.0))::numeric,"
                        + " 1))), 40, 4, 1,"
                        + "  (current_date - d)::timestamp AT TIME ZONE 'UTC' + interval '2 hours'"
                        + " FROM managed_namespace m CROSS JOIN generate_series(0, ? - 1) AS d WHERE m.cluster = ?",
                days, CLUSTER);
        // written around the portal: the rollup the startup's daily run made of the then empty history is stale
        jdbc.update("DELETE FROM compliance_rollup");
        jdbc.update("DELETE FROM compliance_rollup_day");
        jdbc.execute("ANALYZE compliance_score");
        jdbc.execute("ANALYZE compliance_evaluation");
        System.out.printf("seeded %d snapshots in %d ms%n", rows, (System.nanoTime() - start) / 1_000_000);
        return ids;
    }

    private static void measure(Compliance compliance, List<UUID> ids) throws Exception {
        System.out.printf("%n== rollup of the closed days (the daily run, or the first trend read) ==%n");
        InventoryBench.HeapSampler heap = InventoryBench.HeapSampler.start();
        long t0 = System.nanoTime();
        int rolled = compliance.rollUpHistory();
        System.out.printf(
                "rolled up %d days in %d ms; heap peak sampled %d MiB%n",
                rolled, (System.nanoTime() - t0) / 1_000_000, heap.stop().sampled() >> 20);
        t0 = System.nanoTime();
        rolled = compliance.rollUpHistory();
        System.out.printf("again, nothing to do: %d days in %d ms%n", rolled, (System.nanoTime() - t0) / 1_000_000);

        System.out.printf("%n== trend reads (3 runs each: min / median / max ms; heap peak sampled) ==%n");
        ScoreFilter all = new ScoreFilter(null, CLUSTER, null);
        for (int days : new int[] {7, 30, 90, 365}) {
            run("manager, trend, all namespaces", days, () -> {
                try (var s = signIn(manager("mona"))) {
                    return points(compliance.trend(all, days));
                }
            });
            run("manager, trendBy team", days, () -> {
                try (var s = signIn(manager("mona"))) {
                    return compliance.trendBy(all, ScoreFilter.GroupBy.TEAM, days).values().stream()
                            .mapToInt(List::size)
                            .sum();
                }
            });
            run("manager, trendBy tier", days, () -> {
                try (var s = signIn(manager("mona"))) {
                    return compliance.trendBy(all, ScoreFilter.GroupBy.TIER, days).values().stream()
                            .mapToInt(List::size)
                            .sum();
                }
            });
            run("developer of one team, trendBy team", days, () -> {
                try (var s = signIn(developer("dana", team(0)))) {
                    return compliance.trendBy(all, ScoreFilter.GroupBy.TEAM, days).values().stream()
                            .mapToInt(List::size)
                            .sum();
                }
            });
        }
        long[] spark = new long[50];
        try (var s = signIn(manager("mona"))) {
            for (int i = 0; i < spark.length; i++) {
                long t = System.nanoTime();
                compliance.namespaceTrend(ids.get(i * (ids.size() / spark.length)), 30);
                spark[i] = System.nanoTime() - t;
            }
        }
        Arrays.sort(spark);
        System.out.printf(
                Locale.ROOT,
                "namespaceTrend, 30 days, 50 namespaces: p50 %.1f ms, p95 %.1f ms%n",
                InventoryBench.p(spark, 50),
                InventoryBench.p(spark, 95));
    }

    private static int points(List<TrendPoint> trend) {
        return trend.size();
    }

    private static void run(String what, int days, Supplier<Integer> read) throws InterruptedException {
        long[] times = new long[3];
        long heap = 0;
        int points = 0;
        for (int i = 0; i < times.length; i++) {
            InventoryBench.HeapSampler sampler = InventoryBench.HeapSampler.start();
            long t = System.nanoTime();
            points = read.get();
            times[i] = System.nanoTime() - t;
            heap = Math.max(heap, sampler.stop().sampled());
        }
        Arrays.sort(times);
        System.out.printf(
                Locale.ROOT,
                "%-38s %3d days: %6.0f / %6.0f / %6.0f ms; %5d points; heap peak %d MiB%n",
                what,
                days,
                times[0] / 1e6,
                times[1] / 1e6,
                times[2] / 1e6,
                points,
                heap >> 20);
    }
}
