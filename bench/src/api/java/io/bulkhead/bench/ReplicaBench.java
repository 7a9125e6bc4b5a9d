package io.bulkhead.bench;

import io.bulkhead.kube.KubeTestEnv;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Several portal replicas, each its own JVM, on one PostgreSQL 15 (Debian's server, migration role and application
 * role apart) and one real kube-apiserver registered as three clusters, with the default lease settings (renewal
 * 5 s, duration 15 s). Prints: startup time to ready, replicas' share of clusters, takeover time after kill -9
 * (p50/max over {@code bench.kills}, default 10; a killed replica is replaced so three keep running), SIGTERM
 * handover time, and RSS per replica idle and with {@code bench.replicaNamespaces} (default 300) namespaces. The run
 * is bounded by {@code bench.replicaMinutes} (default 10): kills stop early (and say so) when what is left would not
 * fit another round (about one replica's startup) and the end (the SIGTERM replacement starting while the
 * namespaces are requested by 8 clients and provisioned, at least 2.5 min); the namespaces get whatever remains (at
 * least 30 s). The replacement of a killed replica is started right after the kill, as an orchestrator restarts a
 * pod, so its startup overlaps the takeover.
 *
 * <pre>mvn -B -q -pl bench -Papi-bench exec:exec -Dbench.main=ReplicaBench</pre>
 */
public final class ReplicaBench {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> CLUSTERS = List.of("bench-east", "bench-north", "bench-west");
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final Path DIR = Path.of("target", "replica-bench").toAbsolutePath();
    private static final String OWNER_PW = UUID.randomUUID().toString();
    private static final String APP_PW = UUID.randomUUID().toString();
    private static int pgPort;
    private static int next = 1;
    private static int nextPort;
    private static Connection monitor;
    private static final List<Replica> running = new CopyOnWriteArrayList<>();

    private ReplicaBench() {}

    public static void main(String[] args) throws Exception {
        int kills = Integer.getInteger("bench.kills", 10);
        int namespaces = Integer.getInteger("bench.replicaNamespaces", 300);
        long begun = System.nanoTime();
        long deadline = begun + TimeUnit.MINUTES.toNanos(Integer.getInteger("bench.replicaMinutes", 10));
        System.out.println("load average at start: " + load());
        Runtime.getRuntime().addShutdownHook(new Thread(ReplicaBench::stopAll, "replica-bench-stop"));
        deleteRecursively(DIR);
        Files.createDirectories(DIR);
        startPostgres();
        String kubeconfig = KubeTestEnv.get().kubeconfig();
        List<Replica> rs = running;
        try {
            for (int i = 0; i < 3; i++) {
                rs.add(Replica.start());
            }
            for (Replica r : rs) {
                r.awaitReady();
            }
            rs.forEach(r -> System.out.printf(
                    Locale.ROOT, "startup to ready %s: %d ms (three started together)%n", r.id, r.readyMillis));
            String admin;
            String dev;
            try (Connection c = owner()) {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate(
                            "INSERT INTO team (id, display_name, oidc_group) VALUES ('bench', 'Bench', 'team-bench')");
                }
                admin = token(c, "bench-admin", "ADMIN", new String[0], new String[] {"READ", "ADMIN", "NAMESPACES"});
                dev = token(c, "bench-dev", "DEVELOPER", new String[] {"bench"}, new String[] {"READ", "NAMESPACES"});
            }
            for (String cl : CLUSTERS) {
                String body = "{\"name\":\"" + cl + "\",\"displayName\":\"" + cl
                        + "\",\"kind\":\"KUBECONFIG\",\"kubeconfig\":" + quote(kubeconfig) + "}";
                check(rs.get(0).call("POST", "/api/v1/clusters", admin, body), 201);
            }
            await(() -> spread(rs.size()), 90, "clusters spread");
            System.out.println("share of clusters (3 replicas): " + share());
            Thread.sleep(5_000);
            rs.forEach(r -> System.out.printf(Locale.ROOT, "RSS idle %s: %d MB%n", r.id, r.rssMb()));

            List<Long> takeovers = new ArrayList<>();
            long lastStartup = rs.stream().mapToLong(r -> r.readyMillis).max().orElse(60_000);
            for (int k = 0; k < kills; k++) {
                // a round is about one replica's startup (its replacement's) plus the takeover; after the kills the
                // SIGTERM round's replacement starts while the namespaces are requested and provisioned (~2.5 min)
                long startup = TimeUnit.MILLISECONDS.toNanos(lastStartup);
                long needed = startup + TimeUnit.SECONDS.toNanos(20)
                        + Math.max(startup, TimeUnit.SECONDS.toNanos(120)) + TimeUnit.SECONDS.toNanos(30);
                if (System.nanoTime() > deadline - needed) {
                    System.out.printf(Locale.ROOT, "time budget: stopped after %d of %d kills%n", k, kills);
                    break;
                }
                String cluster = CLUSTERS.get(k % CLUSTERS.size());
                String holder = owners().get(cluster);
                Replica victim = rs.stream().filter(r -> r.id.equals(holder)).findFirst().orElseThrow();
                long t0 = System.nanoTime();
                victim.process.destroyForcibly().waitFor();
                rs.remove(victim);
                Replica fresh = Replica.start();
                rs.add(fresh);
                await(() -> {
                    String now = owners().get(cluster);
                    return now != null && !now.equals(holder);
                }, 60, "takeover");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                takeovers.add(ms);
                System.out.printf(Locale.ROOT, "kill -9 #%d of %s (owner of %s): taken over in %d ms%n",
                        k + 1, holder, cluster, ms);
                fresh.awaitReady();
                lastStartup = fresh.readyMillis;
                await(() -> spread(rs.size()), 90, "clusters spread again");
                System.out.printf(Locale.ROOT, "  replacement %s ready in %d ms, share %s%n", fresh.id, fresh.readyMillis,
                        share());
            }
            System.out.println("load average after the kills: " + load());
            if (!takeovers.isEmpty()) {
                long[] sorted = takeovers.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "takeover after kill -9: p50 %d ms, max %d ms (n=%d)%n",
                        sorted[(sorted.length - 1) / 2], sorted[sorted.length - 1], sorted.length);
            }

