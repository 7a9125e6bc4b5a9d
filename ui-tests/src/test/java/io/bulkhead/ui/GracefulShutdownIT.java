package io.bulkhead.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as Kubernetes sends it after the pod's preStop hook: the portal first turns its readiness to
 * REFUSING_TRAFFIC (Spring Boot's availability state, what the readiness probe reports), then lets the web server
 * drain, then stops; the whole shutdown stays within the chart's grace period.
 */
class GracefulShutdownIT {

    @Test
    void sigtermTurnsReadinessOffFirstThenDrainsAndExits() throws Exception {
        Path buildDir = Files.createDirectories(Path.of(System.getProperty("bulkhead.build.dir", "target")));
        int port = PortalProcess.freePort();
        PortalProcess portal = PortalProcess.start(
                "shutdown-portal",
                port,
                Map.of(
                        "BULKHEAD_DEMO_DATA", "false",
                        // Spring Boot logs availability changes at DEBUG
                        "LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_BOOT_AVAILABILITY", "DEBUG"),
                buildDir);
        int exit;
        try {
            HttpClient http = HttpClient.newHttpClient();
            for (String group : List.of("liveness", "readiness")) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(portal.baseUrl() + "/actuator/health/" + group))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(group).isEqualTo(200);
                assertThat(r.body()).as(group).contains("\"UP\"");
            }
            long t0 = System.nanoTime();
            exit = portal.terminate(Duration.ofSeconds(60));
            System.out.printf("[ui-tests] portal shut down in %.1f s after SIGTERM%n", (System.nanoTime() - t0) / 1e9);
        } finally {
            portal.close();
        }
        // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal, not by force
        assertThat(exit).as("exit code within 60 s").isEqualTo(143);

        List<String> log = Files.readAllLines(portal.log());
        int refusing = indexOf(log, "ReadinessState changed", "REFUSING_TRAFFIC");
        int draining = indexOf(log, "Commencing graceful shutdown");
        int drained = indexOf(log, "Graceful shutdown complete");
        assertThat(refusing).as("readiness REFUSING_TRAFFIC logged").isNotNegative();
        assertThat(draining).as("graceful shutdown started").isGreaterThan(refusing);
        assertThat(drained).as("graceful shutdown completed").isGreaterThan(draining);
    }

    private static int indexOf(List<String> lines, String... parts) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (java.util.Arrays.stream(parts).allMatch(line::contains)) {
                return i;
            }
        }
        return -1;
    }
}
