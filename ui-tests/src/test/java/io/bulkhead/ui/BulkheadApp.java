package io.bulkhead.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged portal (the frontend module's exec jar) running as a separate process on a free port, with a fresh
 * data directory (embedded PostgreSQL) under {@code target/}. Its output goes to {@code target/app.log}. Started once
 * per test run by {@link BulkheadExtension}; stopped when JUnit closes the root store, or by a shutdown hook.
 */
public final class BulkheadApp implements AutoCloseable {

    /** How long the app may take to report UP; {@code -Dbulkhead.startup.timeout=300} (seconds) on a busy machine. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("bulkhead.startup.timeout", 180));

    private static final int LOG_TAIL_LINES = 200;

    private final Process process; // null for an external portal
    private final String baseUrl;
    private final Path dataDir; // null for an external portal
    private final Path log;
    private final Thread shutdownHook;
    private Duration startup = Duration.ZERO;

    private BulkheadApp(Process process, String baseUrl, Path dataDir, Path log) {
        this.process = process;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.dataDir = dataDir;
        this.log = log;
        this.shutdownHook = new Thread(this::stop, "bulkhead-app-shutdown");
    }

    /** Starts the jar named by the {@code bulkhead.jar} system property and waits until its health is UP. */
    static BulkheadApp start() {
        Path jar = Path.of(System.getProperty("bulkhead.jar", "../frontend/target/bulkhead-frontend-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The portal jar " + jar.toAbsolutePath()
                    + " does not exist. Build it first: mvn -B install -DskipTests -pl db,backend,frontend");
        }
        Path buildDir = Path.of(System.getProperty("bulkhead.build.dir", "target"));
        try {
            Files.createDirectories(buildDir);
            Path dataDir = Files.createTempDirectory(buildDir, "app-data-");
            Path log = buildDir.resolve("app.log");
            int port = freePort();
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(
                            java, "-jar", jar.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("BULKHEAD_DATA_DIR", dataDir.toAbsolutePath().toString());
            pb.environment().put("BULKHEAD_PORT", String.valueOf(port));
            pb.environment().remove("BULKHEAD_PUBLIC_URL");
            // a short lockout so that LoginThrottleIT's locked account is usable again by the other tests, and a
            // per-address limit above what the whole suite's failed logins from 127.0.0.1 add up to
            pb.environment().put("BULKHEAD_LOGIN_LOCKOUT", LoginThrottleIT.LOCKOUT.toSeconds() + "s");
            pb.environment().put("BULKHEAD_LOGIN_MAX_FAILURES_PER_ADDRESS", "1000");
            pb.environment().remove("BULKHEAD_OIDC_ISSUER");
            // WebhooksIT's receiver is a plain-http server on localhost
            pb.environment().put("BULKHEAD_WEBHOOKS_ALLOW_HTTP_LOCALHOST", "true");
            long t0 = System.nanoTime();
            Process process = pb.start();
            BulkheadApp app = new BulkheadApp(process, "http://localhost:" + port, dataDir, log);
            Runtime.getRuntime().addShutdownHook(app.shutdownHook);
            try {
                app.awaitHealthy();
            } catch (RuntimeException | Error e) {
                app.stop();
                System.err.println("---- last lines of " + log.toAbsolutePath() + " ----");
                System.err.println(app.logTail());
                throw e;
            }
            app.startup = Duration.ofNanos(System.nanoTime() - t0);
            System.out.printf(
                    "[ui-tests] portal up at %s after %.1f s (log: %s)%n",
                    app.baseUrl(), app.startup.toMillis() / 1000.0, log.toAbsolutePath());
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the portal from " + jar, e);
        }
    }

    /**
     * A portal that is already running (system property {@code bulkhead.url}), for quick iterations on tests. The
     * tests create their own data there (logins, audit events); do not point this at anything but a local demo run.
     */
    static BulkheadApp external(String baseUrl) {
        BulkheadApp app = new BulkheadApp(null, baseUrl, null, Path.of("(log of the external portal)"));
        app.awaitHealthy();
        return app;
    }

    private void awaitHealthy() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(uri("/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("The portal exited with code " + process.exitValue()
                        + " before it became healthy; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the portal", e);
            }
            sleep(500);
        }
        throw new IllegalStateException("The portal did not report /actuator/health UP within " + STARTUP_TIMEOUT
                + " (last answer: " + last + "); see " + log.toAbsolutePath());
    }

    public String baseUrl() {
        return baseUrl;
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + (path.startsWith("/") ? path : "/" + path));
    }

    public Duration startup() {
        return startup;
    }

    public Path log() {
        return log;
    }

    /** The last lines of the app's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        stop();
    }

    private synchronized void stop() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: Spring shuts down and stops the embedded PostgreSQL
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        deleteQuietly(dataDir);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // left behind under target/: removed by mvn clean
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the portal", e);
        }
    }
}
