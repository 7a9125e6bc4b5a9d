package io.bulkhead.clusters;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.inventory.Inventory;
import io.bulkhead.inventory.WorkloadFacts;
import io.bulkhead.kube.FleetControlPlane;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.provisioning.internal.ClusterPasses;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Three real API servers registered at once (issue 16): with one killed and another paused ({@code SIGSTOP}), the
 * third's reconcile pass, inventory sync and probe still complete with their outcomes (drift repaired, workload
 * synced, reachable); the passes over the other two end at their first failure with the cluster marked unavailable
 * and a reason, none of their namespaces failed for it; after {@code SIGCONT} the paused one recovers.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIsolationIT {
    static final String SUFFIX = Long.toString(System.nanoTime() % 100_000, 36);
    static final String OK = "fleet-ok-" + SUFFIX;
    static final String DEAD = "fleet-dead-" + SUFFIX;
    static final String PAUSED = "fleet-paused-" + SUFFIX;

    @Autowired
    Clusters clusters;

    @Autowired
    Namespaces namespaces;

    @Autowired
    Teams teams;

    @Autowired
    ClusterPasses passes;

    @Autowired
    Inventory inventory;

    final Map<String, FleetControlPlane> planes = new LinkedHashMap<>();
    final Map<String, List<ManagedNamespace>> byCluster = new LinkedHashMap<>();

    @BeforeAll
    void startThreeClustersWithTwoNamespacesEach() {
        List<FleetControlPlane> started = FleetControlPlane.startMany("fleet", 3);
        planes.put(OK, started.get(0));
        planes.put(DEAD, started.get(1));
        planes.put(PAUSED, started.get(2));
        TestClusters.ensureTeams(teams, "payments");
        planes.forEach(
                (name, plane) -> assertThat(TestClusters.register(clusters, name, "Fleet " + name, plane.kubeconfig())
                                .status())
                        .isEqualTo("REACHABLE"));
        List<ManagedNamespace> all = new ArrayList<>();
        try (var s = signIn(developer("alice", "payments"))) {
            for (String cluster : planes.keySet()) {
                for (int i = 1; i <= 2; i++) {
                    ManagedNamespace ns = namespaces.request(new NamespaceRequest(
                            cluster,
                            cluster.replace("fleet-", "fl-") + "-" + i,
                            "payments",
                            "baseline",
                            "M",
                            List.of(),
                            "Fleet isolation test"));
                    byCluster.computeIfAbsent(cluster, k -> new ArrayList<>()).add(ns);
                    all.add(ns);
                }
            }
        }
        for (ManagedNamespace ns : all) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(state(ns)).isEqualTo(NamespaceState.READY));
        }
        try (KubernetesClient c = planes.get(OK).admin()) {
            c.resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName("web")
                            .withNamespace(first(OK).name())
                            .endMetadata()
                            .withNewSpec()
                            .withNewSelector()
                            .addToMatchLabels("app", "web")
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", "web")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("web")
                            .withImage("registry.example/web:1.0")
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create();
        }
    }

    @AfterAll
    void stopClusters() {
        planes.values().forEach(FleetControlPlane::close);
        // their API servers are gone: later tests in this JVM (a tier publish dry-runs every REACHABLE cluster)
        // must not find them REACHABLE
        planes.keySet().forEach(name -> clusters.markUnavailable(name, "Test control plane stopped."));
    }

    @Test
    @Order(1)
    void healthyClusterIsReconciledSyncedAndProbedWhileOneIsDeadAndOnePaused() {
        planes.get(DEAD).kill();
        planes.get(PAUSED).pause();
        deleteQuotas(OK);

        // as db-scheduler would: each cluster's pass on its own thread, the probe and the inventory sync beside them
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var ok = timed(threads, () -> passes.reconcile(OK));
            var dead = timed(threads, () -> passes.reconcile(DEAD));
            var paused = timed(threads, () -> passes.reconcile(PAUSED));
            var probe = timed(threads, clusters::probeAll);
            var sync = timed(threads, () -> {
                inventory.syncAll();
                return true;
            });

            ClusterPasses.Result okPass = ok.join();
            assertThat(okPass.unavailable()).isNull();
            assertThat(okPass.reconciled()).isEqualTo(2);
            assertThat(okPass.failed()).isZero();
            assertThat(quotas(OK))
                    .as("the healthy cluster's deleted quota is back")
                    .isNotEmpty();

            for (var pass : List.of(dead.join(), paused.join())) {
                assertThat(pass.unavailable()).as(pass.cluster()).isNotBlank();
                assertThat(pass.reconciled())
                        .as("the pass over %s ended at its first failure", pass.cluster())
                        .isZero();
            }
            Map<String, String> probed = probe.join();
            assertThat(probed).containsEntry(OK, "REACHABLE");
            assertThat(probed).containsEntry(DEAD, "UNREACHABLE");
            assertThat(probed).containsEntry(PAUSED, "UNREACHABLE");
            sync.join();
        }
        try (var s = signIn(admin("admin"))) {
            assertThat(clusters.find(OK).orElseThrow().status()).isEqualTo("REACHABLE");
            for (String down : List.of(DEAD, PAUSED)) {
                ClusterSummary c = clusters.find(down).orElseThrow();
                assertThat(c.status()).as(down).isIn("UNREACHABLE", "UNAVAILABLE");
                assertThat(c.statusReason()).as(down).isNotBlank();
            }
        }
        assertThat(inventory.workloads(OK, first(OK).name()))
                .extracting(WorkloadFacts::kind, WorkloadFacts::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Deployment", "web"));
        for (String down : List.of(DEAD, PAUSED)) {
            for (ManagedNamespace ns : byCluster.get(down)) {
                assertThat(state(ns))
                        .as("%s is not failed for its cluster's outage", ns.name())
                        .isEqualTo(NamespaceState.READY);
            }
        }
    }

    @Test
    @Order(2)
    void pausedClusterRecoversAfterSigcont() {
        planes.get(PAUSED).resume();
        try (var s = signIn(admin("admin"))) {
            assertThat(clusters.probe(PAUSED).status()).isEqualTo("REACHABLE");
        }
        deleteQuotas(PAUSED);
        ClusterPasses.Result pass = passes.reconcile(PAUSED);
        assertThat(pass.unavailable()).isNull();
        assertThat(pass.reconciled()).isEqualTo(2);
        assertThat(quotas(PAUSED)).isNotEmpty();
    }

    // ---- helpers ----

    static <T> CompletableFuture<T> timed(ExecutorService threads, Supplier<T> work) {
        return CompletableFuture.supplyAsync(
                () -> {
                    long t0 = System.nanoTime();
                    T r = work.get();
                    System.out.printf("[fleet-it] %s took %d ms%n", r, (System.nanoTime() - t0) / 1_000_000);
                    return r;
                },
                threads);
    }

    ManagedNamespace first(String cluster) {
        return byCluster.get(cluster).getFirst();
    }

    NamespaceState state(ManagedNamespace ns) {
        try (var s = signIn(admin("admin"))) {
            return namespaces.find(ns.id()).orElseThrow().state();
        }
    }

    void deleteQuotas(String cluster) {
        try (KubernetesClient c = planes.get(cluster).admin()) {
            var quotas = c.resourceQuotas().inNamespace(first(cluster).name());
            assertThat(quotas.list().getItems()).isNotEmpty();
            quotas.delete();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> quotas.list().getItems().isEmpty());
        }
    }

    List<String> quotas(String cluster) {
        try (KubernetesClient c = planes.get(cluster).admin()) {
            return c.resourceQuotas().inNamespace(first(cluster).name()).list().getItems().stream()
                    .map(q -> q.getMetadata().getName())
                    .toList();
        }
    }
}
