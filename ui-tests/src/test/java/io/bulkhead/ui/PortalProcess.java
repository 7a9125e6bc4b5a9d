package io.bulkhead.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A portal of its own for one test class: the packaged exec jar as a separate process, configured by environment
 * variables only (the README's), with a fresh data directory (embedded PostgreSQL) under {@code target/} and no local
 * cluster. Its output goes to {@code target/<name>.log}.
 */
final class PortalProcess implements AutoCloseable {
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("bulkhead.startup.timeout", 180));

    private final Process process;
    private final int port;
    private final Path log;

    private PortalProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PortalProcess start(String name, int port, Map<String, String> environment, Path buildDir) {
        Path jar = Path.of(System.getProperty("bulkhead.jar", "../frontend/target/bulkhead-frontend-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The portal jar " + jar.toAbsolutePath()
                    + " does not exist. Build it first: mvn -B install -DskipTests -pl db,backend,frontend");
        }
        try {
            Path dataDir = Files.createTempDirectory(buildDir, name + "-data-");
            Path log = buildDir.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            jar.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("BULKHEAD_"));
            pb.environment().put("BULKHEAD_DATA_DIR", dataDir.toAbsolutePath().toString());
            pb.environment().put("BULKHEAD_PORT", String.valueOf(port));
            pb.environment().put("BULKHEAD_LOCAL_CLUSTER", "false");
            pb.environment().putAll(environment);
            long t0 = System.nanoTime();
            PortalProcess portal = new PortalProcess(pb.start(), port, log);
            try {
                portal.awaitReady();
            } catch (RuntimeException | Error e) {
                portal.close();
                throw e;
            }
            System.out.printf(
                    "[ui-tests] portal %s up at %s after %.1f s (log: %s)%n",
                    name, portal.baseUrl(), (System.nanoTime() - t0) / 1e9, log.toAbsolutePath());
            return portal;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the portal from " + jar, e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The portal exited with code " + process.exitValue()
                        + " before it became ready; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<String> r = http.send(readiness, HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            KeycloakServer.sleep(500);
        }
        throw new IllegalStateException("The portal was not ready within " + STARTUP_TIMEOUT + " (last answer: " + last
                + "); see " + log.toAbsolutePath());
    }

    Path log() {
        return log;
    }

    /** Sends SIGTERM and waits for the JVM to exit; returns its exit code, or -1 if it was still running. */
    int terminate(Duration wait) throws InterruptedException {
        process.destroy();
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