            // SIGTERM: the leases are released at once
            String cluster = CLUSTERS.get(0);
            String holder = owners().get(cluster);
            Replica leaving = rs.stream().filter(r -> r.id.equals(holder)).findFirst().orElseThrow();
            long t0 = System.nanoTime();
            leaving.process.destroy();
            await(() -> {
                String now = owners().get(cluster);
                return now != null && !now.equals(holder);
            }, 60, "handover");
            System.out.printf(
                    Locale.ROOT,
                    "SIGTERM handover of %s from %s: %d ms%n",
                    cluster,
                    holder,
                    (System.nanoTime() - t0) / 1_000_000);
            leaving.process.waitFor(60, TimeUnit.SECONDS);
            rs.remove(leaving);
            // its replacement starts now, as an orchestrator would; the namespaces go to the two that run meanwhile
            Replica fresh = Replica.start();
            List<Replica> serving = List.copyOf(rs);
            rs.add(fresh);

            // namespaces (baseline, preset M: approved at once), spread over the three clusters
            long tn = System.nanoTime();
            // 8 clients at once, spread over the replicas (sequential requests took 171 s at load average 20)
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < namespaces; i++) {
                    int n = i;
                    String body = "{\"cluster\":\"" + CLUSTERS.get(n % 3) + "\",\"name\":\"rb-" + n
                            + "\",\"team\":\"bench\",\"tier\":\"baseline\",\"quotaPreset\":\"M\",\"purpose\":\"Replica bench namespace.\"}";
                    Replica on = serving.get(n % serving.size());
                    sent.add(pool.submit(() -> {
                        check(on.call("POST", "/api/v1/namespaces", dev, body), 201);
                        return null;
                    }));
                }
                for (var f : sent) {
                    f.get();
                }
            }
            System.out.printf(Locale.ROOT, "%d namespaces requested in %d s%n",
                    namespaces, (System.nanoTime() - tn) / 1_000_000_000);
            long left = Math.max(30, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
            String ready = "SELECT count(*) FROM managed_namespace WHERE name LIKE 'rb-%' AND state = 'READY'";
            try {
                await(() -> count(ready) == namespaces, (int) left, "namespaces ready");
            } catch (IllegalStateException e) {
                System.out.printf(Locale.ROOT, "time budget: only %d of %d READY after %d s more%n",
                        count(ready), namespaces, left);
            }
            System.out.printf(Locale.ROOT, "%d of %d namespaces READY %d s after the first request%n",
                    count(ready), namespaces, (System.nanoTime() - tn) / 1_000_000_000);
            fresh.awaitReady();
            await(() -> spread(rs.size()), 90, "clusters spread again");
            System.out.printf(Locale.ROOT, "replacement after SIGTERM %s ready in %d ms, share %s%n", fresh.id,
                    fresh.readyMillis, share());
            Thread.sleep(10_000);
            System.out.println("share of clusters: " + share());
            rs.forEach(r -> System.out.printf(Locale.ROOT, "RSS with %d namespaces %s: %d MB%n", namespaces, r.id, r.rssMb()));
            System.out.println("load average at end: " + load());
            System.out.printf(Locale.ROOT, "run took %d s of the %d min budget%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begun), Integer.getInteger("bench.replicaMinutes", 10));
        } catch (Throwable t) {
            t.printStackTrace();
            System.out.println("load average at failure: " + load());
            System.exit(1);
        }
        System.exit(0); // the shutdown hooks stop the replicas, PostgreSQL and the API server
    }

    private static synchronized void stopAll() {
        for (Replica r : running) {
            r.process.destroyForcibly();
        }
        for (Replica r : running) {
            try {
                r.process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
        try {
            if (Files.exists(DIR.resolve("pg/data/postmaster.pid"))) {
                pg("pg_ctl", "-D", DIR.resolve("pg/data").toString(), "-m", "immediate", "-w", "stop");
            }
        } catch (Exception e) {
            System.err.println("stopping PostgreSQL: " + e.getMessage());
        }
    }

    private static final class Replica {
        final String id;
        final int port;
        final Process process;
        final long started = System.nanoTime();
        long readyMillis;

        private Replica(String id, int port, Process process) {
            this.id = id;
            this.port = port;
            this.process = process;
        }

        static Replica start() throws IOException {
            String id = "b" + next++;
            int port = freePort();
            Path data = DIR.resolve(id);
            Files.createDirectories(data);
            String own = Path.of(ReplicaBench.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .getPath())
                    .toString();
            String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(e -> !e.endsWith("-tests.jar") && !e.contains("test-classes") && !Path.of(e).toString().equals(own))
                    .collect(Collectors.joining(File.pathSeparator));
            ProcessBuilder pb = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Xmx512m",
                            "-cp",
                            cp,
                            "io.bulkhead.BulkheadApplication",
                            "--vaadin.productionMode=true",
                            "--bulkhead.clusters.allow-shared-api-server=true")
                    .redirectErrorStream(true)
                    .redirectOutput(DIR.resolve(id + ".log").toFile());
            Map<String, String> env = pb.environment();
            env.put("BULKHEAD_DB_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/bulkhead");
            env.put("BULKHEAD_DB_USER", "portal_app");
            env.put("BULKHEAD_DB_PASSWORD", APP_PW);
            env.put("BULKHEAD_DB_MIGRATION_USER", "portal_owner");
            env.put("BULKHEAD_DB_MIGRATION_PASSWORD", OWNER_PW);
            env.put("BULKHEAD_DB_POOL_SIZE", "8");
            env.put("BULKHEAD_DEMO_DATA", "false");
            env.put("BULKHEAD_LOCAL_CLUSTER", "false");
            env.put("BULKHEAD_CREDENTIALS_KEY", "6jtzhsVUeY/EzjONW9bQrAD0KrNhoBGpirV78BylU4k=");
            env.put("BULKHEAD_AUDIT_KEY", "q2Cz9l0Ww3sXDaUO2cI1Yw3bC1mP0vYpA8YbJ0k8yX4=");
            env.put("BULKHEAD_AUDIT_CHECKPOINT_FILE", DIR.resolve("audit-checkpoints.jsonl").toString());
            env.put("BULKHEAD_AUDIT_SIGNING_KEY_FILE", DIR.resolve("audit-signing.key").toString());
            env.put("BULKHEAD_PORT", Integer.toString(port));
            env.put("BULKHEAD_REPLICA_ID", id);
            env.put("BULKHEAD_REPLICA_NAME", id);
            env.put("BULKHEAD_DATA_DIR", data.toString());
            env.put("BULKHEAD_LOG_LEVEL", "WARN");
            return new Replica(id, port, pb.start());
        }

        void awaitReady() throws Exception {
            await(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(id + " exited; see " + DIR.resolve(id + ".log"));
                }
                try {
                    return HTTP.send(
                                            HttpRequest.newBuilder(URI.create(
                                                            "http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                                    .timeout(Duration.ofSeconds(5))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 200;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, 240, id + " ready");
            readyMillis = (System.nanoTime() - started) / 1_000_000;
        }

        HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        long rssMb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                    }
                }
            } catch (IOException e) {
                return -1;
            }
            return -1;
        }
    }

    private static boolean spread(int replicas) {
        Map<String, String> o = owners();
        if (o.size() != CLUSTERS.size()) {
            return false;
        }
        long max = o.values().stream().collect(Collectors.groupingBy(h -> h, Collectors.counting())).values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        return max <= (CLUSTERS.size() + replicas - 1) / replicas;
    }

    private static Map<String, Long> share() {
        return owners().values().stream().collect(Collectors.groupingBy(h -> h, TreeMap::new, Collectors.counting()));
    }

    private static Map<String, String> owners() {
        Map<String, String> m = new TreeMap<>();
        try (Statement st = monitor().createStatement();
                ResultSet rs = st.executeQuery("SELECT cluster, holder FROM cluster_lease WHERE expires_at > now()")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    private static long count(String sql) {
        try (Statement st = monitor().createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(Connection c, String subject, String role, String[] teams, String[] scopes)
            throws Exception {
        byte[] random = new byte[38];
        new SecureRandom().nextBytes(random);
        String prefix = HexFormat.of().formatHex(random, 0, 6);
        String secret = "bkh_" + prefix + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(random, 6, 38));
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO api_token (id, prefix, secret_hash, name, owner_subject, owner_name, roles, teams, scopes,"
                        + " created_at, expires_at) VALUES (?, ?, ?, 'bench', ?, ?, ?, ?, ?, now(), now() + interval '1 day')")) {
            st.setObject(1, UUID.randomUUID());
            st.setString(2, prefix);
            st.setBytes(3, MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
            st.setString(4, subject);
            st.setString(5, subject);
            st.setArray(6, c.createArrayOf("text", new String[] {role}));
            st.setArray(7, c.createArrayOf("text", teams));
            st.setArray(8, c.createArrayOf("text", scopes));
            st.executeUpdate();
        }
        return secret;
    }

    private static void startPostgres() throws Exception {
        Path pgDir = DIR.resolve("pg");
        Files.createDirectories(pgDir);
        String superPw = UUID.randomUUID().toString();
        Path pw = pgDir.resolve("pw");
        Files.writeString(pw, superPw + "\n");
        UserPrincipal postgres = pgDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(pgDir, postgres);
        Files.setOwner(pw, postgres);
        pgPort = freePort();
        pg("initdb", "-D", pgDir.resolve("data").toString(), "-U", "postgres", "--pwfile=" + pw,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8");
        pg("pg_ctl", "-D", pgDir.resolve("data").toString(), "-l", pgDir.resolve("server.log").toString(), "-o",
                "-p " + pgPort + " -k " + pgDir + " -c listen_addresses=127.0.0.1 -c max_connections=200", "-w",
                "start");
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", superPw);
                Statement st = c.createStatement()) {
            st.execute("CREATE ROLE portal_owner LOGIN PASSWORD '" + OWNER_PW + "'");
            st.execute("CREATE ROLE portal_app LOGIN PASSWORD '" + APP_PW + "'");
            st.execute("CREATE DATABASE bulkhead OWNER portal_owner");
        }
    }

    private static synchronized Connection monitor() throws Exception {
        if (monitor == null || monitor.isClosed()) {
            monitor = owner();
        }
        return monitor;
    }

    private static Connection owner() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/bulkhead", "portal_owner", OWNER_PW);
    }

    private static void pg(String tool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", BIN.resolve(tool).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    private static void check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.statusCode() + ": " + r.body());
        }
    }

    private static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static int freePort() throws IOException {
        // -Dbench.replicaPortBase=N: ports N, N+1, ... (a range of one's own on a shared machine); else any free port
        int base = Integer.getInteger("bench.replicaPortBase", 0);
        if (base > 0) {
            while (true) {
                int port = base + nextPort++;
                try (ServerSocket s = new ServerSocket(port)) {
                    return s.getLocalPort();
                } catch (IOException inUse) {
                    if (nextPort > 99) {
                        throw inUse;
                    }
                }
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
