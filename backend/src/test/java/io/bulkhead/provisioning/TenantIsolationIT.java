package io.bulkhead.provisioning;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.clusters.Clusters;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Finding;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * The hostile tenant, against the real kube-apiserver: a member of the team group (and a service account the team
 * makes and binds itself) tries to undo the tier's isolation from inside its own namespace. Bulkhead's own identity
 * (the cluster-admin client the portal registered with) still reconciles and decommissions. Also the egress
 * allowlist of a request: internet-wide goes to review (refused on sandboxed), a private range is approved.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT {
    static final String CLUSTER = "iso-cluster";
    static final String GROUP = "team-payments";

    @Autowired
    Namespaces namespaces;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    Provisioner provisioner;

    @Autowired
    Inventory inventory;

    @Autowired
    Compliance compliance;

    KubernetesClient admin;

    @BeforeAll
    void registerClusterAndTeams() {
        admin = KubeTestEnv.get().admin();
        TestClusters.declareGvisor();
        TestClusters.ensureTeams(teams, "payments");
        assertThat(TestClusters.register(clusters, CLUSTER, "Tenant isolation test cluster")
                        .status())
                .isEqualTo("REACHABLE");
    }

    static NamespaceRequest request(String name, String tier, String preset, List<EgressRule> egress) {
        return new NamespaceRequest(CLUSTER, name, "payments", tier, preset, egress, "Tenant isolation test");
    }

    ManagedNamespace requestAsAlice(NamespaceRequest r) {
        try (var s = signIn(developer("alice", "payments"))) {
            return namespaces.request(r);
        }
    }

    ManagedNamespace ready(NamespaceRequest r) {
        ManagedNamespace ns = requestAsAlice(r);
        assertThat(ns.state()).isEqualTo(NamespaceState.APPROVED);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(state(ns.id())).isEqualTo(NamespaceState.READY));
        return ns;
    }

    NamespaceState state(UUID id) {
        try (var s = signIn(admin("admin"))) {
            return namespaces.find(id).orElseThrow().state();
        }
    }

    static NetworkPolicy allowAll(String ns, String name) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().build())
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress()
                .endIngress()
                .addNewEgress()
                .endEgress()
                .endSpec()
                .build();
    }

    static NetworkPolicy egressTo(String ns, String name, String cidr) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().build())
                .withPolicyTypes("Egress")
                .addNewEgress()
                .addNewTo()
                .withNewIpBlock()
                .withCidr(cidr)
                .endIpBlock()
                .endTo()
                .endEgress()
                .endSpec()
                .build();
    }

    /** Ingress to pods labelled app=web from pods labelled app=front of the same namespace: opens nothing new. */
    static NetworkPolicy sameNamespaceIngress(String ns, String name) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder()
                        .addToMatchLabels("app", "web")
                        .build())
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .withFrom(new NetworkPolicyPeerBuilder()
                        .withPodSelector(new LabelSelectorBuilder()
                                .addToMatchLabels("app", "front")
                                .build())
                        .build())
                .endIngress()
                .endSpec()
                .build();
    }

    static void refused(Runnable attempt, String message) {
        assertThatThrownBy(attempt::run)
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(message);
    }

    /** Waits until the team's RoleBinding and the tier's isolation policies are in force for {@code ns}. */
    static void awaitIsolationInForce(KubernetesClient tenant, String ns) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> refused(
                        () -> tenant.network()
                                .networkPolicies()
                                .inNamespace(ns)
                                .withName("bulkhead-default-deny")
                                .delete(),
                        "Bulkhead"));
    }

    @Test
    void aBaselineTenantCannotUndoItsIsolationButBulkheadStillReconcilesAndDecommissions() {
        String name = "iso-baseline";
        ManagedNamespace ns = ready(request(name, "baseline", "M", List.of()));
        try (KubernetesClient tenant = KubeTestEnv.get().as("alice@example", GROUP)) {
            awaitIsolationInForce(tenant, name);
            var policies = tenant.network().networkPolicies().inNamespace(name);

            // no self-made holes: allow-all, the internet by ipBlock, every namespace... refused
            refused(
                    () -> tenant.resource(allowAll(name, "allow-all")).create(),
                    "may only allow what the tier already allows");
            refused(
                    () -> tenant.resource(egressTo(name, "internet", "0.0.0.0/0"))
                            .create(),
                    "no ipBlock");
            refused(() -> tenant.resource(egressTo(name, "internet6", "::/0")).create(), "no ipBlock");
            // what the tier already allows is fine (baseline: tenantPolicies withinTier)
            assertThat(tenant.resource(sameNamespaceIngress(name, "web-from-front"))
                            .create()
                            .getMetadata()
                            .getUid())
                    .isNotBlank();
            // and it cannot be widened afterwards
            refused(
                    () -> policies.withName("web-from-front")
                            .edit(p -> new NetworkPolicyBuilder(p)
                                    .editSpec()
                                    .editFirstIngress()
                                    .withFrom(new NetworkPolicyPeerBuilder()
                                            .withNewIpBlock()
                                            .withCidr("0.0.0.0/0")
                                            .endIpBlock()
                                            .build())
                                    .endIngress()
                                    .endSpec()
                                    .build()),
                    "may only allow what the tier already allows");

            // Bulkhead's objects stay Bulkhead's: no edit, no delete, of any kind the team's role may write
            refused(
                    () -> policies.withName("bulkhead-default-deny")
                            .edit(p -> new NetworkPolicyBuilder(p)
                                    .editSpec()
                                    .withPolicyTypes("Ingress")
                                    .endSpec()
                                    .build()),
                    "only Bulkhead may create, change or delete it");
            refused(() -> policies.withName("bulkhead-allow-dns").delete(), "is Bulkhead");
            refused(
                    () -> tenant.rbac()
                            .roleBindings()
                            .inNamespace(name)
                            .withName("bulkhead-team-admin")
                            .delete(),
                    "only Bulkhead may create, change or delete it");
            refused(
                    () -> tenant.rbac()
                            .roleBindings()
                            .inNamespace(name)
                            .withName("bulkhead-viewers")
                            .edit(b -> new RoleBindingBuilder(b)
                                    .editMetadata()
                                    .removeFromLabels("app.kubernetes.io/managed-by")
                                    .endMetadata()
                                    .build()),
                    // refused by protect-managed and tenant-role-bindings alike; the server names the first
                    "denied request: baseline tier:");
            refused(
                    () -> tenant.serviceAccounts()
                            .inNamespace(name)
                            .withName("default")
                            .edit(sa -> new ServiceAccountBuilder(sa)
                                    .withAutomountServiceAccountToken(true)
                                    .build()),
                    "only Bulkhead may create, change or delete it");
            // the quota and the limit range: the team's role cannot write them at all, and neither delete
            assertThatThrownBy(() -> tenant.resourceQuotas()
                            .inNamespace(name)
                            .withName("bulkhead-quota")
                            .delete())
                    .isInstanceOf(KubernetesClientException.class);
            assertThatThrownBy(() -> tenant.limitRanges()
                            .inNamespace(name)
                            .withName("bulkhead-limits")
                            .delete())
                    .isInstanceOf(KubernetesClientException.class);

            // no posing as Bulkhead: the label cannot be put on the team's own objects, at creation or later
            refused(
                    () -> tenant.resource(new ConfigMapBuilder()
                                    .withNewMetadata()
                                    .withName("posing")
                                    .withNamespace(name)
                                    .withLabels(Map.of("app.kubernetes.io/managed-by", "bulkhead"))
                                    .endMetadata()
                                    .build())
                            .create(),
                    "only Bulkhead may create, change or delete it");
            tenant.resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("plain")
                            .withNamespace(name)
                            .endMetadata()
                            .build())
                    .create();
            refused(
                    () -> tenant.configMaps()
                            .inNamespace(name)
                            .withName("plain")
                            .edit(c -> new ConfigMapBuilder(c)
                                    .editMetadata()
                                    .addToLabels("app.kubernetes.io/managed-by", "bulkhead")
                                    .endMetadata()
                                    .build()),
                    "only Bulkhead may create, change or delete it");

            // a service account the team makes and binds to admin is no way round: it is not Bulkhead either
            tenant.resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName("helper")
                            .withNamespace(name)
                            .endMetadata()
                            .build())
                    .create();
            tenant.resource(new RoleBindingBuilder()
                            .withNewMetadata()
                            .withName("helper-admin")
                            .withNamespace(name)
                            .endMetadata()
                            .addNewSubject()
                            .withKind("ServiceAccount")
                            .withName("helper")
                            .withNamespace(name)
                            .endSubject()
                            .withNewRoleRef()
                            .withApiGroup("rbac.authorization.k8s.io")
                            .withKind("ClusterRole")
                            .withName("admin")
                            .endRoleRef()
                            .build())
                    .create();
            // nor can the team hand its access to anyone else: everyone, another user, another namespace's account
            for (var subject : List.of(
                    new io.fabric8.kubernetes.api.model.rbac.SubjectBuilder()
                            .withKind("Group")
                            .withApiGroup("rbac.authorization.k8s.io")
                            .withName("system:authenticated")
                            .build(),
                    new io.fabric8.kubernetes.api.model.rbac.SubjectBuilder()
                            .withKind("User")
                            .withApiGroup("rbac.authorization.k8s.io")
                            .withName("mallory@example")
                            .build(),
                    new io.fabric8.kubernetes.api.model.rbac.SubjectBuilder()
                            .withKind("ServiceAccount")
                            .withName("default")
                            .withNamespace("kube-system")
                            .build())) {
                refused(
                        () -> tenant.resource(new RoleBindingBuilder()
                                        .withNewMetadata()
                                        .withName("share-" + subject.getKind().toLowerCase(java.util.Locale.ROOT))
                                        .withNamespace(name)
                                        .endMetadata()
                                        .withSubjects(subject)
                                        .withNewRoleRef()
                                        .withApiGroup("rbac.authorization.k8s.io")
                                        .withKind("ClusterRole")
                                        .withName("view")
                                        .endRoleRef()
                                        .build())
                                .create(),
                        "may only bind service accounts of this namespace");
            }
            try (KubernetesClient sa = KubeTestEnv.get()
                    .as(
                            "system:serviceaccount:" + name + ":helper",
                            "system:serviceaccounts",
                            "system:serviceaccounts:" + name)) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(sa.configMaps()
                                        .inNamespace(name)
                                        .withName("plain")
                                        .get())
                                .isNotNull());
                refused(
                        () -> sa.network()
                                .networkPolicies()
                                .inNamespace(name)
                                .withName("bulkhead-default-deny")
                                .delete(),
                        "only Bulkhead may create, change or delete it");
                refused(() -> sa.resource(allowAll(name, "allow-all-sa")).create(), "may only allow");
            }
        }

        // everything of Bulkhead's is still there and unchanged
        assertThat(admin.network().networkPolicies().inNamespace(name).list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .contains("bulkhead-default-deny", "bulkhead-allow-dns", "web-from-front")
                .doesNotContain("allow-all", "internet", "internet6", "allow-all-sa");
        assertThat(admin.rbac()
                        .roleBindings()
                        .inNamespace(name)
                        .withName("bulkhead-viewers")
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "bulkhead");

        // Bulkhead's own identity (here: the registered cluster-admin credentials) still repairs drift...
        admin.network()
                .networkPolicies()
                .inNamespace(name)
                .withName("bulkhead-allow-dns")
                .delete();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> admin.network()
                                .networkPolicies()
                                .inNamespace(name)
                                .withName("bulkhead-allow-dns")
                                .get()
                        == null);
        Provisioner.Outcome repaired = provisioner.reconcile(ns.id());
        assertThat(repaired.state()).isEqualTo(NamespaceState.READY);
        assertThat(admin.network()
                        .networkPolicies()
                        .inNamespace(name)
                        .withName("bulkhead-allow-dns")
                        .get())
                .isNotNull();

        // ...and decommissions: the namespace controller may remove Bulkhead's objects of a terminating namespace
        try (var s = signIn(developer("alice", "payments"))) {
            namespaces.decommission(ns.id(), name);
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    provisioner.reconcile(ns.id());
                    assertThat(state(ns.id())).isEqualTo(NamespaceState.DELETED);
                });
        assertThat(admin.namespaces().withName(name).get()).isNull();
    }

    /**
     * The failed finding of control ns-no-tenant-widening for the namespace (null when it passes), once inventory
     * and compliance caught up and it is as {@code failing} says.
     */
    Finding wideningFinding(ManagedNamespace ns, boolean failing) {
        Finding[] found = new Finding[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    inventory.sync(CLUSTER);
                    assertThat(compliance.awaitQueuedEvaluations(Duration.ofSeconds(30)))
                            .isTrue();
                    try (var s = signIn(developer("alice", "payments"))) {
                        found[0] = compliance.findings(ns.id()).stream()
                                .filter(f -> f.controlId().equals("ns-no-tenant-widening"))
                                .findFirst()
                                .orElse(null);
                    }
                    assertThat(found[0] != null).isEqualTo(failing);
                });
        return found[0];
    }

    @Test
    void aNetworkPolicyThatWidensTheTierButGotInAnywayIsAFindingUntilItIsGone() {
        String name = "iso-finding";
        ManagedNamespace ns = ready(request(name, "baseline", "M", List.of()));
        // the admission policy keeps the team from this; a cluster admin (or a policy from before it) is not kept
        admin.resource(allowAll(name, "hand-made")).create();
        admin.resource(egressTo(name, "to-dns-provider", "8.8.8.8/32")).create();
        admin.resource(sameNamespaceIngress(name, "web-from-front")).create();

        Finding open = wideningFinding(ns, true);
        assertThat(open.result()).isEqualTo(Finding.Result.FAIL);
        assertThat(open.actual())
                .isEqualTo("hand-made: ingress from anywhere; hand-made: egress to anywhere;"
                        + " to-dns-provider: egress to 8.8.8.8/32");
        assertThat(open.fix()).contains("Delete the NetworkPolicy");
        // default-deny is still there, so that control alone would not have seen it
        try (var s = signIn(developer("alice", "payments"))) {
            assertThat(compliance.findings(ns.id()))
                    .noneMatch(f -> f.controlId().equals("ns-default-deny"));
        }

        admin.network()
                .networkPolicies()
                .inNamespace(name)
                .withName("hand-made")
                .delete();
        admin.network()
                .networkPolicies()
                .inNamespace(name)
                .withName("to-dns-provider")
                .delete();
        assertThat(wideningFinding(ns, false)).isNull();
    }

    @Test
    void onRestrictedTheTeamMayCreateNoNetworkPolicyAtAll() {
        String name = "iso-restricted";
        ready(request(name, "restricted", "M", List.of()));
        try (KubernetesClient tenant = KubeTestEnv.get().as("alice@example", GROUP)) {
            awaitIsolationInForce(tenant, name);
            refused(
                    () -> tenant.resource(sameNamespaceIngress(name, "web-from-front"))
                            .create(),
                    "NetworkPolicies are Bulkhead's alone in this tier");
            refused(
                    () -> tenant.resource(allowAll(name, "allow-all")).create(),
                    "NetworkPolicies are Bulkhead's alone in this tier");
        }
        assertThat(admin.network().networkPolicies().inNamespace(name).list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .allSatisfy(n -> assertThat(n).startsWith("bulkhead-"));
    }

    @Test
    void internetWideEgressGoesToReviewWithTheReasonAndAPrivateRangeIsApprovedAtOnce() {
        ManagedNamespace internet = requestAsAlice(request(
                "iso-egress-internet",
                "restricted",
                "M",
                List.of(new EgressRule("0.0.0.0/0", 443, "TCP"), new EgressRule("::/0", 443, "TCP"))));
        assertThat(internet.state()).isEqualTo(NamespaceState.REQUESTED);
        assertThat(internet.reviewReason())
                .contains("Egress to 0.0.0.0/0 opens the whole IPv4 internet; it is never approved automatically.")
                .contains("Egress to ::/0 opens the whole IPv6 internet");

        ManagedNamespace wide = requestAsAlice(
                request("iso-egress-wide", "restricted", "M", List.of(new EgressRule("10.0.0.0/8", 5432, "TCP"))));
        assertThat(wide.state()).isEqualTo(NamespaceState.REQUESTED);
        assertThat(wide.reviewReason()).contains("wider than /16");

        ManagedNamespace quotaAndEgress = requestAsAlice(
                request("iso-egress-quota", "restricted", "L", List.of(new EgressRule("203.0.113.0/24", 443, "TCP"))));
        assertThat(quotaAndEgress.reviewReason())
                .startsWith("Quota preset L is above the tier's default M.")
                .contains("outside the IPv4 ranges the Restricted tier approves automatically");

        ManagedNamespace privateRange = requestAsAlice(
                request("iso-egress-private", "restricted", "M", List.of(new EgressRule("10.20.0.0/16", 5432, "TCP"))));
        assertThat(privateRange.state()).isEqualTo(NamespaceState.APPROVED);
        assertThat(privateRange.reviewReason()).isNull();
    }

    @Test
    void sandboxedRefusesInternetWideEgressOutrightAndStoresNothing() {
        NamespaceRequest r =
                request("iso-egress-sandboxed", "sandboxed", "S", List.of(new EgressRule("0.0.0.0/0", 443, "TCP")));
        try (var s = signIn(developer("alice", "payments"))) {
            assertThat(namespaces.validate(r))
                    .containsEntry(
                            "egress",
                            "The Sandboxed tier refuses egress to networks wider than /8 (IPv4); 0.0.0.0/0 is /0.");
            assertThatThrownBy(() -> namespaces.request(r))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("refuses egress");
        }
        try (var s = signIn(admin("admin"))) {
            assertThat(namespaces.list(Namespaces.Filter.ALL, 0, 500))
                    .noneMatch(n -> n.name().equals("iso-egress-sandboxed"));
        }
        // a private /24 is approved at once on sandboxed too
        ManagedNamespace ok = requestAsAlice(request(
                "iso-egress-sandboxed-ok", "sandboxed", "S", List.of(new EgressRule("10.1.2.0/24", 443, "TCP"))));
        assertThat(ok.state()).isEqualTo(NamespaceState.APPROVED);
    }
}
