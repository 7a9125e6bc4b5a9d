package io.bulkhead.bench;

import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendTestApplication;
import io.bulkhead.testsupport.TestClusters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** What both harnesses set up the same way: the backend context, the bench team and cluster, namespace rows. */
final class BenchSupport {
    static final String TEAM = "bench";

    private BenchSupport() {}

    /**
     * Starts the backend context (embedded PostgreSQL) with the scheduler's periodic work pushed out of the way, so
     * nothing races the measurement, plus {@code extra} settings.
     */
    static ConfigurableApplicationContext start(Map<String, String> extra) {
        System.setProperty("db-scheduler.polling-interval", "1h");
        System.setProperty("bulkhead.reconcile.interval", "24h");
        System.setProperty("bulkhead.clusters.probe-interval", "24h");
        System.setProperty("logging.level.io.bulkhead", "WARN");
        extra.forEach(System::setProperty);
        SpringApplication app = new SpringApplication(BackendTestApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        return app.run();
    }

    /** Creates the bench team (if missing) and registers the test control plane as {@code cluster}; its probe. */
    static ClusterSummary register(ConfigurableApplicationContext ctx, String cluster, String title) {
        TestClusters.ensureTeams(ctx.getBean(Teams.class), TEAM);
        return TestClusters.register(ctx.getBean(Clusters.class), cluster, title);
    }

    /** A namespace row of the bench team (approved by "bench", default quota) in {@code state}. */
    static ManagedNamespace namespace(String cluster, String name, String tier, int version, NamespaceState state) {
        Instant now = Instant.now();
        return new ManagedNamespace(
                UUID.randomUUID(),
                cluster,
                name,
                TEAM,
                tier,
                version,
                "M",
                List.of(),
                "benchmark",
                state,
                null,
                false,
                null,
                "bench",
                "Bench",
                now,
                "bench",
                "Bench",
                now,
                "benchmark",
                1,
                0,
                null,
                now,
                0);
    }

    /** The machine's load average as {@code /proc/loadavg} has it (1, 5, 15 minutes, ...), for the printed figures. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
