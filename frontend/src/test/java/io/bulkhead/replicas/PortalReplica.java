package io.bulkhead.replicas;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One portal replica as its own JVM (the application's classes, as {@code java -jar} would run them), configured by
 * environment variables alone, as a container would be. {@link #kill()} is kill -9; {@link #terminate()} SIGTERM.
 */
final class PortalReplica implements AutoCloseable {
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String id;
    final int port;
    final Path log;
    private final Process process;
    final long startedNanos = System.nanoTime();

    private PortalReplica(String id, int port, Path log, Process process) {
        this.id = id;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static PortalReplica start(String id, Path dir, Map<String, String> env, List<String> args) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve(id);
        Files.createDirectories(data);
        Path log = dir.resolve(id + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                applicationClassPath(),
                "io.bulkhead.BulkheadApplication"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("BULKHEAD_PORT", Integer.toString(port));
        pb.environment().put("BULKHEAD_REPLICA_ID", id);
        pb.environment().put("BULKHEAD_REPLICA_NAME", id);
        pb.environment().put("BULKHEAD_DATA_DIR", data.toString());
        return new PortalReplica(id, port, log, pb.start());
    }

    /**
     * The application's class path: this test JVM's, without test classes and test-jars (whose configurations the
     * application's component scan would pick up), read through Failsafe's manifest-only jar when there is one.
     */
    static String applicationClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.contains("surefirebooter") && e.endsWith(".jar")) {
                try (var jar = new java.util.jar.JarFile(e)) {
                    String cp = jar.getManifest().getMainAttributes().getValue("Class-Path");
                    for (String u : cp.trim().split("\\s+")) {
                        entries.add(Path.of(URI.create(u)).toString());
                    }
                }
            } else {
                entries.add(e);
            }
        }
        return entries.stream()
                .filter(e -> !e.contains("test-classes") && !e.endsWith("-tests.jar") && !e.contains("surefire"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** True once the readiness group answers UP. */
    boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Replica " + id + " exited (" + process.exitValue() + "); see " + log);
        }
        try {
            var r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** kill -9: no shutdown hook, no lease released. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: graceful shutdown, leases handed over at once. */
    void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(60))) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
