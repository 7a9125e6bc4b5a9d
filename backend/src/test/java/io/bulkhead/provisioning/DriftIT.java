package io.bulkhead.provisioning;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.exceptions.ExceptionRequest;
import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.bulkhead.tiers.Tiers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Drift is what someone else did (issue 13), against a real kube-apiserver and PostgreSQL: Bulkhead's own changes
 * (a tier roll, an exception activated and revoked) are never recorded as drift; with the owned-object watches on,
 * a change by another field manager (the real {@code kubectl} binary) is repaired within seconds and the audit
 * event names that manager; a deleted object comes back; and decommissioning a sandboxed namespace leaves nothing
 * of it in the cluster.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftIT {
    static final String CLUSTER = "drift-cluster";
    static final String SUFFIX = Long.toString(System.nanoTime() % 100_000, 36);
    static final String PSA_ENFORCE = "pod-security.kubernetes.io/enforce";

    @Autowired
    Namespaces namespaces;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    Provisioner provisioner;

    @Autowired
    PolicyExceptions exceptions;

    @Autowired
    TierRollout rollout;

    @Autowired
    Tiers tiers;

    @Autowired
    AuditLog auditLog;

    @Autowired
    DriftWatches driftWatches;

    KubernetesClient admin;
    Path kubeconfig;

    @BeforeAll
    void registerClusterAndTeams() throws IOException {
        admin = KubeTestEnv.get().admin();
        TestClusters.declareGvisor();
        TestClusters.ensureTeams(teams, "payments");
        assertThat(TestClusters.register(clusters, CLUSTER, "Drift test cluster")
                        .status())
                .isEqualTo("REACHABLE");
        kubeconfig = Files.createTempFile("drift-it", ".kubeconfig");
        Files.writeString(kubeconfig, KubeTestEnv.get().kubeconfig());
    }

    @AfterAll
    void stopWatches() throws IOException {
        driftWatches.stopCluster(CLUSTER);
        Files.deleteIfExists(kubeconfig);
    }

    // ---- helpers ----

    ManagedNamespace provision(String base, String tier) {
        String name = "drift-" + base + "-" + SUFFIX;
        ManagedNamespace ns;
        try (var s = signIn(developer("alice", "payments"))) {
            ns = namespaces.request(new NamespaceRequest(
                    CLUSTER, name, "payments", tier, tier.equals("baseline") ? "M" : "S", List.of(), "Drift test"));
        }
        if (ns.state() == NamespaceState.REQUESTED) {
            try (var s = signIn(reviewer("bob"))) {
                namespaces.approve(ns.id(), "fine for the test");
            }
        }
        awaitState(ns.id(), NamespaceState.READY);
        return ns;
    }

    void awaitState(UUID id, NamespaceState state) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    try (var s = signIn(admin("admin"))) {
                        assertThat(namespaces.find(id).orElseThrow().state()).isEqualTo(state);
                    }
                });
    }

    List<AuditEvent> events(UUID namespaceId, String action) {
        try (var s = signIn(admin("admin"))) {
            return auditLog.page(new AuditFilter(null, null, null, action, null, namespaceId.toString()), 0, 200);
        }
    }

    String label(String namespace, String key) {
        var labels = admin.namespaces().withName(namespace).get().getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    PolicyException asReviewer(java.util.function.Supplier<PolicyException> action) {
        try (var s = signIn(reviewer("bob"))) {
            return action.get();
        }
    }

    /** Runs the real kubectl of the test control plane with the admin kubeconfig; returns its output. */
    String kubectl(String... args) throws IOException, InterruptedException {
        Path binary;
        try (Stream<Path> versions = Files.list(Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s"))) {
            binary = versions.sorted(java.util.Comparator.reverseOrder())
                    .map(v -> v.resolve("kubectl"))
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElseThrow();
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("kubectl %s: %s", String.join(" ", args), out)
                .isZero();
        return out;
    }

    // ---- Bulkhead's own changes ----

    @Test
    void aTierRollAndAnExceptionActivatedAndRevokedAreNeverDrift() throws Exception {
        ManagedNamespace ns = provision("own", "baseline");
        String name = ns.name();

        // an exception lowers the Pod Security level: Bulkhead changes the Namespace's label
        PolicyException requested;
        try (var s = signIn(developer("alice", "payments"))) {
            requested = exceptions.request(new ExceptionRequest(
                    ns.id(),
                    "pss-privileged",
                    null,
                    ExceptionScope.NAMESPACE,
                    List.of(),
                    "The node agent needs host access until the vendor ships the fix.",
                    null,
                    2));
        }
        asReviewer(() -> exceptions.approve(requested.id(), "until the vendor fix"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(label(name, PSA_ENFORCE)).isEqualTo("privileged"));
        assertThat(provisioner.reconcile(ns.id()).drifted()).isZero();

        // revoked: Bulkhead puts the level back
        asReviewer(() -> exceptions.revoke(requested.id(), "vendor fix shipped"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(label(name, PSA_ENFORCE)).isEqualTo("baseline"));
        assertThat(provisioner.reconcile(ns.id()).drifted()).isZero();

        // a tier roll forward and back rewrites every object of the namespace (the tier-version label)
        int v1;
        int v2;
        try (var s = signIn(admin("admin"))) {
            v1 = tiers.latestVersion("baseline").orElseThrow();
            String yaml = tiers.bundleYaml("baseline", v1).orElseThrow();
            v2 = rollout.publish(yaml.replace("summary: >-", "summary: >-\n  (drift test " + SUFFIX + ")"));
            rollout.rollAll("baseline", v2);
        }
        Provisioner.Outcome rolled = provisioner.reconcile(ns.id());
        assertThat(rolled.state()).isEqualTo(NamespaceState.READY);
        assertThat(rolled.drifted()).isZero();
        assertThat(label(name, "bulkhead.io/tier-version")).isEqualTo(Integer.toString(v2));
        try (var s = signIn(admin("admin"))) {
            rollout.rollAll("baseline", v1);
        }
        assertThat(provisioner.reconcile(ns.id()).drifted()).isZero();
        assertThat(label(name, "bulkhead.io/tier-version")).isEqualTo(Integer.toString(v1));
        // the version rolled away from is used by no namespace of this API server any more: its shared policies go
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(admin.resources(ValidatingAdmissionPolicy.class)
                                .withLabel("bulkhead.io/tier", "baseline")
                                .withLabel("bulkhead.io/tier-version", Integer.toString(v2))
                                .list()
                                .getItems())
                        .isEmpty());

        assertThat(events(ns.id(), "namespace.drift-repaired")).isEmpty();
        assertThat(events(ns.id(), "namespace.exception-applied")).isNotEmpty();
        assertThat(events(ns.id(), "namespace.exception-removed")).isNotEmpty();
        assertThat(events(ns.id(), "namespace.tier-rolled"))
                .extracting(AuditEvent::after)
                .anySatisfy(a -> assertThat(a).contains("tierVersion").contains(Integer.toString(v2)));

        // ...while a change by someone else still is drift, named after its field manager
        kubectl("label", "namespace", name, PSA_ENFORCE + "=privileged", "--overwrite");
        Provisioner.Outcome repaired = provisioner.reconcile(ns.id());
        assertThat(repaired.drifted()).isEqualTo(1);
        assertThat(label(name, PSA_ENFORCE)).isEqualTo("baseline");
        assertThat(events(ns.id(), "namespace.drift-repaired"))
                .singleElement()
                .extracting(AuditEvent::after)
                .asString()
                .contains("kubectl-label")
                .contains(PSA_ENFORCE);
    }

    // ---- drift from watches ----

    @Test
    void anEditByAnotherFieldManagerIsRepairedWithinSecondsAndAttributed() throws Exception {
        ManagedNamespace ns = provision("watch", "restricted");
        String name = ns.name();
        driftWatches.startCluster(CLUSTER);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> driftWatches.synced(CLUSTER));

        long t0 = System.nanoTime();
        kubectl("label", "namespace", name, PSA_ENFORCE + "=privileged", "--overwrite");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(label(name, PSA_ENFORCE)).isEqualTo("restricted"));
        long labelMillis = (System.nanoTime() - t0) / 1_000_000;

        t0 = System.nanoTime();
        kubectl(
                "patch",
                "networkpolicy",
                "bulkhead-default-deny",
                "-n",
                name,
                "--type=merge",
                "-p",
                "{\"spec\":{\"policyTypes\":[\"Ingress\"]}}");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(admin.network()
                                .networkPolicies()
                                .inNamespace(name)
                                .withName("bulkhead-default-deny")
                                .get()
                                .getSpec()
                                .getPolicyTypes())
                        .containsExactlyInAnyOrder("Ingress", "Egress"));
        long patchMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
                "drift repaired from watch events: label in %d ms, patch in %d ms%n", labelMillis, patchMillis);

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(ns.id(), "namespace.drift-repaired"))
                        .extracting(AuditEvent::after)
                        .anySatisfy(a -> assertThat(a).contains("kubectl-label").contains(PSA_ENFORCE))
                        .anySatisfy(a -> assertThat(a)
                                .contains("kubectl-patch")
                                .contains("bulkhead-default-deny")
                                .contains("policyTypes")));
    }

    @Test
    void aDeletedOwnedObjectIsRecreatedAndTheEventSaysNoActorIsVisible() throws Exception {
        ManagedNamespace ns = provision("deleted", "baseline");
        String name = ns.name();
        driftWatches.startCluster(CLUSTER);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> driftWatches.synced(CLUSTER));
        String uid = admin.network()
                .networkPolicies()
                .inNamespace(name)
                .withName("bulkhead-allow-dns")
                .get()
                .getMetadata()
                .getUid();

        kubectl("delete", "networkpolicy", "bulkhead-allow-dns", "-n", name);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    var back = admin.network()
                            .networkPolicies()
                            .inNamespace(name)
                            .withName("bulkhead-allow-dns")
                            .get();
                    assertThat(back).isNotNull();
                    assertThat(back.getMetadata().getUid()).isNotEqualTo(uid);
                });
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(events(ns.id(), "namespace.drift-repaired"))
                        .extracting(AuditEvent::after)
                        .anySatisfy(a -> assertThat(a)
                                .contains("deleted")
                                .contains("bulkhead-allow-dns")
                                .contains("audit log")));
    }

    // ---- decommission ----

    @Test
    void decommissioningASandboxedNamespaceLeavesNothingOfItInTheCluster() throws Exception {
        ManagedNamespace ns = provision("gone", "sandboxed");
        String name = ns.name();
        // an exception gives the namespace its own cluster-scoped policy copy and binding
        PolicyException requested;
        try (var s = signIn(developer("alice", "payments"))) {
            requested = exceptions.request(new ExceptionRequest(
                    ns.id(),
                    "tier-runtime-class",
                    null,
                    ExceptionScope.WORKLOADS,
                    List.of("legacy"),
                    "The vendor image cannot run under gVisor until release 4.2 ships.",
                    null,
                    3));
        }
        asReviewer(() -> exceptions.approve(requested.id(), "until 4.2"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(kubectl(
                                "get",
                                "validatingadmissionpolicies",
                                "-l",
                                "bulkhead.io/exception-namespace=" + name,
                                "-o",
                                "name"))
                        .contains(name));
        List<String> shared;
        try (var s = signIn(admin("admin"))) {
            shared = namespaces.objects(ns.id()).stream()
                    .filter(o -> o.namespace() == null && !o.kind().equals("Namespace"))
                    .filter(o -> !o.name().contains(name))
                    .map(ObjectStatus::name)
                    .distinct()
                    .toList();
        }
        assertThat(shared).anyMatch(n -> n.endsWith("require-runtime-class"));

        try (var s = signIn(developer("alice", "payments"))) {
            namespaces.decommission(ns.id(), name);
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    provisioner.reconcile(ns.id());
                    try (var s = signIn(admin("admin"))) {
                        assertThat(namespaces.find(ns.id()).orElseThrow().state())
                                .isEqualTo(NamespaceState.DELETED);
                    }
                });

        // nothing of the namespace: not the namespace, nor any cluster-scoped object naming or labelled for it
        assertThat(kubectl("get", "namespaces", "-o", "name")).doesNotContain("namespace/" + name + "\n");
        String clusterScoped = kubectl(
                "get", "validatingadmissionpolicies,validatingadmissionpolicybindings", "-o", "name", "--show-kind");
        assertThat(clusterScoped).doesNotContain(name);
        assertThat(kubectl(
                        "get",
                        "validatingadmissionpolicies,validatingadmissionpolicybindings",
                        "-l",
                        "bulkhead.io/exception-namespace=" + name,
                        "-o",
                        "name"))
                .isBlank();

        // the tier version's shared policies: deleted when no other namespace of the API server uses them, kept
        // (and recorded as RELEASED, never as pruned) when another one does
        int version;
        List<ObjectStatus> recorded;
        try (var s = signIn(admin("admin"))) {
            version = namespaces.find(ns.id()).orElseThrow().tierVersion();
            recorded = namespaces.objects(ns.id());
        }
        boolean othersUse = !admin.namespaces()
                .withLabel("bulkhead.io/tier", "sandboxed")
                .withLabel("bulkhead.io/tier-version", Integer.toString(version))
                .list()
                .getItems()
                .isEmpty();
        for (String policy : shared) {
            List<HasMetadata> live = new ArrayList<>();
            for (Class<? extends HasMetadata> kind :
                    List.of(ValidatingAdmissionPolicy.class, ValidatingAdmissionPolicyBinding.class)) {
                HasMetadata o = admin.resources(kind).withName(policy).get();
                if (o != null) {
                    live.add(o);
                }
            }
            Map<String, String> statuses = new java.util.HashMap<>();
            recorded.stream().filter(o -> o.name().equals(policy)).forEach(o -> statuses.put(o.kind(), o.status()));
            if (othersUse) {
                assertThat(live).as(policy).isNotEmpty();
                assertThat(statuses.values()).as(policy).containsOnly("RELEASED");
            } else {
                assertThat(live).as(policy).isEmpty();
                assertThat(statuses.values()).as(policy).containsOnly("PRUNED");
            }
        }
        assertThat(events(ns.id(), "namespace.drift-repaired")).isEmpty();
    }
}
