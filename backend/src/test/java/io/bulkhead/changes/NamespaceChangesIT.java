package io.bulkhead.changes;

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
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Finding;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.Role;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.bulkhead.testsupport.TestUsers;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;

/**
 * Namespace change requests end to end against a real kube-apiserver and PostgreSQL: each change type goes request
 * → preview → review → apply and the cluster's objects and the audit trail say what changed; the tier-move preview
 * names exactly the workloads that fail after the move (as admission and the engine then say); one change at a
 * time; other teams see nothing; nobody approves their own change.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamespaceChangesIT {
    static final String CLUSTER = "changes-cluster";
    static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
    static final String DIGEST = "sha256:" + "a".repeat(64);
    static final String WHY = "The service grows and needs the change.";

    static final Authentication ALICE = developer("chg-alice", "payments");
    static final Authentication BOB = developer("chg-bob", "search");
    static final Authentication RITA = reviewer("chg-rita");
    /** A reviewer who is also a developer of payments: may ask, may not decide on her own request. */
    static final Authentication REVA =
            TestUsers.authentication("chg-reva", Set.of(Role.REVIEWER, Role.DEVELOPER), "payments");

    @Autowired
    NamespaceChanges changes;

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

    @Autowired
    AuditLog auditLog;

    KubernetesClient admin;

    @BeforeAll
    void setUp() {
        admin = KubeTestEnv.get().admin();
        TestClusters.ensureTeams(teams, "payments", "search");
        TestClusters.register(clusters, CLUSTER, "Namespace change test cluster");
    }

    ManagedNamespace provision(String name) {
        return TestClusters.provisionBaseline(
                namespaces, CLUSTER, name, "payments", "chg-alice", "Change test namespace");
    }

    /** Reconciles until the change is applied (the scheduler may have been first). */
    NamespaceChange awaitApplied(UUID changeId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    NamespaceChange c;
                    try (var s = signIn(ALICE)) {
                        c = changes.find(changeId).orElseThrow();
                    }
                    if (c.state() == ChangeState.APPROVED) {
                        provisioner.reconcile(c.namespaceId());
                        try (var s = signIn(ALICE)) {
                            c = changes.find(changeId).orElseThrow();
                        }
                    }
                    assertThat(c.state()).isEqualTo(ChangeState.APPLIED);
                });
        try (var s = signIn(ALICE)) {
            return changes.find(changeId).orElseThrow();
        }
    }

    AuditEvent auditOf(String action, UUID changeId) {
        // appends are staged and chained in batches: wait until it is in the log
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            try (var s = signIn(admin("chg-admin"))) {
                                return auditLog
                                        .page(
                                                new AuditFilter(null, null, null, action, null, changeId.toString()),
                                                0,
                                                50)
                                        .stream()
                                        .filter(e -> action.equals(e.action())
                                                && changeId.toString().equals(e.targetId()))
                                        .findFirst()
                                        .orElse(null);
                            }
                        },
                        java.util.Objects::nonNull);
    }

    static Pod pod(String ns, String name, boolean compliant) {
        var d = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("ghcr.io/bulkhead-io/app@" + DIGEST)
                .endContainer()
                .endSpec()
                .build();
        if (compliant) {
            var spec = d.getSpec();
            spec.setAutomountServiceAccountToken(false);
            spec.getContainers()
                    .getFirst()
                    .setSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder()
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
            spec.getContainers()
                    .getFirst()
                    .setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                            .withLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi")))
                            .build());
        }
        return d;
    }

    @Test
    void tierMovePreviewNamesExactlyTheWorkloadsThatFailAfterTheMove() throws InterruptedException {
        String name = "chg-move-" + SUFFIX;
        ManagedNamespace ns = provision(name);
        // bare pods: the test control plane runs no ReplicaSet controller; Pod Security checks pods, the engine
        // the inventory's workloads
        admin.resource(pod(name, "good", true)).create();
        admin.resource(pod(name, "bad", false)).create();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            inventory.sync(CLUSTER);
            assertThat(inventory.workloads(CLUSTER, name))
                    .extracting(w -> w.name())
                    .contains("good", "bad");
        });
        assertThat(compliance.awaitQueuedEvaluations(Duration.ofSeconds(30))).isTrue();

        ChangeDraft move = ChangeDraft.tierMove(ns.id(), "restricted", WHY, false);
        ChangePreview preview;
        try (var s = signIn(ALICE)) {
            assertThat(changes.validate(move)).isEmpty();
            preview = changes.preview(move);
        }
        assertThat(preview.before().tier()).isEqualTo("baseline");
        assertThat(preview.after().tier()).isEqualTo("restricted");
        assertThat(preview.moveDown()).isFalse();
        assertThat(preview.breaksWorkloads()).isTrue();
        assertThat(preview.dryRunProblem()).isNull();
        // the engine: only the bad deployment would fail there
        Set<String> previewed = preview.workloads().stream()
                .map(w -> w.workload().split(" ")[0])
                .collect(Collectors.toSet());
        assertThat(previewed).containsExactly("Pod/bad");
        // the API server itself: Pod Security warns about the bad deployment's pod, not the good one's
        assertThat(preview.apiServerWarnings())
                .anySatisfy(w -> assertThat(w).contains("violate").contains("restricted"))
                .anySatisfy(w -> assertThat(w).startsWith("bad:"))
                .noneSatisfy(w -> assertThat(w).startsWith("good:"));
        // the object diff: the namespace's enforce label changes
        assertThat(preview.objectDiff())
                .contains("-     pod-security.kubernetes.io/enforce: \"baseline\"")
                .contains("+     pod-security.kubernetes.io/enforce: \"restricted\"");
        assertThat(preview.reviewReason()).contains("Running workloads would be refused or fail");

        // a breaking move needs an explicit acknowledgement
        try (var s = signIn(ALICE)) {
            assertThatThrownBy(() -> changes.request(move))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors()).containsKey("acknowledge"));
            assertThat(changes.openChange(ns.id())).isEmpty();
        }
        NamespaceChange asked;
        try (var s = signIn(REVA)) {
            asked = changes.request(ChangeDraft.tierMove(ns.id(), "restricted", WHY, true));
            assertThat(asked.state()).isEqualTo(ChangeState.PENDING);
            assertThat(asked.acknowledged()).isTrue();
            // four eyes: the requester cannot approve, even as a reviewer
            UUID id = asked.id();
            assertThatThrownBy(() -> changes.approve(id, "Looks fine to me")).isInstanceOf(AccessDeniedException.class);
        }
        try (var s = signIn(RITA)) {
            assertThat(changes.reviewQueue()).extracting(NamespaceChange::id).contains(asked.id());
            UUID id = asked.id();
            assertThatThrownBy(() -> changes.approve(id, "ok"))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors()).containsKey("comment"));
            assertThat(changes.approve(id, "Bad deployment is being fixed this week.")
                            .state())
                    .isEqualTo(ChangeState.APPROVED);
        }
        NamespaceChange applied = awaitApplied(asked.id());
        assertThat(applied.appliedAt()).isNotNull();
        var labels = admin.namespaces().withName(name).get().getMetadata().getLabels();
        assertThat(labels)
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("bulkhead.io/tier", "restricted");
        try (var s = signIn(ALICE)) {
            assertThat(namespaces.find(ns.id()).orElseThrow().tier()).isEqualTo("restricted");
        }

        // after the move, admission refuses a pod like the bad deployment's and admits one like the good one's
        Pod copy = pod(name, "bad-copy", false);
        assertThatThrownBy(() -> admin.resource(copy).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("violates PodSecurity");
        // and the engine fails exactly the previewed workloads
        inventory.sync(CLUSTER);
        assertThat(compliance.awaitQueuedEvaluations(Duration.ofSeconds(30))).isTrue();
        compliance.evaluate(ns.id(), false);
        try (var s = signIn(ALICE)) {
            Set<String> failing = compliance.findings(ns.id()).stream()
                    .filter(f -> f.result() == Finding.Result.FAIL && f.workloadKind() != null)
                    .map(Finding::workload)
                    .collect(Collectors.toSet());
            assertThat(failing).isEqualTo(previewed);
        }

        AuditEvent event = auditOf("namespace.change-applied", asked.id());
        assertThat(event.before()).contains("baseline");
        assertThat(event.after()).contains("restricted");

        // back down: always reviewed, whatever the preview finds
        try (var s = signIn(ALICE)) {
            ChangePreview down = changes.preview(ChangeDraft.tierMove(ns.id(), "baseline", WHY, false));
            assertThat(down.moveDown()).isTrue();
            assertThat(down.reviewReason()).contains("always reviewed");
            NamespaceChange c = changes.request(ChangeDraft.tierMove(ns.id(), "baseline", WHY, true));
            assertThat(c.state()).isEqualTo(ChangeState.PENDING);
            assertThat(changes.withdraw(c.id()).state()).isEqualTo(ChangeState.WITHDRAWN);
        }
    }

    @Test
    void quotaCutBelowUseIsRefusedWithTheNumbersAndARaiseIsReviewedAndApplied() {
        String name = "chg-quota-" + SUFFIX;
        ManagedNamespace ns = provision(name);
        // the test control plane runs no quota controller: the test writes the status it would (6 claims in use)
        admin.resourceQuotas().inNamespace(name).withName("bulkhead-quota").editStatus(q -> {
            q.setStatus(new io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder()
                    .withHard(q.getSpec().getHard())
                    .addToUsed("persistentvolumeclaims", new Quantity("6"))
                    .addToUsed("pods", new Quantity("3"))
                    .build());
            return q;
        });
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (var s = signIn(ALICE)) {
                assertThat(namespaces.quotaUse(ns.id())).anySatisfy(q -> {
                    assertThat(q.resource()).isEqualTo("persistentvolumeclaims");
                    assertThat(q.used()).isEqualTo("6");
                });
            }
        });
        try (var s = signIn(ALICE)) {
            // M allows 10 claims, S only 5: a cut below the use is refused with the numbers
            assertThat(changes.validate(ChangeDraft.quota(ns.id(), "S", WHY)))
                    .containsEntry(
                            "quotaPreset",
                            "The namespace uses more than preset S allows: persistentvolumeclaims: 6 in use, preset S"
                                    + " allows 5.");
            assertThat(changes.validate(ChangeDraft.quota(ns.id(), "XXL", WHY))).containsKey("quotaPreset");
            assertThat(changes.validate(ChangeDraft.quota(ns.id(), "L", "short")))
                    .containsKey("reason");

            ChangePreview preview = changes.preview(ChangeDraft.quota(ns.id(), "L", WHY));
            assertThat(preview.quotaUse()).extracting(q -> q.resource()).contains("persistentvolumeclaims");
            assertThat(preview.reviewReason()).contains("above the tier's default M");
            assertThat(preview.objectDiff()).contains("+     persistentvolumeclaims: \"20\"");

            NamespaceChange first = changes.request(ChangeDraft.quota(ns.id(), "L", WHY));
            assertThat(first.state()).isEqualTo(ChangeState.PENDING);
            // one change at a time, said clearly
            assertThatThrownBy(() -> changes.request(
                            ChangeDraft.egress(ns.id(), List.of(new EgressRule("10.40.0.0/16", 443, "TCP")), WHY)))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors().get("namespace"))
                                    .contains("already has an open change")
                                    .contains("Quota M → L"));
            assertThat(changes.ofNamespace(ns.id()))
                    .extracting(NamespaceChange::id)
                    .containsExactly(first.id());
        }
        // another team: the namespace and its change do not exist for them
        try (var s = signIn(BOB)) {
            assertThatThrownBy(() -> changes.preview(ChangeDraft.quota(ns.id(), "L", WHY)))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors()).containsEntry("namespace", "No such namespace."));
            assertThatThrownBy(() -> changes.ofNamespace(ns.id())).isInstanceOf(ValidationException.class);
            UUID first;
            try (var a = signIn(ALICE)) {
                first = changes.openChange(ns.id()).orElseThrow().id();
            }
            assertThat(changes.find(first)).isEmpty();
            assertThatThrownBy(() -> changes.withdraw(first))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors()).containsEntry("id", "No such change request."));
            assertThatThrownBy(() -> changes.approve(first, "Looks fine to me"))
                    .isInstanceOf(AccessDeniedException.class);
        }
        UUID id;
        try (var s = signIn(ALICE)) {
            id = changes.openChange(ns.id()).orElseThrow().id();
        }
        try (var s = signIn(RITA)) {
            assertThat(changes.approve(id, "More claims are fine for this service.")
                            .state())
                    .isEqualTo(ChangeState.APPROVED);
        }
        awaitApplied(id);
        assertThat(admin.resourceQuotas()
                        .inNamespace(name)
                        .withName("bulkhead-quota")
                        .get()
                        .getSpec()
                        .getHard())
                .containsEntry("persistentvolumeclaims", new Quantity("20"))
                .containsEntry("pods", new Quantity("100"));
        AuditEvent event = auditOf("namespace.change-applied", id);
        assertThat(event.before()).contains("\"quotaPreset\":\"M\"");
        assertThat(event.after()).contains("\"quotaPreset\":\"L\"");
    }

    @Test
    void egressChangeInsideTheTierRulesIsApprovedAutomaticallyAndApplied() {
        String name = "chg-egress-" + SUFFIX;
        ManagedNamespace ns = provision(name);
        EgressRule db = new EgressRule("10.20.0.0/16", 5432, "TCP");
        NamespaceChange c;
        try (var s = signIn(ALICE)) {
            ChangePreview preview = changes.preview(ChangeDraft.egress(ns.id(), List.of(db), WHY));
            assertThat(preview.reviewReason()).isNull();
            assertThat(preview.objectDiff()).contains("10.20.0.0/16");
            c = changes.request(ChangeDraft.egress(ns.id(), List.of(db), WHY));
            assertThat(c.state()).isEqualTo(ChangeState.APPROVED);
            assertThat(c.decidedByName()).isEqualTo("Bulkhead (automatic)");
            // a wide entry is reviewed; the same allowlist again is no change
            assertThat(changes.validate(ChangeDraft.egress(ns.id(), List.of(), WHY)))
                    .isEmpty();
        }
        awaitApplied(c.id());
        var policy = admin.network()
                .networkPolicies()
                .inNamespace(name)
                .withName("bulkhead-allow-egress")
                .get();
        assertThat(policy).isNotNull();
        assertThat(policy.getSpec().getEgress())
                .flatExtracting(r -> r.getTo())
                .extracting(p -> p.getIpBlock().getCidr())
                .containsExactly("10.20.0.0/16");
        AuditEvent event = auditOf("namespace.change-applied", c.id());
        assertThat(event.before()).contains("\"egress\":[]");
        assertThat(event.after()).contains("10.20.0.0/16:5432/TCP");
        try (var s = signIn(ALICE)) {
            assertThat(changes.validate(ChangeDraft.egress(ns.id(), List.of(db), WHY)))
                    .containsEntry("egress", "The allowlist is unchanged.");
            NamespaceChange wide = changes.request(
                    ChangeDraft.egress(ns.id(), List.of(db, new EgressRule("0.0.0.0/0", 443, "TCP")), WHY));
            assertThat(wide.state()).isEqualTo(ChangeState.PENDING);
            assertThat(wide.reviewReason()).isNotBlank();
        }
        try (var s = signIn(RITA)) {
            NamespaceChange rejected = changes.reject(
                    changes.reviewQueue().stream()
                            .filter(x -> x.namespaceId().equals(ns.id()))
                            .findFirst()
                            .orElseThrow()
                            .id(),
                    "The whole internet is too wide; name the service.");
            assertThat(rejected.state()).isEqualTo(ChangeState.REJECTED);
        }
        try (var s = signIn(ALICE)) {
            assertThat(changes.openChange(ns.id())).isEmpty();
        }
    }
}
