package io.bulkhead.provisioning;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.internal.Applier;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Provisioning end to end against a real kube-apiserver and PostgreSQL: each tier provisions and its promises
 * hold, drift is repaired and audited, an interrupted provisioning converges, bad input is refused with field
 * messages and nothing stored, and developers cannot act for other teams.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisioningIT {
    static final String CLUSTER = "it-cluster";

    @Autowired
    Namespaces namespaces;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    Provisioner provisioner;

    @Autowired
    Applier applier;

    @Autowired
    AuditLog auditLog;

    KubernetesClient admin;

    @BeforeAll
    void registerClusterAndTeams() {
        admin = KubeTestEnv.get().admin();
        TestClusters.declareGvisor();
        TestClusters.ensureTeams(teams, "payments", "search");
        var cluster = TestClusters.register(clusters, CLUSTER, "Integration test cluster");
        assertThat(cluster.status()).isEqualTo("REACHABLE");
        assertThat(cluster.runtimeClasses()).contains("gvisor");
    }

    static NamespaceRequest request(String name, String team, String tier, String preset) {
        return new NamespaceRequest(CLUSTER, name, team, tier, preset, List.of(), "Integration test namespace");
    }

    ManagedNamespace requestAs(String subject, String team, NamespaceRequest r) {
        try (var s = signIn(developer(subject, team))) {
            return namespaces.request(r);
        }
    }

    ManagedNamespace awaitState(UUID id, NamespaceState state) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    try (var s = signIn(admin("admin"))) {
                        assertThat(namespaces.find(id).orElseThrow().state()).isEqualTo(state);
                    }
                });
        try (var s = signIn(admin("admin"))) {
            return namespaces.find(id).orElseThrow();
        }
    }

    static io.fabric8.kubernetes.api.model.Pod pod(String ns, String name, boolean privileged, String runtimeClass) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withRuntimeClassName(runtimeClass)
                .addNewContainer()
                .withName("app")
                .withImage("registry.k8s.io/pause:3.10")
                .withNewSecurityContext()
                .withPrivileged(privileged ? Boolean.TRUE : null)
                .withAllowPrivilegeEscalation(privileged ? null : Boolean.FALSE)
                .withRunAsNonRoot(privileged ? null : Boolean.TRUE)
                .withRunAsUser(privileged ? null : 1000L)
                .withNewCapabilities()
                .withDrop(privileged ? List.of() : List.of("ALL"))
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "restricted", "sandboxed"})
    void eachTierProvisionsAndItsPromisesHold(String tier) {
        String name = "it-" + tier;
        ManagedNamespace ns = requestAs("alice", "payments", request(name, "payments", tier, defaultPreset(tier)));
        assertThat(ns.state()).isEqualTo(NamespaceState.APPROVED);
        ManagedNamespace ready = awaitState(ns.id(), NamespaceState.READY);
        assertThat(ready.stateReason()).isNull();

        var live = admin.namespaces().withName(name).get();
        String enforce = tier.equals("baseline") ? "baseline" : "restricted";
        assertThat(live.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", enforce)
                .containsEntry("bulkhead.io/tier", tier)
                .containsEntry("bulkhead.io/team", "payments");
        assertThat(admin.resourceQuotas()
                        .inNamespace(name)
                        .withName("bulkhead-quota")
                        .get())
                .isNotNull();
        assertThat(admin.network()
                        .networkPolicies()
                        .inNamespace(name)
                        .withName("bulkhead-default-deny")
                        .get())
                .isNotNull();
        assertThat(admin.serviceAccounts()
                        .inNamespace(name)
                        .withName("default")
                        .get()
                        .getAutomountServiceAccountToken())
                .isFalse();
        try (var s = signIn(developer("alice", "payments"))) {
            assertThat(namespaces.objects(ns.id()))
                    .isNotEmpty()
                    .allSatisfy(o -> assertThat(o.status()).isEqualTo("APPLIED"));
        }

        // Pod Security rejects a privileged pod in every tier
        assertThatThrownBy(() ->
                        admin.resource(pod(name, "privileged", true, null)).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("violates PodSecurity");
        if (tier.equals("sandboxed")) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThatThrownBy(
                                    () -> admin.resource(pod(name, "no-rc-" + System.nanoTime(), false, null))
                                            .create())
                            .isInstanceOf(KubernetesClientException.class)
                            .hasMessageContaining("runtimeClassName"));
            assertThat(admin.resource(pod(name, "with-rc", false, "gvisor"))
                            .create()
                            .getMetadata()
                            .getUid())
                    .isNotBlank();
        } else if (tier.equals("baseline")) {
            assertThat(admin.resource(pod(name, "plain", false, null))
                            .create()
                            .getMetadata()
                            .getUid())
                    .isNotBlank();
        }

        // the team group can work in its namespace and not in another's
        try (KubernetesClient team = KubeTestEnv.get().as("alice@example", "team-payments")) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(
                                    team.configMaps().inNamespace(name).list().getItems())
                            .isNotNull());
            assertThatThrownBy(
                            () -> team.configMaps().inNamespace("kube-system").list())
                    .isInstanceOf(KubernetesClientException.class);
            assertThatThrownBy(() -> team.namespaces()
                            .withName(name)
                            .edit(n -> new NamespaceBuilder(n)
                                    .editMetadata()
                                    .addToLabels("pod-security.kubernetes.io/enforce", "privileged")
                                    .endMetadata()
                                    .build()))
                    .isInstanceOf(KubernetesClientException.class);
        }
    }

    private String defaultPreset(String tier) {
        return switch (tier) {
            case "sandboxed", "sensitive" -> "S";
            default -> "M";
        };
    }

    @Test
    void sensitiveRequestWaitsForAReviewerWhoIsNotTheRequester() {
        ManagedNamespace ns = requestAs("alice", "payments", request("it-sensitive", "payments", "sensitive", "S"));
        assertThat(ns.state()).isEqualTo(NamespaceState.REQUESTED);
        assertThat(ns.reviewReason()).contains("always reviewed");
        try (var s = signIn(developer("bob", "payments"))) {
            assertThatThrownBy(() -> namespaces.approve(ns.id(), "ok")).isInstanceOf(AccessDeniedException.class);
        }
        try (var s = signIn(io.bulkhead.testsupport.TestUsers.authentication(
                "alice", Set.of(io.bulkhead.identity.Role.REVIEWER), "payments"))) {
            assertThatThrownBy(() -> namespaces.approve(ns.id(), "mine")).isInstanceOf(AccessDeniedException.class);
        }
        try (var s = signIn(reviewer("rita"))) {
            assertThatThrownBy(() -> namespaces.reject(ns.id(), ""))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Say why");
            assertThatThrownBy(() -> namespaces.approve(ns.id(), " ok "))
                    .isInstanceOf(ValidationException.class)
                    .satisfies(x -> assertThat(((ValidationException) x).fieldErrors())
                            .containsEntry(
                                    "comment", "Say what you checked before approving (at least 5 characters)."));
            assertThat(namespaces.find(ns.id()).orElseThrow().state()).isEqualTo(NamespaceState.REQUESTED);
            assertThat(namespaces.reviewQueue())
                    .extracting(ManagedNamespace::id)
                    .contains(ns.id());
            namespaces.approve(ns.id(), "Reviewed: fine");
            assertThatThrownBy(() -> namespaces.approve(ns.id(), "again"))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("already decided");
        }
        awaitState(ns.id(), NamespaceState.READY);
    }

    @Test
    void driftIsRepairedAndAuditedWithTheFieldManagerThatMadeIt() {
        ManagedNamespace ns = requestAs("alice", "payments", request("it-drift", "payments", "baseline", "M"));
        awaitState(ns.id(), NamespaceState.READY);
        String name = ns.name();

        // someone deletes a NetworkPolicy, relaxes the PSA label and edits the quota by hand
        admin.network()
                .networkPolicies()
                .inNamespace(name)
                .withName("bulkhead-default-deny")
                .delete();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> admin.network()
                                .networkPolicies()
                                .inNamespace(name)
                                .withName("bulkhead-default-deny")
                                .get()
                        == null);
        admin.namespaces()
                .withName(name)
                .edit(n -> new NamespaceBuilder(n)
                        .editMetadata()
                        .addToLabels("pod-security.kubernetes.io/enforce", "privileged")
                        .endMetadata()
                        .build());
        admin.resource(new ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("bulkhead-quota")
                        .withNamespace(name)
                        .endMetadata()
                        .withNewSpec()
                        .withHard(Map.of("pods", new Quantity("500")))
                        .endSpec()
                        .build())
                .fieldManager("kubectl-edit")
                .forceConflicts()
                .serverSideApply();

        Provisioner.Outcome outcome = provisioner.reconcile(ns.id());
        assertThat(outcome.state()).isEqualTo(NamespaceState.READY);
        assertThat(outcome.drifted()).isEqualTo(3);
        assertThat(admin.network()
                        .networkPolicies()
                        .inNamespace(name)
                        .withName("bulkhead-default-deny")
                        .get())
                .isNotNull();
        assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
        assertThat(admin.resourceQuotas()
                        .inNamespace(name)
                        .withName("bulkhead-quota")
                        .get()
                        .getSpec()
                        .getHard()
                        .get("pods"))
                .isNotEqualTo(new Quantity("500"));

        try (var s = signIn(admin("admin"))) {
            List<AuditEvent> drift = auditLog.page(
                    new AuditFilter(
                            null,
                            null,
                            null,
                            "namespace.drift-repaired",
                            null,
                            ns.id().toString()),
                    0,
                    50);
            assertThat(drift).hasSize(3);
            assertThat(drift)
                    .extracting(AuditEvent::after)
                    .anySatisfy(a -> assertThat(a).contains("kubectl-edit").contains("ResourceQuota"));
            assertThat(drift)
                    .extracting(AuditEvent::after)
                    .anySatisfy(a -> assertThat(a).contains("deleted").contains("bulkhead-default-deny"));
        }

        // a second pass finds nothing to do: no writes to the cluster or the database
        Provisioner.Outcome again = provisioner.reconcile(ns.id());
        assertThat(again.drifted()).isZero();
        assertThat(again.writes()).isZero();
    }

    @Test
    void clusterPassWritesNothingForAnUnchangedNamespaceAndRepairsDriftFromItsSnapshot() {
        ManagedNamespace ns = requestAs("alice", "payments", request("it-pass", "payments", "restricted", "M"));
        awaitState(ns.id(), NamespaceState.READY);
        String name = ns.name();

        // the controller-manager fills in the status of new admission policies (a new resourceVersion) a moment
        // later, and a pass records that: run passes until one finds nothing to record
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Provisioner.Pass settle = provisioner.beginPass(CLUSTER);
                    long writes = provisioner.reconcile(ns.id(), settle).writes();
                    provisioner.finish(settle);
                    return writes == 0;
                });

        Provisioner.Pass pass = provisioner.beginPass(CLUSTER);
        assertThat(pass.live()).isNotNull();
        Provisioner.Outcome unchanged = provisioner.reconcile(ns.id(), pass);
        assertThat(unchanged.state()).isEqualTo(NamespaceState.READY);
        assertThat(unchanged.writes()).isZero();
        assertThat(provisioner.finish(pass)).isEqualTo(1);
        try (var s = signIn(admin("admin"))) {
            assertThat(namespaces.find(ns.id()).orElseThrow().lastReconciledAt())
                    .isNotNull();
        }

        // someone deletes a NetworkPolicy and adds a NetworkPolicy with our labels that we do not want
        admin.network()
                .networkPolicies()
                .inNamespace(name)
                .withName("bulkhead-default-deny")
                .delete();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> admin.network()
                                .networkPolicies()
                                .inNamespace(name)
                                .withName("bulkhead-default-deny")
                                .get()
                        == null);
        admin.resource(new NetworkPolicyBuilder()
                        .withNewMetadata()
                        .withName("bulkhead-left-over")
                        .withNamespace(name)
                        .withLabels(Map.of(Applier.MANAGED_BY, "bulkhead", Applier.NAMESPACE_LABEL, name))
                        .endMetadata()
                        .withNewSpec()
                        .withNewPodSelector()
                        .endPodSelector()
                        .endSpec()
                        .build())
                .fieldManager("bulkhead")
                .serverSideApply();

        Provisioner.Pass next = provisioner.beginPass(CLUSTER);
        Provisioner.Outcome repaired = provisioner.reconcile(ns.id(), next);
        provisioner.finish(next);
        assertThat(repaired.state()).isEqualTo(NamespaceState.READY);
        assertThat(repaired.drifted()).isEqualTo(1);
        assertThat(admin.network().networkPolicies().inNamespace(name).list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .contains("bulkhead-default-deny")
                .doesNotContain("bulkhead-left-over");

        Provisioner.Pass last = provisioner.beginPass(CLUSTER);
        assertThat(provisioner.reconcile(ns.id(), last).writes()).isZero();
        provisioner.finish(last);
    }

    @Test
    void interruptedProvisioningConvergesWithoutDuplicatesOrOrphans() {
        ManagedNamespace ns = requestAs("alice", "payments", request("it-crash", "payments", "restricted", "M"));
        // whatever the scheduler did meanwhile, simulate a crash after some objects were applied: remove the
        // later objects, and leave behind an object we own that the desired state no longer has
        awaitState(ns.id(), NamespaceState.READY);
        String name = ns.name();
        admin.resourceQuotas().inNamespace(name).withName("bulkhead-quota").delete();
        admin.network()
                .networkPolicies()
                .inNamespace(name)
                .withName("bulkhead-allow-dns")
                .delete();
        admin.resource(new NetworkPolicyBuilder()
                        .withNewMetadata()
                        .withName("bulkhead-left-over")
                        .withNamespace(name)
                        .withLabels(Map.of(Applier.MANAGED_BY, "bulkhead", Applier.NAMESPACE_LABEL, name))
                        .endMetadata()
                        .withNewSpec()
                        .withNewPodSelector()
                        .endPodSelector()
                        .endSpec()
                        .build())
                .fieldManager("bulkhead")
                .serverSideApply();

        Provisioner.Outcome outcome = provisioner.reconcile(ns.id());
        assertThat(outcome.state()).isEqualTo(NamespaceState.READY);
        assertThat(admin.resourceQuotas().inNamespace(name).list().getItems()).hasSize(1);
        assertThat(admin.network().networkPolicies().inNamespace(name).list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .doesNotContain("bulkhead-left-over")
                .contains("bulkhead-allow-dns", "bulkhead-default-deny")
                .doesNotHaveDuplicates();
        assertThat(provisioner.reconcile(ns.id()).writes()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a-very-long-name-that-goes-past-the-sixty-three-character-limit-xx",
                "Upper",
                "ünïcode",
                "-leading",
                "trailing-",
                "default",
                "kube-mine"
            })
    void badNamesAreRefusedAtTheFieldAndNothingIsStored(String name) {
        try (var s = signIn(developer("alice", "payments"))) {
            int before = namespaces.count(Namespaces.Filter.ALL);
            assertThatThrownBy(() -> namespaces.request(request(name, "payments", "baseline", "M")))
                    .isInstanceOf(ValidationException.class)
                    .satisfies(e ->
                            assertThat(((ValidationException) e).fieldErrors()).containsKey("name"));
            assertThat(namespaces.count(Namespaces.Filter.ALL)).isEqualTo(before);
        }
        if (!name.equals("default")) { // the cluster's own default namespace exists, of course
            assertThat(admin.namespaces()
                            .withName(name.isEmpty() ? "x" : name.toLowerCase())
                            .get())
                    .isNull();
        }
    }

    @Test
    void nameLimitsAreExact() {
        try (var s = signIn(developer("alice", "payments"))) {
            assertThat(namespaces.validate(request("a", "payments", "baseline", "M")))
                    .doesNotContainKey("name");
            assertThat(namespaces.validate(request("a".repeat(63), "payments", "baseline", "M")))
                    .doesNotContainKey("name");
            assertThat(namespaces.validate(request("a".repeat(64), "payments", "baseline", "M")))
                    .containsEntry("name", "At most 63 characters (this one has 64).");
            assertThat(namespaces.validate(request("ok-name", "payments", "baseline", "XXL")))
                    .containsKey("quotaPreset");
            assertThat(namespaces.validate(request("ok-name", "payments", "no-such-tier", "M")))
                    .containsKey("tier");
            assertThat(namespaces.validate(
                            new NamespaceRequest(CLUSTER, "ok-name", "payments", "baseline", "M", List.of(), "short")))
                    .containsKey("purpose");
        }
        assertThatThrownBy(() -> new EgressRule("10.0.0.1/24", 443, "TCP")).isInstanceOf(ValidationException.class);
        assertThat(EgressRule.validate("10.0.0.0/33", 0, "TCP")).containsKeys("cidr", "port");
        assertThat(EgressRule.validate("2001:db8::/32", 65536, "ICMP"))
                .containsKeys("port", "protocol")
                .doesNotContainKey("cidr");
    }

    @Test
    void developersCannotActForOrSeeAnotherTeam() {
        ManagedNamespace theirs = requestAs("bob", "search", request("it-search-ns", "search", "baseline", "M"));
        try (var s = signIn(developer("alice", "payments"))) {
            assertThatThrownBy(() -> namespaces.request(request("it-sneaky", "search", "baseline", "M")))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> namespaces.find(theirs.id())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> namespaces.objects(theirs.id())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> namespaces.decommission(theirs.id(), theirs.name()))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> namespaces.approve(theirs.id(), "x")).isInstanceOf(AccessDeniedException.class);
            assertThat(namespaces.list(Namespaces.Filter.ALL, 0, 500))
                    .isNotEmpty()
                    .allSatisfy(n -> assertThat(n.team()).isEqualTo("payments"));
            assertThat(namespaces.list(new Namespaces.Filter("search", null, null, null, null), 0, 500))
                    .isEmpty();
        }
        assertThat(admin.namespaces().withName("it-sneaky").get()).isNull();
    }

    @Test
    void decommissionDeletesTheNamespaceAndKeepsTheAudit() {
        ManagedNamespace ns = requestAs("alice", "payments", request("it-decom", "payments", "baseline", "M"));
        awaitState(ns.id(), NamespaceState.READY);
        try (var s = signIn(developer("alice", "payments"))) {
            assertThatThrownBy(() -> namespaces.decommission(ns.id(), "wrong"))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Type the namespace name");
            namespaces.decommission(ns.id(), ns.name());
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    provisioner.reconcile(ns.id());
                    try (var s = signIn(admin("admin"))) {
                        assertThat(namespaces.find(ns.id()).orElseThrow().state())
                                .isEqualTo(NamespaceState.DELETED);
                    }
                });
        assertThat(admin.namespaces().withName(ns.name()).get()).isNull();
        try (var s = signIn(admin("admin"))) {
            assertThat(auditLog.page(
                            new AuditFilter(
                                    null, null, null, null, null, ns.id().toString()),
                            0,
                            50))
                    .extracting(AuditEvent::action)
                    .contains(
                            "namespace.requested",
                            "namespace.provisioned",
                            "namespace.decommission-requested",
                            "namespace.deleted");
        }
    }

    @SuppressWarnings("unused")
    private static String key(HasMetadata o) {
        return Applier.key(o);
    }
}
