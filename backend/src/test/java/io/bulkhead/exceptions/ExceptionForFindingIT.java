package io.bulkhead.exceptions;

import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.clusters.Clusters;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An exception requested for one failed finding, against the real kube-apiserver and PostgreSQL: it waives exactly
 * that finding (the same control of another workload and the workload's other findings stay failed), the score
 * rises, and the Pod Security level it lowers in the cluster never makes the namespace-level check fail.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExceptionForFindingIT {
    static final String CLUSTER = "exf-cluster";
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    static final String WHY = "The vendor image runs as root until its 4.2 release moves to a numeric USER.";
    static final String SUFFIX = Long.toString(System.nanoTime() % 100_000, 36);

    @Autowired
    PolicyExceptions exceptions;

    @Autowired
    Compliance compliance;

    @Autowired
    Inventory inventory;

    @Autowired
    Namespaces namespaces;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    KubernetesClient admin;

    @BeforeAll
    void registerClusterAndTeams() {
        admin = KubeTestEnv.get().admin();
        TestClusters.ensureTeams(teams, "payments", "search");
        assertThat(TestClusters.register(clusters, CLUSTER, "Exception-for-finding test cluster")
                        .status())
                .isEqualTo("REACHABLE");
    }

    ManagedNamespace restricted(String base) {
        String name = "exf-" + base + "-" + SUFFIX;
        ManagedNamespace ns;
        try (var s = signIn(developer("alice", "payments"))) {
            ns = namespaces.request(
                    new NamespaceRequest(CLUSTER, name, "payments", "restricted", "M", List.of(), "Exception test"));
        }
        if (ns.state() == NamespaceState.REQUESTED) {
            try (var s = signIn(reviewer("rex"))) {
                namespaces.approve(ns.id(), "fine for the test");
            }
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    try (var s = signIn(developer("alice", "payments"))) {
                        assertThat(namespaces.find(ns.id()).orElseThrow().state())
                                .isEqualTo(NamespaceState.READY);
                    }
                });
        return ns;
    }

    /**
     * A Deployment the tier's admission rules admit (allowed registry by digest, read-only root filesystem, limits)
     * whose container leaves runAsNonRoot, seccomp, privilege escalation and capabilities unset: four failed
     * restricted Pod Security checks. No pods run (the control plane has no nodes).
     */
    static Deployment rootWorkload(String ns, String name) {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .addNewContainer()
                .withName("app")
                .withImage("ghcr.io/bulkhead-io/app@" + DIGEST)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        var c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        c.setSecurityContext(
                new SecurityContextBuilder().withReadOnlyRootFilesystem(true).build());
        c.setResources(new ResourceRequirementsBuilder()
                .withLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi")))
                .build());
        return d;
    }

    List<Finding> findings(UUID ns) {
        try (var s = signIn(developer("alice", "payments"))) {
            return compliance.findings(ns);
        }
    }

    NamespaceScore score(UUID ns) {
        try (var s = signIn(developer("alice", "payments"))) {
            return compliance.namespaceScores(ScoreFilter.ALL).stream()
                    .filter(x -> x.namespaceId().equals(ns))
                    .findFirst()
                    .orElseThrow();
        }
    }

    void awaitEvaluated(ManagedNamespace ns, java.util.function.Predicate<List<Finding>> until) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            inventory.sync(CLUSTER);
            assertThat(compliance.awaitQueuedEvaluations(Duration.ofSeconds(30)))
                    .isTrue();
            assertThat(until.test(findings(ns.id()))).isTrue();
        });
    }

    static boolean runAsNonRootOf(Finding f, String workload) {
        return f.controlId().equals("pss-run-as-non-root") && workload.equals(f.workloadName());
    }

    @Test
    void podSecurityLevelExceptionWaivesRunsAsNonRootAndTheScoreRises() {
        ManagedNamespace ns = restricted("psa");
        admin.resource(rootWorkload(ns.name(), "api")).create();
        admin.resource(rootWorkload(ns.name(), "worker")).create();
        awaitEvaluated(ns, fs -> fs.stream().anyMatch(f -> runAsNonRootOf(f, "worker")));
        List<Finding> before = findings(ns.id());
        assertThat(before)
                .filteredOn(f -> runAsNonRootOf(f, "api"))
                .singleElement()
                .satisfies(f -> assertThat(f.result()).isEqualTo(Finding.Result.FAIL));
        NamespaceScore scoreBefore = score(ns.id());

        UUID id;
        try (var s = signIn(developer("alice", "payments"))) {
            id = exceptions
                    .request(new ExceptionRequest(
                            ns.id(), "psa-level", "baseline", ExceptionScope.NAMESPACE, List.of(), WHY, null, 7))
                    .id();
        }
        try (var s = signIn(reviewer("rex"))) {
            exceptions.approve(id, "until the vendor release");
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(admin.namespaces()
                                .withName(ns.name())
                                .get()
                                .getMetadata()
                                .getLabels())
                        .containsEntry("pod-security.kubernetes.io/enforce", "baseline"));
        awaitEvaluated(ns, fs -> fs.stream().anyMatch(f -> f.controlId().equals("ns-pod-security-labels")
                || f.result() == Finding.Result.WAIVED));

        List<Finding> after = findings(ns.id());
        assertThat(after)
                .filteredOn(f -> runAsNonRootOf(f, "api"))
                .singleElement()
                .satisfies(f -> assertThat(f.result()).isEqualTo(Finding.Result.WAIVED));
        assertThat(score(ns.id()).score()).isGreaterThan(scoreBefore.score());
    }
}
