package io.bulkhead.bench;

import io.bulkhead.compliance.Compliance;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.tiers.Tiers;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inventory and compliance at scale against the real kube-apiserver of {@link KubeTestEnv} and the embedded
 * PostgreSQL of the backend test support. Prints figures; asserts nothing. Sizes from system properties
 * {@code bench.namespaces} (10,000), {@code bench.pods} per namespace (15), {@code bench.threads} (32) for seeding,
 * {@code bench.events} (300).
 *
 * <ol>
 *   <li>Seed: N namespaces (each with its {@code default} ServiceAccount) and N×P bare pods — pods never schedule
 *       (there is no scheduler). Managed namespaces are inserted READY through {@link NamespaceStore#insert}, so
 *       the inventory covers them; nothing is provisioned.
 *   <li>Cold sync: {@link Inventory#sync} on an empty inventory: wall time and the peak heap while it runs (heap
 *       sampled every 10 ms, and the pools' peaks; the JVM runs with -Xmx1g).
 *   <li>Compliance: {@link Compliance#evaluateAll} of every namespace, first (findings written) and again
 *       (unchanged).
 *   <li>Watch: {@link Inventory#watch} starts the informers; when their initial list is through, E new pods are
 *       created one every 50 ms and a poller reads the database every 20 ms: event-to-database latency is first
 *       seen in the database minus the start of the create call.
 * </ol>
 */
public final class InventoryBench {
    static final String CLUSTER = "inv-bench";
    static final String TIER = "baseline";
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    private final ConfigurableApplicationContext ctx;
    private final KubernetesClient kube;
    private final JdbcTemplate jdbc;
    private final Inventory inventory;
    private final Compliance compliance;

    private InventoryBench(ConfigurableApplicationContext ctx, KubernetesClient kube) {
        this.ctx = ctx;
        this.kube = kube;
        this.jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
        this.inventory = ctx.getBean(Inventory.class);
        this.compliance = ctx.getBean(Compliance.class);
    }

    public static void main(String[] args) throws Exception {
        int namespaces = Integer.getInteger("bench.namespaces", 10_000);
        int pods = Integer.getInteger("bench.pods", 15);
        int threads = Integer.getInteger("bench.threads", 32);
        int events = Integer.getInteger("bench.events", 300);

        long t0 = System.nanoTime();
        KubeTestEnv env = KubeTestEnv.get();
        ConfigurableApplicationContext ctx = BenchSupport.start(Map.of(
                "bulkhead.inventory.sync-interval", "24h",
                "bulkhead.inventory.watch", "false",
                "bulkhead.compliance.snapshot-interval", "24h"));
        Config cfg = Config.fromKubeconfig(env.kubeconfig());
        cfg.setMaxConcurrentRequests(threads * 2);
        cfg.setMaxConcurrentRequestsPerHost(threads * 2);
        cfg.setRequestTimeout(120_000);
        KubernetesClient kube = new KubernetesClientBuilder().withConfig(cfg).build();
        System.out.printf(
                "setup: control plane + context in %d ms; %d cores; max heap %d MiB%n",
                ms(System.nanoTime() - t0),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        int code = 0;
        try {
            InventoryBench b = new InventoryBench(ctx, kube);
            BenchSupport.register(ctx, CLUSTER, "Inventory benchmark cluster");
            if ("db".equals(System.getProperty("bench.seed", "cluster"))) {
                // recompute only: the inventory rows written straight into the database (minutes instead of hours)
                b.seedDatabase(namespaces, pods, threads);
                b.recompute();
            } else {
                b.seed(namespaces, pods, threads);
                b.coldSync(namespaces, pods);
                b.recompute();
                b.watch(events);
            }
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        } finally {
            kube.close();
            ctx.close();
        }
        System.exit(code);
    }

    static String ns(int i) {
        return String.format(Locale.ROOT, "inv-%05d", i);
    }

    private void seed(int namespaces, int pods, int threads) throws Exception {
        System.out.printf("%n== seed: %d namespaces x %d pods = %d pods ==%n", namespaces, pods, namespaces * pods);
        NamespaceStore store = ctx.getBean(NamespaceStore.class);
        int version = ctx.getBean(Tiers.class).latestVersion(TIER).orElseThrow();
        long t = System.nanoTime();
        for (int i = 0; i < namespaces; i++) {
            store.insert(managed(ns(i), version));
        }
        System.out.printf("managed namespaces in the database: %d ms%n", ms(System.nanoTime() - t));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        t = System.nanoTime();
        run(pool, namespaces, i -> {
            kube.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns(i))
                            .endMetadata()
                            .build())
                    .create();
            kube.serviceAccounts()
                    .inNamespace(ns(i))
                    .resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName("default")
                            .endMetadata()
                            .withAutomountServiceAccountToken(false)
                            .build())
                    .create();
        });
        System.out.printf("namespaces + service accounts created: %d ms%n", ms(System.nanoTime() - t));
        t = System.nanoTime();
        long podStart = t;
        AtomicLong done = new AtomicLong();
        long total = (long) namespaces * pods;
        run(pool, namespaces * pods, k -> {
            int i = k / pods;
            kube.pods().inNamespace(ns(i)).resource(pod("p" + (k % pods), k)).create();
            long n = done.incrementAndGet();
            if (n % 10_000 == 0) {
                System.out.printf(
                        "  %d/%d pods (%d/s)%n", n, total, n * 1_000_000_000L / (System.nanoTime() - podStart));
            }
        });
        long podMs = ms(System.nanoTime() - t);
        System.out.printf("pods created: %d in %d ms (%.0f/s)%n", total, podMs, total * 1000.0 / podMs);
        pool.shutdown();
    }

    private static void run(ExecutorService pool, int n, java.util.function.IntConsumer task) throws Exception {
        List<Future<?>> fs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            fs.add(pool.submit(() -> task.accept(k)));
        }
        for (Future<?> f : fs) {
            f.get();
        }
    }

    /** Three kinds of pod: hardened, half-hardened, careless. */
    static Pod pod(String name, int k) {
        var b = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(k % 3 == 0 ? Boolean.FALSE : null)
                .addNewContainer()
                .withName("app")
                .withImage(
                        k % 3 == 2
                                ? "docker.io/library/nginx:1.27"
                                : "ghcr.io/bulkhead-io/app-" + (k % 50) + "@" + DIGEST)
                .endContainer()
                .endSpec()
                .build();
        var c = b.getSpec().getContainers().getFirst();
        if (k % 3 != 2) {
            c.setSecurityContext(new SecurityContextBuilder()
                    .withAllowPrivilegeEscalation(false)
                    .withRunAsNonRoot(true)
                    .withRunAsUser(1000L)
                    .withReadOnlyRootFilesystem(k % 3 == 0)
                    .withNewCapabilities()
                    .withDrop("ALL")
                    .endCapabilities()
                    .withNewSeccompProfile()
                    .withType("RuntimeDefault")
                    .endSeccompProfile()
                    .build());
            c.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                    .withLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi")))
                    .build());
        }
        return b;
    }

    /**
     * The same namespaces and pods as {@link #seed}, written into the inventory tables through the inventory's own
     * writer and mapper (no API server round trips), then one evaluation that writes the first findings.
     */
    private void seedDatabase(int namespaces, int pods, int threads) throws Exception {
        System.out.printf(
                "%n== seed (database only): %d namespaces x %d pods = %d pods ==%n",
                namespaces, pods, namespaces * pods);
        NamespaceStore store = ctx.getBean(NamespaceStore.class);
        int version = ctx.getBean(Tiers.class).latestVersion(TIER).orElseThrow();
        long t = System.nanoTime();
        for (int i = 0; i < namespaces; i++) {
            store.insert(managed(ns(i), version));
        }
        System.out.printf("managed namespaces in the database: %d ms%n", ms(System.nanoTime() - t));
        var inventoryStore = ctx.getBean(io.bulkhead.inventory.internal.InventoryStore.class);
        var tx = new org.springframework.transaction.support.TransactionTemplate(
                ctx.getBean(org.springframework.transaction.PlatformTransactionManager.class));
        // only the cluster's owner may write its inventory: wait for this replica's lease
        var ownership = ctx.getBean(io.bulkhead.clusters.ClusterOwnership.class);
        for (long end = System.nanoTime() + 60_000_000_000L; !ownership.owns(CLUSTER); ) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("this replica did not get the lease of " + CLUSTER + " in 60 s");
            }
            Thread.sleep(200);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, 8));
        t = System.nanoTime();
        run(pool, namespaces, i -> {
            List<Pod> list = new ArrayList<>(pods);
            for (int p = 0; p < pods; p++) {
                Pod pod = pod("p" + p, i * pods + p);
                pod.getSpec().setServiceAccountName("default"); // what the API server defaults
                list.add(pod);
            }
            // the inventory's writes pass the cluster's fencing check, which runs inside a transaction
            tx.executeWithoutResult(st ->
                    io.bulkhead.inventory.internal.BenchInventorySeed.write(inventoryStore, CLUSTER, ns(i), list, 1));
        });
        pool.shutdown();
        System.out.printf("inventory rows written: %d ms%n", ms(System.nanoTime() - t));
        t = System.nanoTime();
        int n = compliance.evaluateAll(false);
        Integer findings = jdbc.queryForObject("SELECT count(*) FROM compliance_finding", Integer.class);
        System.out.printf(
                "first evaluation (writes every finding): %d namespaces in %d ms; %d finding rows%n",
                n, ms(System.nanoTime() - t), findings);
    }

    /** CPU time (user + system) of every PostgreSQL process of this machine's user, from /proc; -1 if unreadable. */
    static long postgresCpuNanos() {
        long ticks = 0;
        try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (var d : (Iterable<java.nio.file.Path>) dirs::iterator) {
                String pid = d.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = java.nio.file.Files.readString(d.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(stat.indexOf('(') + 1, close);
                    if (!comm.startsWith("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                } catch (java.io.IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private void coldSync(int namespaces, int pods) throws Exception {
        System.out.printf("%n== cold sync (empty inventory) ==%n");
        jdbc.update("DELETE FROM inventory_workload WHERE cluster = ?", CLUSTER);
        jdbc.update("DELETE FROM inventory_namespace WHERE cluster = ?", CLUSTER);
        HeapSampler heap = HeapSampler.start();
        long t = System.nanoTime();
        int changed = inventory.sync(CLUSTER).size();
        long elapsed = System.nanoTime() - t;
        long heapAtSync = heap.sampledSoFar();
        Integer rows = jdbc.queryForObject(
                "SELECT count(*) FROM inventory_workload WHERE cluster = ?", Integer.class, CLUSTER);
        System.out.printf(
                "cold sync: %d ms; %d namespaces changed; %d workload rows (expected %d); heap peak sampled %d MiB%n",
                ms(elapsed), changed, rows, (long) namespaces * pods, heapAtSync >> 20);
        // the sync queued the changed namespaces for compliance, which evaluates them on its own thread
        if (!compliance.awaitQueuedEvaluations(java.time.Duration.ofMinutes(10))) {
            throw new IllegalStateException("compliance did not catch up within 10 minutes");
        }
        long caughtUp = System.nanoTime() - t;
        HeapSampler.Peak peak = heap.stop();
        Integer findings = jdbc.queryForObject("SELECT count(*) FROM compliance_finding", Integer.class);
        Integer scored =
                jdbc.queryForObject("SELECT count(DISTINCT namespace_id) FROM compliance_score", Integer.class);
        System.out.printf(
                "first compliance evaluation (queued by the sync) done %d ms after the sync started (%d ms after it"
                        + " returned); %d namespaces scored, %d finding rows%n"
                        + "heap over sync + evaluation: peak sampled %d MiB, pools' peak sum %d MiB; after full GC"
                        + " %d MiB%n",
                ms(caughtUp),
                ms(caughtUp - elapsed),
                scored,
                findings,
                peak.sampled() >> 20,
                peak.pools() >> 20,
                HeapSampler.usedAfterGc() >> 20);
        heap = HeapSampler.start();
        t = System.nanoTime();
        changed = inventory.sync(CLUSTER).size();
        elapsed = System.nanoTime() - t;
        peak = heap.stop();
        System.out.printf(
                "warm sync (nothing changed): %d ms; %d namespaces changed; heap peak sampled %d MiB%n",
                ms(elapsed), changed, peak.sampled() >> 20);
    }

    private void recompute() throws Exception {
        System.out.printf("%n== compliance: evaluate every namespace ==%n");
        for (int pass = 1; pass <= 4; pass++) {
            // pass 4: every thread of this JVM (GC included) on one core; PostgreSQL keeps both
            boolean pinned = pass == 4 && pin("0");
            HeapSampler heap = HeapSampler.start();
            long cpu = jvmCpuNanos();
            long pg = postgresCpuNanos();
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long t = System.nanoTime();
            int n = compliance.evaluateAll(false);
            long elapsed = System.nanoTime() - t;
            cpu = jvmCpuNanos() - cpu;
            pg = postgresCpuNanos() - pg;
            Integer findings = jdbc.queryForObject("SELECT count(*) FROM compliance_finding", Integer.class);
            if (pinned) {
                pin("0-" + (Runtime.getRuntime().availableProcessors() - 1));
            }
            System.out.printf(
                    "pass %d%s: %d namespaces in %d ms (%.2f ms/namespace); CPU: JVM %d ms, PostgreSQL %d ms;"
                            + " %d finding rows; heap peak %d MiB; load average before %.2f%n",
                    pass,
                    pinned ? " (JVM pinned to one core)" : "",
                    n,
                    ms(elapsed),
                    elapsed / 1e6 / Math.max(1, n),
                    ms(cpu),
                    pg < 0 ? -1 : ms(pg),
                    findings,
                    heap.stop().sampled() >> 20,
                    load);
        }
    }

    /** Sets the CPU affinity of every thread of this JVM with taskset; false if that is not possible here. */
    private static boolean pin(String cpus) throws Exception {
        try {
            Process p = new ProcessBuilder(
                            "taskset",
                            "-a",
                            "-p",
                            "-c",
                            cpus,
                            Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void watch(int events) throws Exception {
        System.out.printf("%n== watch: event to database ==%n");
        long t = System.nanoTime();
        inventory.watch(CLUSTER);
        // the informers' initial list (paged): wait until every informer has synced and its events are written
        HeapSampler heap = HeapSampler.start();
        while (!inventory.watchSynced(CLUSTER)) {
            Thread.sleep(50);
        }
        Thread.sleep(500); // the last batch's transaction
        System.out.printf(
                "watch started, initial list through and written in %d ms; heap peak meanwhile %d MiB; heap after"
                        + " full GC %d MiB (informer stores hold key + resourceVersion only)%n",
                ms(System.nanoTime() - t - 500_000_000L), heap.stop().sampled() >> 20, HeapSampler.usedAfterGc() >> 20);

        Map<String, Long> created = new HashMap<>();
        Map<String, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = Thread.ofPlatform().name("db-poller").start(() -> {
            while (polling.get()) {
                long now = System.nanoTime();
                jdbc.queryForList(
                                "SELECT name FROM inventory_workload WHERE cluster = ? AND namespace = ? AND name LIKE 'evt-%'",
                                String.class, CLUSTER, ns(0))
                        .forEach(n -> seen.putIfAbsent(n, now));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        for (int i = 0; i < events; i++) {
            String name = "evt-" + i;
            long start = System.nanoTime();
            created.put(name, start);
            kube.pods().inNamespace(ns(0)).resource(pod(name, i)).create();
            Thread.sleep(50);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.size() < events && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        polling.set(false);
        poller.join();
        long[] lat = created.entrySet().stream()
                .filter(e -> seen.containsKey(e.getKey()))
                .mapToLong(e -> seen.get(e.getKey()) - e.getValue())
                .sorted()
                .toArray();
        System.out.printf(
                Locale.ROOT,
                "events: %d created, %d seen in the database; latency ms p50 %.0f  p95 %.0f  p99 %.0f  max %.0f"
                        + " (poll every 20 ms)%n",
                events,
                lat.length,
                p(lat, 50),
                p(lat, 95),
                p(lat, 99),
                lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1e6);
    }

    static double p(long[] sorted, int pct) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(pct / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static ManagedNamespace managed(String name, int version) {
        return BenchSupport.namespace(CLUSTER, name, TIER, version, NamespaceState.READY);
    }

    static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Samples the used heap every 10 ms; also reads the heap pools' peak usage. */
    static final class HeapSampler {
        record Peak(long sampled, long pools) {}

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong max = new AtomicLong();
        private Thread thread;

        static HeapSampler start() {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(p -> p.resetPeakUsage());
            HeapSampler s = new HeapSampler();
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            s.thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                while (s.running.get()) {
                    s.max.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return s;
        }

        long sampledSoFar() {
            return max.get();
        }

        Peak stop() throws InterruptedException {
            running.set(false);
            thread.join();
            long pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed())
                    .sum();
            return new Peak(max.get(), pools);
        }

        static long usedAfterGc() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
