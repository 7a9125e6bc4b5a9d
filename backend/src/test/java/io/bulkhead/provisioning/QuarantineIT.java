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
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.provisioning.internal.render.Quarantined;
import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;

/**
 * Quarantine against a real kube-apiserver and PostgreSQL: the NetworkPolicies and RoleBindings in the cluster are
 * compared before, during and after. A quarantine leaves only deny-all policies (the team's own one parked) and
 * the team with view access; a reconcile after someone undid part of it in the cluster puts it back; release
 * restores objects equal to those of before; a developer is refused, and the refusal is audited.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuarantineIT {
    static final String CLUSTER = "quarantine-cluster";
    static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
    static final Authentication DEV = developer("q-dana", "payments");
    static final Authentication RITA = reviewer("q-rita");
    static final String WHY = "Crypto miner found in a pod; contain it while we look.";

    @Autowired
    Quarantines quarantines;

    @Autowired
    Namespaces namespaces;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    Provisioner provisioner;

    @Autowired
    AuditLog auditLog;

    KubernetesClient admin;

    @BeforeAll
    void setUp() {
        admin = KubeTestEnv.get().admin();
        TestClusters.ensureTeams(teams, "payments");
        TestClusters.register(clusters, CLUSTER, "Quarantine test cluster");
    }

    @AfterAll
    void close() {
        admin.close();
    }

    /** Per NetworkPolicy and RoleBinding in the namespace: its labels, annotations and spec (or subjects/role). */
    Map<String, String> accessAndNetwork(String ns) {
        Map<String, String> out = new TreeMap<>();
        for (NetworkPolicy p :
                admin.network().v1().networkPolicies().inNamespace(ns).list().getItems()) {
            out.put(
                    "NetworkPolicy/" + p.getMetadata().getName(),
                    Serialization.asJson(List.of(
                            new TreeMap<>(nullToEmpty(p.getMetadata().getLabels())),
                            new TreeMap<>(nullToEmpty(p.getMetadata().getAnnotations())),
                            p.getSpec())));
        }
        for (RoleBinding b : admin.rbac().roleBindings().inNamespace(ns).list().getItems()) {
            out.put(
                    "RoleBinding/" + b.getMetadata().getName(),
                    Serialization.asJson(List.of(
                            new TreeMap<>(nullToEmpty(b.getMetadata().getLabels())), b.getSubjects(), b.getRoleRef())));
        }
        return out;
    }

    static Map<String, String> nullToEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    /** A NetworkPolicy the team made itself (inside what the tier allows): same-namespace ingress to the web pods. */
    static NetworkPolicy teamPolicy(String ns, String name) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .addToMatchLabels("app", "web")
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom()
                .withNewPodSelector()
                .endPodSelector()
                .endFrom()
                .endIngress()
                .endSpec()
                .build();
    }

    List<AuditEvent> events(String action, String target) {
        try (var s = signIn(admin("q-admin"))) {
            return auditLog.page(new AuditFilter(null, null, null, action, null, target), 0, 50);
        }
    }

    /** Whether a member of the team (its OIDC group) may create a ConfigMap in the namespace. */
    boolean teamCanWrite(String ns) {
        try (KubernetesClient team = KubeTestEnv.get().as("q-dana", "team-payments")) {
            String name = "probe-" + UUID.randomUUID().toString().substring(0, 8);
            team.configMaps()
                    .inNamespace(ns)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .build())
                    .create();
            team.configMaps().inNamespace(ns).withName(name).delete();
            return true;
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).isEqualTo(403);
            return false;
        }
    }

    boolean teamCanRead(String ns) {
        try (KubernetesClient team = KubeTestEnv.get().as("q-dana", "team-payments")) {
            team.configMaps().inNamespace(ns).list();
            return true;
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    @Test
    void quarantineDeniesAllTrafficAndWritesReconcilesKeepItAndReleaseRestoresTheObjects() {
        String name = "q-deny-" + SUFFIX;
        ManagedNamespace ns = TestClusters.provisionBaseline(
                namespaces, CLUSTER, name, "payments", "q-dana", "Quarantine test namespace");
        admin.resource(teamPolicy(name, "web-from-same-namespace")).create();
        provisioner.reconcile(ns.id());
        Map<String, String> before = accessAndNetwork(name);
        assertThat(before)
                .containsKeys(
                        "NetworkPolicy/bulkhead-allow-dns",
                        "NetworkPolicy/web-from-same-namespace",
                        "RoleBinding/bulkhead-team-admin");
        assertThat(teamCanWrite(name)).isTrue();

        try (var s = signIn(RITA)) {
            assertThatThrownBy(() -> quarantines.quarantine(ns.id(), " abc "))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors()).containsOnlyKeys("reason"));
            Quarantine q = quarantines.quarantine(ns.id(), WHY);
            assertThat(q.inForce()).isTrue();
            assertThat(q.byName()).isNotBlank();
            assertThatThrownBy(() -> quarantines.quarantine(ns.id(), WHY))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors()).containsKey("state"));
        }
        provisioner.reconcile(ns.id());

        Map<String, String> during = accessAndNetwork(name);
        assertThat(during.keySet())
                .containsExactlyInAnyOrder(
                        "NetworkPolicy/bulkhead-default-deny",
                        "NetworkPolicy/" + Quarantined.DENY_ALL,
                        "RoleBinding/" + TierRenderer.VIEWERS_BINDING,
                        "RoleBinding/" + Quarantined.TEAM_VIEW);
        for (NetworkPolicy p :
                admin.network().v1().networkPolicies().inNamespace(name).list().getItems()) {
            assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
            assertThat(p.getSpec().getEgress()).isNullOrEmpty();
        }
        assertThat(admin.rbac()
                        .roleBindings()
                        .inNamespace(name)
                        .withName(Quarantined.TEAM_VIEW)
                        .get()
                        .getRoleRef()
                        .getName())
                .isEqualTo("view");
        assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels())
                .containsEntry(Quarantined.QUARANTINED_LABEL, "true");
        assertThat(teamCanWrite(name)).isFalse();
        assertThat(teamCanRead(name)).isTrue();

        // someone undoes part of it in the cluster; the next pass (a fresh read of the database) puts it back
        admin.network()
                .v1()
                .networkPolicies()
                .inNamespace(name)
                .withName(Quarantined.DENY_ALL)
                .delete();
        admin.resource(teamPolicy(name, "made-during-quarantine")).create();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> admin.network()
                                .v1()
                                .networkPolicies()
                                .inNamespace(name)
                                .withName(Quarantined.DENY_ALL)
                                .get()
                        == null);
        provisioner.reconcile(ns.id());
        assertThat(accessAndNetwork(name)).isEqualTo(during);
        try (var s = signIn(DEV)) {
            assertThat(quarantines.of(ns.id())).hasValueSatisfying(q -> {
                assertThat(q.inForce()).isTrue();
                assertThat(q.reason()).isEqualTo(WHY);
            });
        }

        try (var s = signIn(RITA)) {
            assertThatThrownBy(() -> quarantines.release(ns.id(), ""))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors()).containsOnlyKeys("reason"));
            assertThat(quarantines
                            .release(ns.id(), "Miner removed, image rebuilt.")
                            .inForce())
                    .isFalse();
        }
        provisioner.reconcile(ns.id());
        Map<String, String> after = accessAndNetwork(name);
        // the policy made during the quarantine was parked too, and comes back with the team's own
        assertThat(after).containsKey("NetworkPolicy/made-during-quarantine");
        after.remove("NetworkPolicy/made-during-quarantine");
        assertThat(after).isEqualTo(before);
        assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels())
                .doesNotContainKey(Quarantined.QUARANTINED_LABEL);
        assertThat(teamCanWrite(name)).isTrue();
        try (var s = signIn(DEV)) {
            assertThat(quarantines.of(ns.id())).isEmpty();
        }
        provisioner.reconcile(ns.id());
        after = accessAndNetwork(name);
        after.remove("NetworkPolicy/made-during-quarantine");
        assertThat(after).isEqualTo(before);

        AuditEvent quarantined = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> events("namespace.quarantined", ns.id().toString()), l -> !l.isEmpty())
                .getFirst();
        assertThat(quarantined.before()).contains("bulkhead-allow-dns").contains("bulkhead-team-admin");
        assertThat(quarantined.after())
                .contains(Quarantined.DENY_ALL)
                .contains(Quarantined.TEAM_VIEW)
                .contains(WHY)
                .doesNotContain("bulkhead-allow-dns");
        AuditEvent released = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> events("namespace.released", ns.id().toString()), l -> !l.isEmpty())
                .getFirst();
        assertThat(released.after()).contains("Miner removed").contains("web-from-same-namespace");
    }

    @Test
    void aDeveloperCannotQuarantineOrReleaseAndTheRefusalIsAudited() {
        String name = "q-dev-" + SUFFIX;
        ManagedNamespace ns = TestClusters.provisionBaseline(
                namespaces, CLUSTER, name, "payments", "q-dana", "Quarantine refusal namespace");
        try (var s = signIn(DEV)) {
            assertThatThrownBy(() -> quarantines.quarantine(ns.id(), WHY)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> quarantines.release(ns.id(), WHY)).isInstanceOf(AccessDeniedException.class);
            assertThat(quarantines.of(ns.id())).isEmpty();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events("access.denied", "quarantine namespaces"))
                        .anySatisfy(e -> assertThat(e.actorSubject()).isEqualTo("q-dana")));
        provisioner.reconcile(ns.id());
        assertThat(accessAndNetwork(name)).containsKey("RoleBinding/bulkhead-team-admin");
        assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels())
                .doesNotContainKey(Quarantined.QUARANTINED_LABEL);
    }
}
