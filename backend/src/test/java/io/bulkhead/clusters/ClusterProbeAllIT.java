package io.bulkhead.clusters;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.kube.FleetControlPlane;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The periodic probe of all clusters runs them in parallel, each with its own time limit, against real API servers:
 * a paused one ({@code SIGSTOP}) is recorded as not answering within the limit, a killed one as refusing the
 * connection, and a healthy one whose name sorts after the paused one is recorded reachable before the paused
 * one's probe gives up (one after the other in name order, it would have waited for it).
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterProbeAllIT {
    static final String SUFFIX = Long.toString(System.nanoTime() % 100_000, 36);
    static final String PAUSED = "probe-" + SUFFIX + "-a-paused";
    static final String OK = "probe-" + SUFFIX + "-b-ok";
    static final String DEAD = "probe-" + SUFFIX + "-c-dead";

    @Autowired
    Clusters clusters;

    List<FleetControlPlane> planes;

    @BeforeAll
    void registerThree() {
        planes = FleetControlPlane.startMany("probe", 3);
        assertThat(TestClusters.register(
                                clusters, PAUSED, "Paused", planes.get(0).kubeconfig())
                        .status())
                .isEqualTo("REACHABLE");
        assertThat(TestClusters.register(clusters, OK, "Healthy", planes.get(1).kubeconfig())
                        .status())
                .isEqualTo("REACHABLE");
        assertThat(TestClusters.register(clusters, DEAD, "Dead", planes.get(2).kubeconfig())
                        .status())
                .isEqualTo("REACHABLE");
    }

    @AfterAll
    void stop() {
        planes.forEach(FleetControlPlane::close);
        // their API servers are gone: later tests in this JVM (a tier publish dry-runs every REACHABLE cluster)
        // must not find them REACHABLE
        List.of(PAUSED, OK, DEAD).forEach(name -> clusters.markUnavailable(name, "Test control plane stopped."));
    }

    @Test
    void probesInParallelEachWithItsOwnTimeLimit() {
        planes.get(0).pause();
        planes.get(2).kill();

        Map<String, String> statuses = clusters.probeAll();

        assertThat(statuses)
                .containsEntry(PAUSED, "UNREACHABLE")
                .containsEntry(OK, "REACHABLE")
                .containsEntry(DEAD, "UNREACHABLE");
        try (var s = signIn(admin("admin"))) {
            ClusterSummary paused = clusters.find(PAUSED).orElseThrow();
            ClusterSummary ok = clusters.find(OK).orElseThrow();
            ClusterSummary dead = clusters.find(DEAD).orElseThrow();
            assertThat(paused.statusReason()).contains("did not answer within");
            // the probe's reason, or a reconcile pass (started by the lease) that met the outage first
            assertThat(dead.statusReason()).contains("could not be used");
            assertThat(ok.statusReason()).isNull();
            assertThat(ok.lastProbeAt())
                    .as("the healthy cluster's probe is recorded before the paused one's gives up")
                    .isBefore(paused.lastProbeAt());
        }

        planes.get(0).resume();
        assertThat(clusters.probeAll()).containsEntry(PAUSED, "REACHABLE");
    }
}
