package io.bulkhead.compliance;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.manager;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.clusters.Clusters;
import io.bulkhead.exceptions.ExceptionRequest;
import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.Quantity;
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
 * Inventory and compliance against a real kube-apiserver and PostgreSQL: workloads created in a provisioned
 * namespace reach the inventory (by LIST sync, then by watch alone), their findings name workload, container, field and fix, the score drops and
 * recovers when the bad workload goes, and developers of another team cannot read the findings.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceIT {
    static final String CLUSTER = "cmp-cluster";
    static final String NS = "cmp-baseline";
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

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

    @Autowired
    PolicyExceptions exceptions;

    KubernetesClient admin;

    @BeforeAll
    void registerClusterAndTeams() {
        admin = KubeTestEnv.get().admin();
        TestClusters.ensureTeams(teams, "payments", "search");
        assertThat(TestClusters.register(clusters, CLUSTER, "Compliance test cluster")
                        .status())
                .isEqualTo("REACHABLE");
    }

    ManagedNamespace provisionBaseline(String name) {
        return TestClusters.provisionBaseline(
                namespaces, CLUSTER, name, "payments", "alice", "Compliance integration test");
    }

    static Deployment deployment(String name, boolean compliant) {
        var b = new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(compliant ? "ghcr.io/bulkhead-io/app@" + DIGEST : "nginx:1.27")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        if (compliant) {
            var spec = b.getSpec().getTemplate().getSpec();
            spec.setAutomountServiceAccountToken(false);
            var c = spec.getContainers().getFirst();
            c.setSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder()
                    .withPrivileged(false)
                    .withAllowPrivilegeEscalation(false)
                    .withRunAsNonRoot(true)
                    .withRunAsUser(1000L)
                    .withReadOnlyRootFilesystem(true)
                    .withNewCapabilities()
                    .withDrop("ALL")
                    .endCapabilities()
                    .withNewSeccompProfile()
                    .withType("RuntimeDefault")
                    .endSeccompProfile()
                    .build());
            c.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                    .withLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi")))
                    .build());
        }
        return b;
    }

    @Test
    void inventoryFindsWorkloadsFindingsNameTheFixAndTheScoreRecovers() throws InterruptedException {
        ManagedNamespace ns = provisionBaseline(NS);
        admin.resource(deployment("good", true)).create();
        admin.resource(deployment("bad", false)).create();

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            inventory.sync(CLUSTER);
            assertThat(inventory.workloads(CLUSTER, NS))
                    .extracting(w -> w.name())
                    .contains("good", "bad");
        });
        // the sync queued the changed namespaces; compliance evaluates them on its own thread
        assertThat(compliance.awaitQueuedEvaluations(Duration.ofSeconds(30))).isTrue();

        List<Finding> findings;
        try (var s = signIn(developer("alice", "payments"))) {
            findings = compliance.findings(ns.id());
        }
        assertThat(findings)
                .filteredOn(f -> f.result() == Finding.Result.FAIL)
                .allSatisfy(f -> assertThat(f.workloadName()).isEqualTo("bad"))
                .anySatisfy(f -> {
                    assertThat(f.controlId()).isEqualTo("img-digest");
                    assertThat(f.actual()).isEqualTo("nginx:1.27");
                    assertThat(f.fix()).contains("@sha256:");
                });
        // a baseline-tier namespace: the restricted-only runAsNonRoot check is advice, outside the score
        assertThat(findings)
                .filteredOn(f -> f.result() == Finding.Result.ADVICE)
                .anySatisfy(f -> {
                    assertThat(f.controlId()).isEqualTo("pss-run-as-non-root");
                    assertThat(f.cluster()).isEqualTo(CLUSTER);
                    assertThat(f.namespace()).isEqualTo(NS);
                    assertThat(f.workloadKind()).isEqualTo("Deployment");
                    assertThat(f.container()).isEqualTo("app");
                    assertThat(f.field()).isEqualTo("spec.template.spec.containers[0].securityContext.runAsNonRoot");
                    assertThat(f.actual()).isEqualTo("unset (pod: unset)");
                    assertThat(f.fix()).contains("runAsNonRoot: true");
                });
        assertThat(findings)
                .filteredOn(f -> f.controlId().startsWith("pss-"))
                .allSatisfy(f -> assertThat(f.result()).isEqualTo(Finding.Result.ADVICE));
        // namespace-level controls hold for a freshly provisioned namespace, and the good workload passes: only
        // failed (and waived) findings are stored, the passed ones are counted in the score
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.result()).isNotEqualTo(Finding.Result.PASS);
            assertThat(f.workloadKind()).as(f.controlId()).isNotNull();
            assertThat(f.workloadName()).isEqualTo("bad");
        });
        long failed =
                findings.stream().filter(f -> f.result() == Finding.Result.FAIL).count();

        NamespaceScore before;
        try (var s = signIn(manager("mona"))) {
            before = compliance.namespaceScores(new ScoreFilter(null, CLUSTER, null)).stream()
                    .filter(x -> x.namespaceId().equals(ns.id()))
                    .findFirst()
                    .orElseThrow();
            assertThat(compliance.scores(new ScoreFilter(null, CLUSTER, null), ScoreFilter.GroupBy.TEAM))
                    .anySatisfy(x -> assertThat(x.key()).isEqualTo("payments"));
        }
        assertThat(before.score()).isLessThan(java.math.BigDecimal.valueOf(100));
        assertThat(before.failed()).isEqualTo(failed);
        // passed: 5 namespace-level controls + every container and pod control of "good" and the passed ones of
        // "bad"; all of them counted, none stored
        assertThat(before.passed()).isGreaterThan(5);

        try (var s = signIn(developer("alice", "payments"))) {
            String csv = compliance.findingsCsv(ns.id());
            assertThat(csv).startsWith("cluster,namespace,workload,container,control");
            assertThat(csv).contains("Deployment/bad,app,pss-run-as-non-root,HIGH,ADVICE");
        }

        // readiness: moving this baseline-tier namespace to restricted would fail the bad workload's runAsNonRoot
        // (and more), not the good one's; the advice above is exactly what becomes a failure there
        try (var s = signIn(developer("alice", "payments"))) {
            TierReadiness toRestricted = compliance.readiness(ns.id(), "restricted");
            assertThat(toRestricted.ready()).isFalse();
            assertThat(toRestricted.podSecurity()).isEqualTo("restricted:latest");
            assertThat(toRestricted.failing())
                    .allSatisfy(f -> assertThat(f.workloadName()).isEqualTo("bad"))
                    .anySatisfy(f -> {
                        assertThat(f.controlId()).isEqualTo("pss-run-as-non-root");
                        assertThat(f.result()).isEqualTo(Finding.Result.FAIL);
                        assertThat(f.field())
                                .isEqualTo("spec.template.spec.containers[0].securityContext.runAsNonRoot");
                    });
            assertThat(toRestricted.failing())
                    .extracting(Finding::controlId)
                    .containsAll(findings.stream()
                            .filter(f -> f.result() == Finding.Result.ADVICE)
                            .map(Finding::controlId)
                            .toList());
            assertThatThrownBy(() -> compliance.readiness(ns.id(), "no-such-tier"))
                    .isInstanceOf(io.bulkhead.platform.ValidationException.class);
        }
        try (var s = signIn(developer("bob", "search"))) {
            assertThatThrownBy(() -> compliance.readiness(ns.id(), "restricted"))
                    .isInstanceOf(io.bulkhead.identity.AccessDeniedException.class);
            // per team: a developer sees only the own teams' counts
            assertThat(compliance.readinessByTeam("restricted"))
                    .extracting(TeamReadiness::team)
                    .doesNotContain("payments");
        }
        // per team, for the dashboard: this namespace is not ready for restricted (the bad workload would fail)
        for (var who : List.of(developer("alice", "payments"), manager("mona"), reviewer("rita"), admin("ada"))) {
            try (var s = signIn(who)) {
                assertThat(compliance.readinessByTeam("restricted"))
                        .filteredOn(r -> r.team().equals("payments"))
                        .singleElement()
                        .satisfies(r -> {
                            assertThat(r.tier()).isEqualTo("restricted");
                            assertThat(r.namespaces()).isGreaterThanOrEqualTo(1);
                            assertThat(r.ready()).isLessThan(r.namespaces());
                        });
                assertThatThrownBy(() -> compliance.readinessByTeam("no-such-tier"))
                        .isInstanceOf(io.bulkhead.platform.ValidationException.class);
            }
        }

        // from here on the watch alone keeps inventory and compliance current: no sync is called
        inventory.watch(CLUSTER);
        admin.resource(deployment("late", true)).create();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(inventory.workloads(CLUSTER, NS))
                        .extracting(w -> w.name())
                        .contains("late"));

        admin.apps().deployments().inNamespace(NS).withName("bad").delete();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var s = signIn(developer("alice", "payments"))) {
                assertThat(compliance.namespaceScores(ScoreFilter.ALL))
                        .filteredOn(x -> x.namespaceId().equals(ns.id()))
                        .singleElement()
                        .satisfies(x -> {
                            assertThat(x.score()).isEqualByComparingTo("100");
                            assertThat(x.failed()).isZero();
                        });
            }
        });
        try (var s = signIn(developer("alice", "payments"))) {
            assertThat(compliance.findings(ns.id())).noneMatch(f -> "bad".equals(f.workloadName()));
            assertThat(compliance.trend(new ScoreFilter("payments", CLUSTER, "baseline"), 7))
                    .isNotEmpty();
        }

        // another team's developer sees neither the findings, the export nor the score
        try (var s = signIn(developer("bob", "search"))) {
            assertThatThrownBy(() -> compliance.findings(ns.id())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> compliance.findingsCsv(ns.id())).isInstanceOf(AccessDeniedException.class);
            assertThat(compliance.namespaceScores(ScoreFilter.ALL))
                    .noneMatch(x -> x.team().equals("payments"));
            assertThat(compliance.scores(ScoreFilter.ALL, ScoreFilter.GroupBy.TEAM))
                    .noneMatch(x -> x.key().equals("payments"));
        }
    }

    @Test
    void aLoweredPodSecurityLevelFailsNothingByItself() {
        String name = "cmp-waived";
        ManagedNamespace ns = provisionBaseline(name);
        UUID exceptionId;
        try (var s = signIn(developer("alice", "payments"))) {
            exceptionId = exceptions
                    .request(new ExceptionRequest(
                            ns.id(),
                            "pss-privileged",
                            null,
                            ExceptionScope.NAMESPACE,
                            List.of(),
                            "A vendor agent needs privileged pods until its next release.",
                            null,
                            2))
                    .id();
        }
        try (var s = signIn(reviewer("rex"))) {
            exceptions.approve(exceptionId, "until the vendor release");
        }
        // "Not privileged" is a baseline check: the exception lowers the enforce level to privileged ...
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(admin.namespaces()
                                .withName(name)
                                .get()
                                .getMetadata()
                                .getLabels())
                        .containsEntry("pod-security.kubernetes.io/enforce", "privileged"));
        // ... which is the level the namespace check expects now: nothing fails, nothing is waived, the score stays
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            inventory.sync(CLUSTER);
            assertThat(compliance.awaitQueuedEvaluations(Duration.ofSeconds(30)))
                    .isTrue();
            try (var s = signIn(developer("alice", "payments"))) {
                assertThat(inventory
                                .namespaces(CLUSTER, List.of(name))
                                .get(name)
                                .labels())
                        .containsEntry("pod-security.kubernetes.io/enforce", "privileged");
                assertThat(compliance.findings(ns.id())).isEmpty();
                assertThat(compliance.namespaceScores(ScoreFilter.ALL))
                        .filteredOn(x -> x.namespaceId().equals(ns.id()))
                        .singleElement()
                        .satisfies(x -> {
                            assertThat(x.waived()).isZero();
                            assertThat(x.failed()).isZero();
                            assertThat(x.score()).isEqualByComparingTo("100");
                        });
            }
        });
    }
}
