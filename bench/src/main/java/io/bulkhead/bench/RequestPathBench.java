package io.bulkhead.bench;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.signIn;

import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole request path as a developer sees it, through db-scheduler as the portal runs it (4 threads, 2 s
 * polling, immediate execution): {@link Namespaces#request} of a baseline namespace (auto-approved) until the
 * namespace is READY in the real API server. First {@code bench.path.sequential} (10) requests one after another, then
 * {@code bench.path.rounds} (3) rounds of {@code bench.path.concurrent} (20) developers requesting at the same moment.
 * Latency = from the start of the request call to the first time READY is read (polled every 20 ms). Prints
 * figures; asserts nothing.
 */
public final class RequestPathBench {
    static final String CLUSTER = "path-bench";

    public static void main(String[] args) throws Exception {
        int sequential = Integer.getInteger("bench.path.sequential", 10);
        int concurrent = Integer.getInteger("bench.path.concurrent", 20);
        int rounds = Integer.getInteger("bench.path.rounds", 3);
        KubeTestEnv.get(); // the control plane, before the context that registers it
        ConfigurableApplicationContext ctx = BenchSupport.start(Map.of(
                // the portal's own scheduler settings (frontend application.yaml), not the benches' quiet ones
                "db-scheduler.polling-interval", "2s",
                "db-scheduler.threads", "4",
                "db-scheduler.immediate-execution-enabled", "true",
                "bulkhead.inventory.sync-interval", "24h",
                "bulkhead.inventory.watch", "false"));
        int code = 0;
        try {
            BenchSupport.register(ctx, CLUSTER, "Request path benchmark cluster");
            Namespaces namespaces = ctx.getBean(Namespaces.class);
            System.out.printf("%n== sequential: %d requests, one after another ==%n", sequential);
            long[] seq = new long[sequential];
            for (int i = 0; i < sequential; i++) {
                seq[i] = requestUntilReady(namespaces, String.format(Locale.ROOT, "path-s%03d", i));
            }
            report("sequential", seq, 0);
            for (int r = 1; r <= rounds; r++) {
                System.out.printf("%n== round %d: %d developers request at once ==%n", r, concurrent);
                ExecutorService pool = Executors.newFixedThreadPool(concurrent);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Long>> fs = new ArrayList<>();
                for (int i = 0; i < concurrent; i++) {
                    String name = String.format(Locale.ROOT, "path-r%d-%03d", r, i);
                    fs.add(pool.submit(() -> {
                        go.await();
                        return requestUntilReady(namespaces, name);
                    }));
                }
                long t = System.nanoTime();
                go.countDown();
                long[] lat = new long[concurrent];
                for (int i = 0; i < concurrent; i++) {
                    lat[i] = fs.get(i).get();
                }
                report("round " + r, lat, System.nanoTime() - t);
                pool.shutdown();
            }
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        } finally {
            ctx.close();
        }
        System.exit(code);
    }

    /** Requests a baseline namespace as a developer of the bench team; nanoseconds until it is READY. */
    static long requestUntilReady(Namespaces namespaces, String name) throws InterruptedException {
        long t = System.nanoTime();
        ManagedNamespace ns;
        try (var s = signIn(developer("dev-" + name, BenchSupport.TEAM))) {
            ns = namespaces.request(new NamespaceRequest(
                    CLUSTER, name, BenchSupport.TEAM, "baseline", "M", List.of(), "request path benchmark"));
        }
        while (true) {
            NamespaceState state;
            try (var s = signIn(admin("admin"))) {
                state = namespaces.find(ns.id()).orElseThrow().state();
            }
            if (state == NamespaceState.READY) {
                return System.nanoTime() - t;
            }
            if (state == NamespaceState.FAILED || System.nanoTime() - t > 120_000_000_000L) {
                throw new IllegalStateException(name + " is " + state);
            }
            Thread.sleep(20);
        }
    }

    static void report(String what, long[] lat, long wall) {
        long[] sorted = lat.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s: %d namespaces; request to READY ms p50 %.0f  p95 %.0f  max %.0f%s%n",
                what,
                sorted.length,
                InventoryBench.p(sorted, 50),
                InventoryBench.p(sorted, 95),
                sorted[sorted.length - 1] / 1e6,
                wall > 0 ? String.format(Locale.ROOT, "; all READY after %.0f ms", wall / 1e6) : "");
    }
}
