package io.bulkhead.exceptions;

import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.clusters.Clusters;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
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
    void exceptionForOneFindingWaivesExactlyThatFindingTheScoreRisesAndOtherTeamsCannotTouchIt() {
        ManagedNamespace ns = restricted("one");
        admin.resource(rootWorkload(ns.name(), "api")).create();
        admin.resource(rootWorkload(ns.name(), "worker")).create();
        awaitEvaluated(ns, fs -> fs.stream().anyMatch(f -> runAsNonRootOf(f, "worker")));
        List<Finding> before = findings(ns.id());
        Finding target = before.stream()
                .filter(f -> runAsNonRootOf(f, "api"))
                .findFirst()
                .orElseThrow();
        assertThat(target.result()).isEqualTo(Finding.Result.FAIL);
        assertThat(target.container()).isEqualTo("app");
        NamespaceScore scoreBefore = score(ns.id());
        long failedBefore =
                before.stream().filter(f -> f.result() == Finding.Result.FAIL).count();
        assertThat(failedBefore).isGreaterThan(2);

        // the request names the control as the finding does, with the finding's workload and container
        ExceptionRequest request = new ExceptionRequest(
                        ns.id(), target.controlId(), null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 7)
                .forWorkload(target.workloadKind(), target.workloadName(), target.container());
        PolicyException requested;
        try (var s = signIn(developer("alice", "payments"))) {
            // a mechanism is not a control: the old "Pod Security level" request gets a field message
            assertThatThrownBy(() -> exceptions.request(new ExceptionRequest(
                            ns.id(), "psa-level", "baseline", ExceptionScope.NAMESPACE, List.of(), WHY, null, 7)))
                    .isInstanceOf(ValidationException.class)
                    .satisfies(x ->
                            assertThat(((ValidationException) x).fieldErrors()).containsKey("control"));
            assertThat(exceptions.controlsFor(ns.id()))
                    .anySatisfy(c -> {
                        assertThat(c.id()).isEqualTo("pss-run-as-non-root");
                        assertThat(c.title()).isEqualTo("Runs as non-root");
                        assertThat(c.allowsWorkloads()).isTrue();
                    })
                    .noneMatch(c -> c.id().equals("psa-level") || c.id().startsWith("admission:"));
            ClusterChange preview = exceptions.previewChange(request);
            assertThat(preview.kind()).isEqualTo(ClusterChange.Kind.POD_SECURITY_LEVEL);
            assertThat(preview.summary()).contains(ns.name()).contains("restricted → baseline");
            assertThat(preview.changes())
                    .anySatisfy(c -> assertThat(c).contains("pod-security.kubernetes.io/enforce=baseline"));
            assertThat(preview.notes()).anySatisfy(n -> assertThat(n).contains("Deployment/api, container app"));
            requested = exceptions.request(request);
        }
        assertThat(requested.control()).isEqualTo("pss-run-as-non-root");
        assertThat(requested.workloads()).containsExactly("api");
        assertThat(requested.workloadKind()).isEqualTo("Deployment");
        assertThat(requested.container()).isEqualTo("app");
        assertThat(requested.mechanism()).isEqualTo("psa-level");
        assertThat(requested.mechanismValue()).isEqualTo("baseline");

        // a developer of another team can neither request, preview nor see it
        try (var s = signIn(developer("dave", "search"))) {
            assertThatThrownBy(() -> exceptions.request(request)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> exceptions.previewChange(request)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> exceptions.find(requested.id())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> exceptions.clusterChange(requested.id()))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(exceptions.list(PolicyExceptions.Filter.ALL, 0, 500))
                    .noneMatch(x -> x.id().equals(requested.id()));
        }

        try (var s = signIn(reviewer("rex"))) {
            ClusterChange change = exceptions.clusterChange(requested.id());
            assertThat(change.summary()).contains("restricted → baseline");
            exceptions.approve(requested.id(), "Until the vendor release; SEC-7 tracks it.");
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(admin.namespaces()
                                .withName(ns.name())
                                .get()
                                .getMetadata()
                                .getLabels())
                        .containsEntry("pod-security.kubernetes.io/enforce", "baseline")
                        .containsEntry("pod-security.kubernetes.io/audit", "restricted"));
        awaitEvaluated(ns, fs -> fs.stream().anyMatch(f -> f.result() == Finding.Result.WAIVED));
        // the label change reaches the inventory by the next sync; evaluate once more after it
        inventory.sync(CLUSTER);
        try {
            assertThat(compliance.awaitQueuedEvaluations(Duration.ofSeconds(30)))
                    .isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }

        List<Finding> after = findings(ns.id());
        // exactly that finding is waived ...
        assertThat(after)
                .filteredOn(f -> f.result() == Finding.Result.WAIVED)
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.controlId()).isEqualTo("pss-run-as-non-root");
                    assertThat(f.workload()).isEqualTo("Deployment/api");
                    assertThat(f.container()).isEqualTo("app");
                });
        // ... the same control of the other workload and the workload's other checks stay failed ...
        assertThat(after)
                .filteredOn(f -> runAsNonRootOf(f, "worker"))
                .singleElement()
                .satisfies(f -> assertThat(f.result()).isEqualTo(Finding.Result.FAIL));
        assertThat(after)
                .filteredOn(
                        f -> "api".equals(f.workloadName()) && !f.controlId().equals("pss-run-as-non-root"))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.result()).isEqualTo(Finding.Result.FAIL));
        // ... and the lowered label is what the namespace check expects now: it does not fail
        assertThat(after).noneMatch(f -> f.controlId().equals("ns-pod-security-labels"));
        NamespaceScore scoreAfter = score(ns.id());
        assertThat(scoreAfter.failed()).isEqualTo(failedBefore - 1);
        assertThat(scoreAfter.waived()).isEqualTo(1);
        assertThat(scoreAfter.passed()).isEqualTo(scoreBefore.passed());
        assertThat(scoreAfter.score()).isGreaterThan(scoreBefore.score());
    }

    @Test
    void admissionBackedControlMapsToAnExclusionOfTheWorkloadAndOtherControlsToNoChange() {
        ManagedNamespace ns = restricted("adm");
        // the overview's quota: the preset's limits from the cluster's ResourceQuota
        try (var s = signIn(developer("alice", "payments"))) {
            assertThat(namespaces.quotaUse(ns.id())).anySatisfy(q -> {
                assertThat(q.resource()).isEqualTo("pods");
                assertThat(q.hard()).isEqualTo("50");
            });
        }
        try (var s = signIn(developer("dave", "search"))) {
            assertThatThrownBy(() -> namespaces.quotaUse(ns.id())).isInstanceOf(AccessDeniedException.class);
        }
        ExceptionRequest digest = new ExceptionRequest(
                        ns.id(), "img-digest", null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 7)
                .forWorkload("Deployment", "legacy", null);
        ExceptionRequest secrets = new ExceptionRequest(
                        ns.id(), "cis-token-automount", null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 7)
                .forWorkload("Deployment", "legacy", null);
        try (var s = signIn(developer("alice", "payments"))) {
            ClusterChange exclusion = exceptions.previewChange(digest);
            assertThat(exclusion.kind()).isEqualTo(ClusterChange.Kind.ADMISSION_EXCLUSION);
            assertThat(exclusion.summary()).contains("legacy").contains("imageDigestAndRegistry");
            ClusterChange none = exceptions.previewChange(secrets);
            assertThat(none.kind()).isEqualTo(ClusterChange.Kind.NONE);
            PolicyException e = exceptions.request(digest);
            assertThat(e.mechanism()).isEqualTo("admission:imageDigestAndRegistry");
            assertThat(e.waivers()).singleElement().satisfies(w -> {
                assertThat(w.controlId()).isEqualTo("img-digest");
                assertThat(w.workloadName()).isEqualTo("legacy");
            });
        }
    }
}
