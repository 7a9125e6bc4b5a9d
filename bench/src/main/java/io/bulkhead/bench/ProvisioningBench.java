package io.bulkhead.bench;

import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.provisioning.internal.render.DesiredState;
import io.bulkhead.tiers.Tiers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Provisioning and reconcile figures against the real kube-apiserver of {@link KubeTestEnv} and the embedded
 * PostgreSQL of the backend test support. Prints figures; asserts nothing. Sizes come from system properties
 * {@code bench.sequential}, {@code bench.concurrent}, {@code bench.threads}, {@code bench.reconcile}.
 *
 * <p>Namespaces are inserted as APPROVED through {@link NamespaceStore#insert} (no review, nothing scheduled on
 * db-scheduler) and provisioned by calling {@link Provisioner#reconcile} directly, so the scheduler never races
 * the measurement. The raw baseline renders the same objects and applies each with fabric8 server-side apply.
 */
public final class ProvisioningBench {
    static final String CLUSTER = "bench";
    static final String TIER = "baseline";
    static final EnumSet<NamespaceState> RECONCILED = EnumSet.of(
            NamespaceState.APPROVED,
            NamespaceState.PROVISIONING,
            NamespaceState.READY,
            NamespaceState.FAILED,
            NamespaceState.DECOMMISSIONING);

    private final ConfigurableApplicationContext ctx;
    private final Provisioner provisioner;
    private final NamespaceStore store;
    private final KubernetesClient raw;
    private final KubernetesClient metricsClient;
    private final int tierVersion;

    private ProvisioningBench(ConfigurableApplicationContext ctx, KubeTestEnv env) {
        this.ctx = ctx;
        this.provisioner = ctx.getBean(Provisioner.class);
        this.store = ctx.getBean(NamespaceStore.class);
        this.raw = env.admin();
        this.metricsClient = env.admin();
        this.tierVersion = ctx.getBean(Tiers.class).latestVersion(TIER).orElseThrow();
    }

    public static void main(String[] args) throws Exception {
        int sequential = Integer.getInteger("bench.sequential", 200);
        int concurrent = Integer.getInteger("bench.concurrent", 200);
        int threads = Integer.getInteger("bench.threads", 20);
        int reconcile = Integer.getInteger("bench.reconcile", 1000);

        long t0 = System.nanoTime();
        KubeTestEnv env = KubeTestEnv.get();
        ConfigurableApplicationContext ctx = BenchSupport.start(Map.of());
        System.out.printf("setup: control plane + context in %d ms; %d cores%n", ms(System.nanoTime() - t0), cores());
        int code = 0;
        try {
            ProvisioningBench b = new ProvisioningBench(ctx, env);
            b.setUp();
            b.run(sequential, concurrent, threads, reconcile);
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        } finally {
            ctx.close();
        }
        System.exit(code);
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private void setUp() {
        System.out.println("cluster probe: "
                + BenchSupport.register(ctx, CLUSTER, "Benchmark cluster").status());
    }

    private void run(int sequential, int concurrent, int threads, int reconcile) throws Exception {
        // warm-up (JIT, connection pools, the shared cluster-scoped policies): not counted
        timed("bulkhead", 0, 10, 1, this::bulkhead);
        timed("raw", 0, 10, 1, this::raw);
        System.out.printf(
                "objects per namespace (baseline v%d): %d (%d namespaced + %d cluster-scoped)%n",
                tierVersion,
                desired(fake("x")).namespaceObjects().size()
                        + desired(fake("x")).clusterPolicies().size(),
                desired(fake("x")).namespaceObjects().size(),
                desired(fake("x")).clusterPolicies().size());

        System.out.println();
        System.out.println("== 1/2. Provisioning one namespace (full object set), latency per namespace ==");
        Stats bs = timed("bulkhead", 1000, sequential, 1, this::bulkhead);
        Stats rs = timed("raw", 1000, sequential, 1, this::raw);
        Stats bc = timed("bulkhead", 2000, concurrent, threads, this::bulkhead);
        Stats rc = timed("raw", 2000, concurrent, threads, this::raw);
        System.out.printf("%-34s %8s %8s %8s %8s %10s%n", "", "p50 ms", "p95 ms", "max ms", "mean ms", "ns/s");
        print("bulkhead sequential (n=" + sequential + ")", bs);
        print("raw fabric8 sequential", rs);
        print("bulkhead " + threads + " threads (n=" + concurrent + ")", bc);
        print("raw fabric8 " + threads + " threads", rc);
        System.out.printf(
                Locale.ROOT,
                "ratio bulkhead/raw  sequential: p50 %.2f  p95 %.2f   %d threads: p50 %.2f  p95 %.2f%n",
                bs.p(50) / rs.p(50),
                bs.p(95) / rs.p(95),
                threads,
                bc.p(50) / rc.p(50),
                bc.p(95) / rc.p(95));

        int have = store.inStates(CLUSTER, RECONCILED).size();
        if (have < reconcile) {
            long t = System.nanoTime();
            timed("bulkhead", 3000, reconcile - have, threads, this::bulkhead);
            System.out.printf(
                    "%nprovisioned %d more namespaces for the reconcile pass in %d ms%n",
                    reconcile - have, ms(System.nanoTime() - t));
        }

        System.out.println();
        System.out.println("== 3. Reconcile pass over unchanged, provisioned namespaces ==");
        System.out.println("-- per namespace, one GET per object (reconcile(id), the reconcile-namespace path):");
        for (int pass = 1; pass <= 2; pass++) {
            reconcilePass(pass, false);
        }
        System.out.println("-- cluster snapshot, one LIST per kind (beginPass + reconcile(id, pass) + finish, the"
                + " reconcile-cluster path):");
        for (int pass = 3; pass <= 5; pass++) {
            reconcilePass(pass, true);
        }
    }

    /** The loop of ProvisioningTasks' reconcile-cluster task (with or without the cluster snapshot). */
    private void reconcilePass(int pass, boolean snapshot) {
        Map<String, Long> before = apiRequests();
        long t = System.nanoTime();
        List<ManagedNamespace> all = store.inStates(CLUSTER, RECONCILED);
        Provisioner.Pass clusterPass = snapshot ? provisioner.beginPass(CLUSTER) : null;
        long tList = System.nanoTime() - t;
        long writes = 0;
        int notReady = 0;
        for (ManagedNamespace ns : all) {
            Provisioner.Outcome o = provisioner.reconcile(ns.id(), clusterPass);
            writes += o.writes();
            if (o.state() != NamespaceState.READY) {
                notReady++;
            }
        }
        if (clusterPass != null) {
            provisioner.finish(clusterPass);
        }
        long elapsed = System.nanoTime() - t;
        Map<String, Long> requests = diff(before, apiRequests());
        long total = requests.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                Locale.ROOT,
                "pass %d: %d namespaces in %d ms (%.2f ms/namespace; DB list + snapshot %d ms), writes=%d, "
                        + "not READY=%d, API requests=%d (%.1f/namespace) %s%n",
                pass,
                all.size(),
                ms(elapsed),
                elapsed / 1e6 / all.size(),
                ms(tList),
                writes,
                notReady,
                total,
                (double) total / all.size(),
                requests);
    }

    // --- one namespace, Bulkhead's way and raw

    private long bulkhead(String name) {
        ManagedNamespace ns = fake(name);
        store.insert(ns);
        long t = System.nanoTime();
        Provisioner.Outcome o = provisioner.reconcile(ns.id());
        long elapsed = System.nanoTime() - t;
        if (o.state() != NamespaceState.READY) {
            throw new IllegalStateException("Namespace " + name + " ended " + o);
        }
        return elapsed;
    }

    private long raw(String name) {
        long t = System.nanoTime();
        DesiredState d = desired(fake(name));
        List<HasMetadata> ordered = new ArrayList<>(d.clusterPolicies());
        ordered.addAll(d.namespaceObjects());
        for (HasMetadata o : ordered) {
            raw.resource(o).fieldManager("raw").forceConflicts().serverSideApply();
        }
        return System.nanoTime() - t;
    }

    private DesiredState desired(ManagedNamespace ns) {
        return provisioner.desired(ns);
    }

    private ManagedNamespace fake(String name) {
        return BenchSupport.namespace(CLUSTER, name, TIER, tierVersion, NamespaceState.APPROVED);
    }

    // --- timing

    record Stats(long[] nanos, long wallNanos) {
        double p(int pct) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            int idx = (int) Math.ceil(pct / 100.0 * s.length) - 1;
            return s[Math.max(0, idx)] / 1e6;
        }

        double max() {
            return Arrays.stream(nanos).max().orElse(0) / 1e6;
        }

        double mean() {
            return Arrays.stream(nanos).average().orElse(0) / 1e6;
        }

        double perSecond() {
            return nanos.length / (wallNanos / 1e9);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger SEQ =
            new java.util.concurrent.atomic.AtomicInteger();

    private Stats timed(String prefix, int base, int n, int threads, java.util.function.ToLongFunction<String> op)
            throws Exception {
        int run = SEQ.incrementAndGet();
        IntFunction<String> name = i -> String.format("%s-%d-%04d", prefix.equals("raw") ? "raw" : "bh", run, i);
        long[] nanos = new long[n];
        long t = System.nanoTime();
        if (threads <= 1) {
            for (int i = 0; i < n; i++) {
                nanos[i] = op.applyAsLong(name.apply(i));
            }
        } else {
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<Long>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String nm = name.apply(i);
                    fs.add(pool.submit(() -> op.applyAsLong(nm)));
                }
                for (int i = 0; i < n; i++) {
                    nanos[i] = fs.get(i).get();
                }
            }
        }
        return new Stats(nanos, System.nanoTime() - t);
    }

    private static void print(String label, Stats s) {
        System.out.printf(
                Locale.ROOT,
                "%-34s %8.1f %8.1f %8.1f %8.1f %10.1f%n",
                label,
                s.p(50),
                s.p(95),
                s.max(),
                s.mean(),
                s.perSecond());
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    // --- API request counts from the API server's own metrics (includes the controller-manager's background)

    private Map<String, Long> apiRequests() {
        String text = metricsClient.raw("/metrics");
        Map<String, Long> byVerb = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("apiserver_request_total{")) {
                continue;
            }
            int v = line.indexOf("verb=\"");
            String verb = line.substring(v + 6, line.indexOf('"', v + 6));
            long value = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            byVerb.merge(verb, value, Long::sum);
        }
        return byVerb;
    }

    private static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long x = v - before.getOrDefault(k, 0L);
            if (x != 0) {
                d.put(k, x);
            }
        });
        return d;
    }
}
