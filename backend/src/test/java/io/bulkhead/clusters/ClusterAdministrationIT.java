package io.bulkhead.clusters;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.manager;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;

/**
 * The admin's cluster maintenance against the real kube-apiserver and PostgreSQL: capabilities are probed and
 * kept, a re-sync probes and schedules the reconcile and inventory passes at once, removal needs the name typed
 * and no live namespace and deletes the credentials; only admins may do any of it, and refusals are audited.
 */
@BackendIntegrationTest
class ClusterAdministrationIT {
    static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);

    @Autowired
    ClusterAdministration admin;

    @Autowired
    Clusters clusters;

    @Autowired
    Namespaces namespaces;

    @Autowired
    Teams teams;

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Inventory inventory;

    @Autowired
    Provisioner provisioner;

    @Autowired
    ClusterOwnership ownership;

    @Test
    void nonAdminsAreRefusedEveryActionAndEachRefusalIsAudited() {
        String name = "adm-deny-" + SUFFIX;
        TestClusters.register(clusters, name, "Refusal test");
        List<Authentication> others = List.of(
                developer("adm-dev-" + SUFFIX, "payments"),
                reviewer("adm-rev-" + SUFFIX),
                manager("adm-mgr-" + SUFFIX));
        for (Authentication who : others) {
            try (var s = signIn(who)) {
                assertThatThrownBy(() -> admin.overview()).isInstanceOf(AccessDeniedException.class);
                assertThatThrownBy(() -> admin.resync(name)).isInstanceOf(AccessDeniedException.class);
                assertThatThrownBy(() -> admin.remove(name, name)).isInstanceOf(AccessDeniedException.class);
            }
        }
        assertThatThrownBy(() -> admin.overview()).as("nobody signed in").isInstanceOf(AccessDeniedException.class);

        try (var s = signIn(admin("adm-admin"))) {
            assertThat(clusters.find(name))
                    .as("the refused removal removed nothing")
                    .isPresent();
            for (Authentication who : others) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(asAdmin(() -> auditLog.page(
                                        new AuditFilter(null, null, who.getName(), "access.denied", null, null),
                                        0,
                                        10)))
                                .extracting(AuditEvent::targetId)
                                .contains("see cluster capabilities", "re-sync a cluster", "remove a cluster"));
            }
        }
    }

    @Test
    void capabilitiesOfTheRealApiServerAreProbedAndKept() {
        String name = "adm-caps-" + SUFFIX;
        TestClusters.register(clusters, name, "Capabilities test");
        try (var s = signIn(admin("adm-admin"))) {
            ClusterOverview o = admin.resync(name);

            assertThat(o.cluster().status()).isEqualTo("REACHABLE");
            ClusterCapabilities c = o.capabilities();
            assertThat(c.serverVersion()).startsWith("v1.");
            assertThat(c.podSecurityAdmission()).as("Pod Security admission").isTrue();
            assertThat(c.validatingAdmissionPolicy())
                    .as("ValidatingAdmissionPolicy")
                    .isTrue();
            assertThat(c.probedAt()).isNotNull();
            assertThat(admin.overview())
                    .filteredOn(x -> x.cluster().name().equals(name))
                    .singleElement()
                    .satisfies(x ->
                            assertThat(x.capabilities().podSecurityAdmission()).isTrue());
        }
    }

    @Test
    void resyncRepairsTheClusterAndRelistsItsInventoryAtOnceAndIsAudited() {
        String name = "adm-sync-" + SUFFIX;
        String nsName = "sync-" + SUFFIX;
        TestClusters.ensureTeams(teams, "payments");
        TestClusters.register(clusters, name, "Re-sync test");
        TestClusters.provisionBaseline(namespaces, name, nsName, "payments", "adm-dev-" + SUFFIX, "Re-sync test");
        // the pass this replica runs when it takes the new cluster's lease would repair the deletion below as well:
        // wait until the lease is taken and that pass has run, so that only the re-sync is left to do it
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> ownership.owns(name)
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'reconcile-cluster'"
                                                + " AND task_instance = ?",
                                        Integer.class,
                                        name)
                                == 0);
        // in tests the periodic passes and the watches are off: only the re-sync can bring these changes in
        try (KubernetesClient kube = KubeTestEnv.get().admin()) {
            kube.network()
                    .networkPolicies()
                    .inNamespace(nsName)
                    .withName("bulkhead-default-deny")
                    .delete();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> kube.network()
                                    .networkPolicies()
                                    .inNamespace(nsName)
                                    .withName("bulkhead-default-deny")
                                    .get()
                            == null);
            kube.resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName("resync-probe")
                            .withNamespace(nsName)
                            .endMetadata()
                            .withNewSpec()
                            .withNewSelector()
                            .addToMatchLabels("app", "resync-probe")
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", "resync-probe")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("app")
                            .withImage("registry.example/app:1")
                            .withNewResources()
                            .addToRequests("cpu", new Quantity("10m"))
                            .addToRequests("memory", new Quantity("16Mi"))
                            .addToLimits("cpu", new Quantity("100m"))
                            .addToLimits("memory", new Quantity("64Mi"))
                            .endResources()
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create();

            try (var s = signIn(admin("adm-admin"))) {
                admin.resync(name);
            }

            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(kube.network()
                                    .networkPolicies()
                                    .inNamespace(nsName)
                                    .withName("bulkhead-default-deny")
                                    .get())
                            .as("repaired by the re-sync's reconcile pass")
                            .isNotNull());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(inventory.workloads(name, nsName))
                            .as("listed by the re-sync's inventory pass")
                            .anyMatch(w -> w.name().equals("resync-probe")));
        }
        try (var s = signIn(admin("adm-admin"))) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(asAdmin(() -> auditLog.page(
                                    new AuditFilter(null, null, null, "cluster.resynced", null, name), 0, 10)))
                            .singleElement()
                            .satisfies(e -> {
                                assertThat(e.actorSubject()).isEqualTo("adm-admin");
                                assertThat(e.after()).contains("REACHABLE");
                            }));
        }
    }

    @Test
    void removalNeedsTheNameTypedAndNoLiveNamespaceAndDeletesTheCredentials() {
        String name = "adm-rm-" + SUFFIX;
        TestClusters.ensureTeams(teams, "payments");
        TestClusters.register(clusters, name, "Removal test");
        var ns = TestClusters.provisionBaseline(
                namespaces, name, "rm-" + SUFFIX, "payments", "adm-dev-" + SUFFIX, "Removal test namespace");
        try (var s = signIn(admin("adm-admin"))) {
            assertThat(fieldErrors(() -> admin.remove(name, "something else"))).containsKey("confirmation");
            assertThat(fieldErrors(() -> admin.remove(name, name)))
                    .hasEntrySatisfying("name", m -> assertThat(m).contains("still carries 1 namespace"));
            assertThat(clusters.find(name)).isPresent();
            assertThat(credentials(name)).isTrue();

            namespaces.decommission(ns.id(), ns.name());
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            // the periodic reconcile is off in tests: drive the decommission as the other tests do
            provisioner.reconcile(ns.id());
            try (var s = signIn(admin("adm-admin"))) {
                assertThat(namespaces.find(ns.id()).orElseThrow().state().name())
                        .isEqualTo("DELETED");
            }
        });
        assertThat(ownership.owns(name)).as("the test replica owns the cluster").isTrue();
        assertThat(lease(name)).isEqualTo(1);
        try (var s = signIn(admin("adm-admin"))) {
            admin.remove(name, name);

            assertThat(lease(name)).as("lease row left behind").isZero();
            assertThat(ownership.owned()).doesNotContain(name);
            assertThat(ownership.owns(name)).as("taken again").isFalse();
            assertThat(ownership.owners()).doesNotContainKey(name);
            assertThat(lease(name)).isZero();

            assertThat(clusters.find(name)).isEmpty();
            assertThat(clusters.list()).noneMatch(c -> c.name().equals(name));
            assertThat(admin.overview()).noneMatch(o -> o.cluster().name().equals(name));
            assertThat(credentials(name)).as("credentials kept after removal").isFalse();
            assertThat(fieldErrors(() -> admin.resync(name))).containsKey("name");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(asAdmin(() -> auditLog.page(
                                    new AuditFilter(null, null, null, "cluster.removed", null, name), 0, 10)))
                            .singleElement()
                            .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS)));
        }
    }

    @Test
    void inventoryResyncRunsOnlyOnTheClustersOwnerAndWaitsForIt() {
        String name = "adm-own-" + SUFFIX;
        String nsName = "own-" + SUFFIX;
        TestClusters.ensureTeams(teams, "payments");
        TestClusters.register(clusters, name, "Owner test");
        TestClusters.provisionBaseline(namespaces, name, nsName, "payments", "adm-dev-" + SUFFIX, "Owner test");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ownership.owns(name));
        // another replica takes the cluster over (as after an expiry); this one notices at its next renewal
        jdbc.update(
                "UPDATE cluster_lease SET holder = 'elsewhere', token = token + 1, acquired_at = now(),"
                        + " renewed_at = now(), expires_at = now() + interval '1 hour' WHERE cluster = ?",
                name);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !ownership.owned().contains(name));
        try (KubernetesClient kube = KubeTestEnv.get().admin()) {
            kube.resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName("owner-probe")
                            .withNamespace(nsName)
                            .endMetadata()
                            .withNewSpec()
                            .withNewSelector()
                            .addToMatchLabels("app", "owner-probe")
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", "owner-probe")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("app")
                            .withImage("registry.example/app:1")
                            .withNewResources()
                            .addToRequests("cpu", new Quantity("10m"))
                            .addToRequests("memory", new Quantity("16Mi"))
                            .addToLimits("cpu", new Quantity("100m"))
                            .addToLimits("memory", new Quantity("64Mi"))
                            .endResources()
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create();
        }

        try (var s = signIn(admin("adm-admin"))) {
            admin.resync(name);
        }

        // picked up here, not run: handed on to the owner within a second, not backed off for minutes
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from scheduled_tasks where task_name = 'inventory-sync-cluster'"
                                        + " and task_instance = ? and last_failure is not null",
                                Integer.class,
                                name)
                        == 1);
        assertThat(jdbc.queryForObject(
                        "select execution_time < now() + interval '1 minute' from scheduled_tasks"
                                + " where task_name = 'inventory-sync-cluster' and task_instance = ?",
                        Boolean.class,
                        name))
                .as("due again soon, for the owner")
                .isTrue();
        assertThat(inventory.workloads(name, nsName))
                .as("written by a replica that does not own the cluster")
                .noneMatch(w -> w.name().equals("owner-probe"));

        // the other replica lets go: this one owns the cluster again and runs the re-sync
        jdbc.update("DELETE FROM cluster_lease WHERE cluster = ? AND holder = 'elsewhere'", name);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(jdbc.queryForObject(
                                "select count(*) from scheduled_tasks where task_name = 'inventory-sync-cluster'"
                                        + " and task_instance = ?",
                                Integer.class,
                                name))
                        .as("re-sync done by the owner")
                        .isZero());
        assertThat(ownership.owns(name)).isTrue();
        assertThat(inventory.workloads(name, nsName)).anyMatch(w -> w.name().equals("owner-probe"));
    }

    private int lease(String cluster) {
        return jdbc.queryForObject(
                "select count(*) from cluster_lease where cluster = ? and expires_at > now()", Integer.class, cluster);
    }

    /** Audit reads on Awaitility's polling thread, which has no sign-in of its own. */
    private static <T> T asAdmin(java.util.function.Supplier<T> read) {
        try (var s = signIn(admin("adm-admin"))) {
            return read.get();
        }
    }

    private boolean credentials(String name) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select credentials_encrypted is not null from cluster where name = ?", Boolean.class, name));
    }

    private static java.util.Map<String, String> fieldErrors(Runnable r) {
        try {
            r.run();
        } catch (ValidationException e) {
            return e.fieldErrors();
        }
        throw new AssertionError("not refused");
    }
}
