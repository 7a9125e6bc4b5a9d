package io.bulkhead.bench;

import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.kube.FleetControlPlane;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.internal.ClusterPasses;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.TestClusters;
import io.bulkhead.tiers.Tiers;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fleet of real API servers registered at once (issue 16): {@code bench.fleet.clusters} control planes (default
 * 10, each its own etcd + kube-apiserver, {@link FleetControlPlane}) with {@code bench.fleet.namespaces} baseline
 * namespaces each (default 1,000), provisioned by a first reconcile pass. Prints: the heap and platform threads per
 * registered idle cluster (watches running), how long a killed cluster takes to show as unreachable with the probe
 * loop running as the scheduler runs it, and reconcile / inventory pass times with one cluster killed and one paused
 * ({@code SIGSTOP}) against all healthy. Asserts nothing.
 */
public final class FleetBench {
    private static final String TIER = "baseline";

    private FleetBench() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.fleet.clusters", 10);
        int perCluster = Integer.getInteger("bench.fleet.namespaces", 1000);
        int idleSeconds = Integer.getInteger("bench.fleet.idleSeconds", 65);
        long probeInterval = Long.getLong("bench.fleet.probeIntervalMs", 15_000);
        System.out.printf("FleetBench: %d clusters x %d namespaces; load average %s%n", n, perCluster, load());
        long t0 = System.nanoTime();
        ConfigurableApplicationContext ctx = BenchSupport.start(Map.of(
                "bulkhead.inventory.watch", "true",
                "bulkhead.drift.watch", "true"));
        System.out.printf("context started in %d ms%n", ms(t0));
        int code = 0;
        List<FleetControlPlane> planes = List.of();
        try {
            Snapshot empty = Snapshot.take("no cluster registered", 5);
            long ts = System.nanoTime();
            planes = FleetControlPlane.startMany("bench-fleet", n);
            System.out.printf("%d control planes started at once in %d ms; load average %s%n", n, ms(ts), load());
            run(ctx, planes, perCluster, idleSeconds, probeInterval, empty);
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        } finally {
            planes.forEach(FleetControlPlane::close);
            ctx.close();
        }
        System.exit(code);
    }

    private static void run(
            ConfigurableApplicationContext ctx,
            List<FleetControlPlane> planes,
            int perCluster,
            int idleSeconds,
            long probeInterval,
            Snapshot empty)
            throws Exception {
        Clusters clusters = ctx.getBean(Clusters.class);
        ClusterPasses passes = ctx.getBean(ClusterPasses.class);
        Inventory inventory = ctx.getBean(Inventory.class);
        NamespaceStore store = ctx.getBean(NamespaceStore.class);
        int version = ctx.getBean(Tiers.class).latestVersion(TIER).orElseThrow();
        TestClusters.ensureTeams(ctx.getBean(Teams.class), BenchSupport.TEAM);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < planes.size(); i++) {
            String name = "fleet-" + (i + 1);
            ClusterSummary s = TestClusters.register(
                    clusters, name, "Fleet " + (i + 1), planes.get(i).kubeconfig());
            names.add(name);
            if (!s.status().equals("REACHABLE")) {
                throw new IllegalStateException(name + " is " + s.status() + ": " + s.statusReason());
            }
        }
        long ti = System.nanoTime();
        for (String cluster : names) {
            for (int j = 0; j < perCluster; j++) {
                store.insert(
                        BenchSupport.namespace(cluster, cluster + "-ns-" + j, TIER, version, NamespaceState.APPROVED));
            }
        }
        System.out.printf("%d namespace rows inserted in %d ms%n", names.size() * perCluster, ms(ti));

        System.out.println();
        System.out.println("== provisioning: the first reconcile pass of every cluster, all at once ==");
        passes(passes, names, "provisioning");
        System.out.println("== reconcile passes, all healthy ==");
        Map<String, ClusterPasses.Result> healthy = passes(passes, names, "healthy");
        System.out.println("== inventory, all healthy (syncAll: starts the watches, then LIST-syncs each) ==");
        long healthySync = syncAll(inventory);
        Map<String, Long> healthySyncs = syncEach(inventory, names, "healthy");

        System.out.println();
        System.out.printf("== idle: %d s without work, then heap after GC and platform threads ==%n", idleSeconds);
        Thread.sleep(idleSeconds * 1000L);
        Snapshot idle = Snapshot.take(names.size() + " clusters registered and watched, idle", 5);
        System.out.printf(
                Locale.ROOT,
                "per idle cluster: heap %.1f MB, platform threads %.2f (%d clusters, %d namespaces each;"
                        + " no cluster: %.1f MB, %d threads; with: %.1f MB, %d threads); load average %s%n",
                (idle.heapBytes - empty.heapBytes) / 1e6 / names.size(),
                (double) (idle.threads - empty.threads) / names.size(),
                names.size(),
                perCluster,
                empty.heapBytes / 1e6,
                empty.threads,
                idle.heapBytes / 1e6,
                idle.threads,
                load());
        System.out.println("threads by name prefix (idle): " + idle.byPrefix);

        System.out.println();
        System.out.println("== a dead cluster's health, with the probe loop of the scheduler (FixedDelay "
                + probeInterval + " ms) ==");
        String dead = names.get(0);
        String paused = names.get(1);
        AtomicBoolean probing = new AtomicBoolean(true);
        java.util.concurrent.CountDownLatch firstRound = new java.util.concurrent.CountDownLatch(1);
        Thread loop = Thread.ofVirtual().start(() -> {
            while (probing.get()) {
                long tr = System.nanoTime();
                Map<String, String> r = clusters.probeAll();
                System.out.printf("  probe round: %d ms %s%n", ms(tr), r);
                firstRound.countDown();
                try {
                    Thread.sleep(probeInterval);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        firstRound.await();
        // right after a round: the worst moment to die, a whole interval before the next round
        long killedAt = System.nanoTime();
        planes.get(0).kill();
        planes.get(1).pause();
        long shown = -1;
        while (ms(killedAt) < 120_000) {
            ClusterSummary s = clusters.findAsSystem(dead).orElseThrow();
            if (!s.status().equals("REACHABLE")) {
                shown = ms(killedAt);
                System.out.printf("%s killed: shown %s after %d ms (%s)%n", dead, s.status(), shown, s.statusReason());
                break;
            }
            Thread.sleep(100);
        }
        if (shown < 0) {
            System.out.println(dead + " killed: still REACHABLE after 120 s");
        }

        System.out.println();
        System.out.printf("== one cluster killed (%s), one paused (%s) ==%n", dead, paused);
        Map<String, ClusterPasses.Result> degraded = passes(passes, names, "degraded");
        long degradedSync = syncAll(inventory);
        Map<String, Long> degradedSyncs = syncEach(inventory, names, "degraded");
        probing.set(false);
        loop.interrupt();
        loop.join();

        System.out.println();
        System.out.println("== ratios, healthy clusters only (degraded / all healthy) ==");
        long hp = 0;
        long dp = 0;
        long hs = 0;
        long ds = 0;
        for (String c : names.subList(2, names.size())) {
            hp += healthy.get(c).millis();
            dp += degraded.get(c).millis();
            hs += healthySyncs.get(c);
            ds += degradedSyncs.get(c);
        }
        System.out.printf(
                Locale.ROOT,
                "reconcile pass, mean of the %d healthy clusters: %.0f ms -> %.0f ms (ratio %.2f)%n",
                names.size() - 2,
                (double) hp / (names.size() - 2),
                (double) dp / (names.size() - 2),
                (double) dp / hp);
        System.out.printf(
                Locale.ROOT,
                "inventory sync, mean of the %d healthy clusters: %.0f ms -> %.0f ms (ratio %.2f)%n",
                names.size() - 2,
                (double) hs / (names.size() - 2),
                (double) ds / (names.size() - 2),
                (double) ds / hs);
        System.out.printf(
                "passes over the down clusters: %s %d ms (%s), %s %d ms (%s)%n",
                dead,
                degraded.get(dead).millis(),
                degraded.get(dead).unavailable(),
                paused,
                degraded.get(paused).millis(),
                degraded.get(paused).unavailable());
        System.out.printf(
                "syncAll wall time: all healthy %d ms, degraded %d ms (it returns when every cluster has ended,"
                        + " the paused one at its request time-out)%n",
                healthySync, degradedSync);
        planes.get(1).resume();
        System.out.printf("%nload average at the end %s%n", load());
    }

    /** One reconcile pass per cluster, all at once (as db-scheduler runs reconcile-cluster/<name>). */
    private static Map<String, ClusterPasses.Result> passes(ClusterPasses passes, List<String> names, String label) {
        long t = System.nanoTime();
        Map<String, CompletableFuture<ClusterPasses.Result>> running = new LinkedHashMap<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(names.size())) {
            for (String c : names) {
                running.put(c, CompletableFuture.supplyAsync(() -> passes.reconcile(c), threads));
            }
            Map<String, ClusterPasses.Result> out = new LinkedHashMap<>();
            running.forEach((c, f) -> out.put(c, f.join()));
            long wall = ms(t);
            out.values()
                    .forEach(r -> System.out.printf(
                            Locale.ROOT,
                            "  %-10s %-12s %5d namespaces in %7d ms (%.1f ms/ns), failed %d%s%n",
                            r.cluster(),
                            label,
                            r.reconciled(),
                            r.millis(),
                            r.reconciled() == 0 ? 0.0 : (double) r.millis() / r.reconciled(),
                            r.failed(),
                            r.unavailable() == null ? "" : ", ended: " + r.unavailable()));
            System.out.printf("  wall time %d ms; load average %s%n", wall, load());
            return out;
        }
    }

    private static long syncAll(Inventory inventory) {
        long t = System.nanoTime();
        inventory.syncAll();
        long wall = ms(t);
        System.out.printf("  syncAll: %d ms; load average %s%n", wall, load());
        return wall;
    }

    /** Inventory.sync per cluster, all at once, timed each (what syncAll runs per cluster). */
    private static Map<String, Long> syncEach(Inventory inventory, List<String> names, String label) {
        Map<String, CompletableFuture<Long>> running = new LinkedHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String c : names) {
                running.put(
                        c,
                        CompletableFuture.supplyAsync(
                                () -> {
                                    long t = System.nanoTime();
                                    try {
                                        inventory.sync(c);
                                    } catch (RuntimeException e) {
                                        System.out.printf("  %-10s sync failed: %s%n", c, e.getMessage());
                                    }
                                    return ms(t);
                                },
                                threads));
            }
            Map<String, Long> out = new LinkedHashMap<>();
            running.forEach((c, f) -> out.put(c, f.join()));
            System.out.printf("  inventory sync per cluster (%s): %s ms%n", label, out);
            return out;
        }
    }

    record Snapshot(long heapBytes, int threads, Map<String, Integer> byPrefix) {
        static Snapshot take(String label, int gcs) throws InterruptedException {
            for (int i = 0; i < gcs; i++) {
                System.gc();
                Thread.sleep(300);
            }
            Runtime rt = Runtime.getRuntime();
            long heap = rt.totalMemory() - rt.freeMemory();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            Map<String, Integer> byPrefix = new java.util.TreeMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String p = t.getName().replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N");
                byPrefix.merge(p, 1, Integer::sum);
            }
            System.out.printf("%s: heap after GC %.1f MB, %d platform threads%n", label, heap / 1e6, threads);
            return new Snapshot(heap, threads, byPrefix);
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String load() {
        return BenchSupport.loadAverage();
    }
}
