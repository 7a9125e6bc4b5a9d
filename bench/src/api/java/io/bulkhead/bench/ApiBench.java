package io.bulkhead.bench;

import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.signIn;

import io.bulkhead.BulkheadApplication;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.TokenScope;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * API throughput: the whole portal (HTTP, security chain with a personal access token, facade, PostgreSQL) answering
 * {@code GET /api/v1/namespaces?limit=100} over {@code bench.api.namespaces} (10,000) namespace rows, to
 * {@code bench.api.clients} (50) concurrent JDK HttpClient clients, {@code bench.api.requests} (5,000) requests in
 * all after 200 warm-up requests. Latency is per request (send to last byte). Prints figures; asserts nothing.
 */
public final class ApiBench {
    static final String CLUSTER = "api-bench";

    public static void main(String[] args) throws Exception {
        int namespaces = Integer.getInteger("bench.api.namespaces", 10_000);
        int clients = Integer.getInteger("bench.api.clients", 50);
        int requests = Integer.getInteger("bench.api.requests", 5_000);
        Path db = Path.of("target", "api-bench-pg");
        deleteRecursively(db);
        io.bulkhead.kube.KubeTestEnv.get();
        // the backend test-jar's application.yaml is first on this classpath: the portal's own web settings here
        Map<String, String> props = Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("server.address", "127.0.0.1"),
                Map.entry("vaadin.productionMode", "true"),
                Map.entry("vaadin.launch-browser", "false"),
                Map.entry("bulkhead.db.embedded-dir", db.toAbsolutePath().toString()),
                Map.entry("bulkhead.oidc.issuer", ""),
                Map.entry("bulkhead.oidc.client-id", "bulkhead-portal"),
                Map.entry("bulkhead.oidc.groups-claim", "groups"),
                Map.entry("bulkhead.oidc.team-group-prefix", "team-"),
                Map.entry("bulkhead.oidc.public-url", "http://localhost:8080"),
                Map.entry("bulkhead.oidc.role-groups.admin", "bulkhead-admins"),
                Map.entry("bulkhead.oidc.role-groups.reviewer", "bulkhead-reviewers"),
                Map.entry("bulkhead.oidc.role-groups.manager", "bulkhead-managers"),
                Map.entry("bulkhead.oidc.role-groups.developer", "bulkhead-developers"),
                Map.entry("bulkhead.api.rate-limit-per-token", "100000000"),
                Map.entry("bulkhead.api.rate-limit-per-user", "100000000"),
                Map.entry("bulkhead.audit.checkpoint-file", db.resolve("checkpoints.jsonl").toAbsolutePath().toString()),
                Map.entry("spring.threads.virtual.enabled", "true"),
                Map.entry("db-scheduler.polling-interval", "1h"),
                Map.entry("bulkhead.reconcile.interval", "24h"),
                Map.entry("bulkhead.clusters.probe-interval", "24h"),
                Map.entry("bulkhead.inventory.sync-interval", "24h"),
                Map.entry("bulkhead.inventory.watch", "false"),
                Map.entry("logging.level.root", "WARN"),
                Map.entry("logging.level.io.bulkhead", "WARN"));
        props.forEach(System::setProperty);
        ConfigurableApplicationContext ctx = new SpringApplication(BulkheadApplication.class).run();
        int code = 0;
        try {
            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port", "0"));
            BenchSupport.register(ctx, CLUSTER, "API benchmark cluster");
            NamespaceStore store = ctx.getBean(NamespaceStore.class);
            long t0 = System.nanoTime();
            for (int i = 0; i < namespaces; i++) {
                store.insert(BenchSupport.namespace(
                        CLUSTER, String.format(Locale.ROOT, "api-b%05d", i), "baseline", 1, NamespaceState.READY));
            }
            System.out.printf(
                    "inserted %d namespaces in %.1f s%n", namespaces, (System.nanoTime() - t0) / 1e9);
            String token;
            try (var s = signIn(developer("api-bench-dev", BenchSupport.TEAM))) {
                token = ctx.getBean(ApiTokens.class)
                        .create("bench", Set.of(TokenScope.READ), 7)
                        .secret();
            }
            HttpClient http = HttpClient.newBuilder()
                    .executor(Executors.newFixedThreadPool(clients))
                    .build();
            HttpRequest get = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/namespaces?limit=100"))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(60))
                    .build();
            HttpResponse<String> first = http.send(get, HttpResponse.BodyHandlers.ofString());
            System.out.printf(
                    "first answer: %d, %d bytes, total=%s%n",
                    first.statusCode(),
                    first.body().length(),
                    first.body().replaceAll("(?s).*\"total\":(\\d+).*", "$1"));
            run(http, get, clients, 200, "warm-up");
            System.out.println("load average before: " + load());
            run(http, get, clients, requests, "measured");
            System.out.println("load average after:  " + load());
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        } finally {
            ctx.close();
        }
        System.exit(code);
    }

    static void run(HttpClient http, HttpRequest get, int clients, int requests, String label) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] latencies = new long[requests];
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            fs.add(pool.submit(() -> {
                go.await();
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                    latencies[i] = System.nanoTime() - s;
                    if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> f : fs) {
            f.get();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-9s %d requests, %d clients: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, %.0f req/s,"
                        + " %d not 200%n",
                label,
                requests,
                clients,
                pct(sorted, 50),
                pct(sorted, 95),
                pct(sorted, 99),
                sorted[sorted.length - 1] / 1e6,
                requests / wall,
                errors.get());
    }

    static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return String.format(
                    Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
