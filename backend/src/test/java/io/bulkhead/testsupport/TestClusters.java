package io.bulkhead.testsupport;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.signIn;

import io.bulkhead.clusters.ClusterRegistration;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;

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
        try (var s = signIn(admin("admin"))) {
            if (clusters.findAsSystem(name).isEmpty()) {
                clusters.register(new ClusterRegistration(
                        name,
                        description,
                        ClusterRegistration.Kind.KUBECONFIG,
                        KubeTestEnv.get().kubeconfig(),
                        null,
                        null,
                        null));
            }
            return clusters.probe(name);
        }
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
