package io.bulkhead.testsupport;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.clusters.ClusterRegistration;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * Shared set-up of the integration tests that provision into the real kube-apiserver: the demo teams, a cluster
 * registered (through the facade, so its credentials are encrypted) with the {@link KubeTestEnv} kubeconfig, and
 * the sandbox RuntimeClass. Every step is idempotent: test classes share one database and one control plane.
 */
public final class TestClusters {
    private TestClusters() {}

    /** Creates the teams that do not exist yet; team {@code x} maps from group {@code team-x}. */
    public static void ensureTeams(Teams teams, String... ids) {
        for (String t : ids) {
            if (!teams.exists(t)) {
                teams.create(CurrentUser.SYSTEM, new Team(t, t, "team-" + t));
            }
        }
    }

    /** Registers the test control plane as {@code name} (unless registered) and returns its fresh probe. */
    public static ClusterSummary register(Clusters clusters, String name, String description) {
        return register(clusters, name, description, KubeTestEnv.get().kubeconfig());
    }

    /** Registers the API server of {@code kubeconfig} as {@code name} (unless registered); its fresh probe. */
    public static ClusterSummary register(Clusters clusters, String name, String description, String kubeconfig) {
        try (var s = signIn(admin("admin"))) {
            if (clusters.findAsSystem(name).isEmpty()) {
                clusters.register(new ClusterRegistration(
                        name, description, ClusterRegistration.Kind.KUBECONFIG, kubeconfig, null, null, null));
            }
            return clusters.probe(name);
        }
    }

    /**
     * Requests a baseline namespace (default quota, so approved at once) as a developer of {@code team} and waits
     * until it is READY; returns it as requested.
     */
    public static ManagedNamespace provisionBaseline(
            Namespaces namespaces, String cluster, String name, String team, String developer, String purpose) {
        ManagedNamespace ns;
        try (var s = signIn(TestUsers.developer(developer, team))) {
            ns = namespaces.request(new NamespaceRequest(cluster, name, team, "baseline", "M", List.of(), purpose));
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    try (var s = signIn(admin("admin"))) {
                        assertThat(namespaces.find(ns.id()).orElseThrow().state())
                                .isEqualTo(NamespaceState.READY);
                    }
                });
        return ns;
    }

    /** Declares the gVisor RuntimeClass (no node runs it; pods that name it are admitted, never run). */
    public static void declareGvisor() {
        try (var admin = KubeTestEnv.get().admin()) {
            admin.resource(new RuntimeClassBuilder()
                            .withNewMetadata()
                            .withName("gvisor")
                            .endMetadata()
                            .withHandler("runsc")
                            .build())
                    .serverSideApply();
        }
    }
}
