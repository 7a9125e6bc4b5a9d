package io.bulkhead.provisioning;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.manager;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.changes.ChangeDraft;
import io.bulkhead.changes.ChangePreview;
import io.bulkhead.changes.ChangeState;
import io.bulkhead.changes.NamespaceChange;
import io.bulkhead.changes.NamespaceChanges;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;

/**
 * Team budgets against PostgreSQL and a real kube-apiserver: an admin sets them with field messages for bad
 * quantities; requests inside the remaining budget are approved automatically, the rest wait for review with the
 * overrun in numbers; eight parallel requests that together exceed the budget approve exactly the ones that fit;
 * a quota change to custom values is validated as quantities, refused below current use, approved automatically
 * inside the tier's default and the budget, and applied to the cluster's ResourceQuota; only members of the team
 * and the other roles read its budgets, and only admins set them.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamBudgetsIT {
    static final String CLUSTER = "budget-cluster";
    static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000, 36);
    static final String RACE = "bgt-race";
    static final String COUNT = "bgt-count";
    static final String QUOTA = "bgt-quota";
    static final String WHY = "The service grows and needs more room.";
    static final Authentication ADMIN = admin("bgt-admin");
    static final Authentication RITA = reviewer("bgt-rita");

    @Autowired
    TeamBudgets budgets;

    @Autowired
    Namespaces namespaces;

    @Autowired
    NamespaceChanges changes;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    Provisioner provisioner;

    KubernetesClient kube;

    @BeforeAll
    void setUp() {
        kube = KubeTestEnv.get().admin();
        TestClusters.ensureTeams(teams, RACE, COUNT, QUOTA, "payments");
        TestClusters.register(clusters, CLUSTER, "Team budget test cluster");
    }

    static BudgetDraft budget(String team, String cpu, String memory, String storage, Integer namespaces) {
        return new BudgetDraft(team, CLUSTER, cpu, memory, storage, namespaces);
    }

    NamespaceRequest request(String team, String name) {
        return new NamespaceRequest(CLUSTER, name, team, "baseline", "M", List.of(), "Budget test namespace.");
    }

    @Test
    void adminSetsABudgetAndBadQuantitiesAreNamedAtTheirField() {
        try (var s = signIn(ADMIN)) {
            Map<String, String> errors = budgets.validate(
                    new BudgetDraft("no-such-team", "no-such-cluster", "12 cores", "-4Gi", "1.5.5", -1));
            assertThat(errors)
                    .containsEntry("team", "Choose a registered team.")
                    .containsEntry("cluster", "Choose a registered cluster.")
                    .containsEntry(
                            "namespaces",
                            "Enter a number of namespaces from 0 to 10000, or leave it empty for no limit.")
                    .containsEntry("memory", "Must not be negative.");
            assertThat(errors.get("cpu")).startsWith("'12 cores' is not a Kubernetes quantity");
            assertThat(errors.get("storage")).startsWith("'1.5.5' is not a Kubernetes quantity");
            assertThat(budgets.validate(budget(COUNT, " ", null, "", null)))
                    .containsEntry("cpu", "Give at least one limit, or remove the budget.");
            assertThatThrownBy(() -> budgets.set(budget(COUNT, "12 cores", null, null, 1)))
                    .isInstanceOf(ValidationException.class);

            TeamBudget b = budgets.set(budget(COUNT, "500m", "1Gi", null, 1));
            assertThat(b.cpu()).isEqualTo("500m");
            assertThat(b.storage()).isNull();
            assertThat(b.updatedByName()).isEqualTo("bgt-admin");
            // replacing keeps one row
            b = budgets.set(budget(COUNT, "20", "64Gi", null, 1));
            assertThat(b.cpu()).isEqualTo("20");
            assertThat(budgets.ofTeam(COUNT)).singleElement().satisfies(u -> {
                assertThat(u.budget()).isNotNull();
                assertThat(u.lines())
                        .extracting(BudgetUse.Line::resource)
                        .containsExactly("CPU", "Memory", "Storage", "Namespaces");
            });
        }
        try (var s = signIn(developer("bgt-dev", COUNT))) {
            assertThatThrownBy(() -> budgets.set(budget(COUNT, "100", null, null, 100)))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> budgets.remove(COUNT, CLUSTER)).isInstanceOf(AccessDeniedException.class);
            assertThat(budgets.ofTeam(COUNT))
                    .singleElement()
                    .satisfies(u -> assertThat(u.budget().cpu()).isEqualTo("20"));
        }
        try (var s = signIn(developer("bgt-other", "payments"))) {
            // another team's budget, or a team that does not exist: the same refusal
            assertThatThrownBy(() -> budgets.ofTeam(COUNT)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> budgets.ofTeam("no-such-team")).isInstanceOf(AccessDeniedException.class);
            assertThat(budgets.visible()).noneMatch(u -> u.team().equals(COUNT));
        }
        try (var s = signIn(manager("bgt-manager"))) {
            assertThat(budgets.visible()).anyMatch(u -> u.team().equals(COUNT));
        }
    }

    @Test
    void aRequestBeyondTheNamespaceCountGoesToReviewWithTheNumbers() {
        try (var s = signIn(ADMIN)) {
            budgets.set(budget(COUNT, "20", "64Gi", null, 1));
        }
        ManagedNamespace first;
        ManagedNamespace second;
        try (var s = signIn(developer("bgt-dev", COUNT))) {
            first = namespaces.request(request(COUNT, "bgt-count-a-" + SUFFIX));
            second = namespaces.request(request(COUNT, "bgt-count-b-" + SUFFIX));
        }
        assertThat(first.state()).isEqualTo(NamespaceState.APPROVED);
        assertThat(first.decisionComment()).contains("team's budget");
        assertThat(second.state()).isEqualTo(NamespaceState.REQUESTED);
        assertThat(second.reviewReason())
                .isEqualTo("Beyond team " + COUNT + "'s budget in cluster " + CLUSTER
                        + ": namespaces: requested 1, used 1, budget 1 (over by 1).");
        try (var s = signIn(RITA)) {
            namespaces.reject(second.id(), "Budget test: not needed.");
        }
    }

    @Test
    void parallelRequestsThatTogetherExceedTheBudgetApproveExactlyThoseThatFit() throws Exception {
        // preset M asks requests.cpu 4 and requests.memory 8Gi: CPU 12 fits three, memory and count fit all
        try (var s = signIn(ADMIN)) {
            budgets.set(budget(RACE, "12", "1Ti", null, 100));
        }
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<ManagedNamespace>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String name = "bgt-race-" + i + "-" + SUFFIX;
                results.add(pool.submit(() -> {
                    try (var s = signIn(developer("bgt-racer", RACE))) {
                        start.await(30, TimeUnit.SECONDS);
                        return namespaces.request(request(RACE, name));
                    }
                }));
            }
            List<ManagedNamespace> done = new ArrayList<>();
            for (Future<ManagedNamespace> f : results) {
                done.add(f.get(120, TimeUnit.SECONDS));
            }
            List<ManagedNamespace> approved = done.stream()
                    .filter(n -> n.state() == NamespaceState.APPROVED)
                    .toList();
            List<ManagedNamespace> reviewed = done.stream()
                    .filter(n -> n.state() == NamespaceState.REQUESTED)
                    .toList();
            assertThat(approved).hasSize(3);
            assertThat(reviewed).hasSize(5);
            assertThat(reviewed)
                    .allSatisfy(n -> assertThat(n.reviewReason())
                            .isEqualTo("Beyond team " + RACE + "'s budget in cluster " + CLUSTER
                                    + ": cpu: requested 4, used 12 by the team's other namespaces, budget 12 (over by"
                                    + " 4)."));
            try (var s = signIn(developer("bgt-racer", RACE))) {
                BudgetUse use = budgets.ofTeam(RACE).getFirst();
                assertThat(use.lines().getFirst())
                        .isEqualTo(new BudgetUse.Line("CPU", "requests.cpu", "12", "12", 100));
                assertThat(use.lines().get(1).used()).isEqualTo("24Gi");
                assertThat(use.lines().get(3).used()).isEqualTo("3");
                assertThat(use.over()).isFalse();
                assertThat(budgets.forNamespace(approved.getFirst().id())).isEqualTo(use);
            }
            try (var s = signIn(RITA)) {
                for (ManagedNamespace n : reviewed) {
                    namespaces.reject(n.id(), "Budget race test: not needed.");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void customQuotaValuesAreValidatedRefusedBelowUseAndAppliedInsideTheBudget() {
        String name = "bgt-quota-" + SUFFIX;
        ManagedNamespace ns = TestClusters.provisionBaseline(
                namespaces, CLUSTER, name, QUOTA, "bgt-quota-dev", "Custom quota test namespace");
        try (var s = signIn(ADMIN)) {
            budgets.set(budget(QUOTA, "6", null, null, null));
        }
        // the test control plane runs no quota controller: the test writes the status it would (3 CPUs requested)
        kube.resourceQuotas().inNamespace(name).withName("bulkhead-quota").editStatus(q -> {
            q.setStatus(new ResourceQuotaStatusBuilder()
                    .withHard(q.getSpec().getHard())
                    .addToUsed("requests.cpu", new Quantity("3"))
                    .addToUsed("requests.memory", new Quantity("5Gi"))
                    .build());
            return q;
        });
        var dev = developer("bgt-quota-dev", QUOTA);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (var s = signIn(dev)) {
                assertThat(namespaces.quotaUse(ns.id()))
                        .anySatisfy(q -> assertThat(q.used()).isEqualTo("3"));
            }
        });
        try (var s = signIn(dev)) {
            Map<String, String> bad = changes.validate(ChangeDraft.quotaValues(
                    ns.id(), Map.of("requests.cpu", "2 cores", "pods", "-3", "requests.gpu", "1"), WHY));
            assertThat(bad.get("quota.requests.cpu")).startsWith("'2 cores' is not a Kubernetes quantity");
            assertThat(bad).containsEntry("quota.pods", "Enter a whole number of objects (0–999999), e.g. 20.");
            assertThat(bad.get("quota.requests.gpu")).startsWith("Not a resource a Bulkhead quota sets");
            assertThat(changes.validate(ChangeDraft.quotaValues(ns.id(), Map.of("requests.cpu", "4000m"), WHY)))
                    .containsEntry("quotaValues", "The quota is unchanged.");
            // a cut below what is in use is refused with the numbers
            assertThat(changes.validate(ChangeDraft.quotaValues(
                            ns.id(), Map.of("requests.cpu", "2", "requests.memory", "4Gi"), WHY)))
                    .containsEntry(
                            "quotaValues",
                            "The namespace uses more than the custom values allow: requests.cpu: 3 in use, the custom"
                                    + " values allow 2; requests.memory: 5Gi in use, the custom values allow 4Gi.");

            // above the budget (6 CPUs): reviewed, with the overrun
            ChangePreview big = changes.preview(ChangeDraft.quotaValues(ns.id(), Map.of("requests.cpu", "8"), WHY));
            assertThat(big.reviewReason())
                    .contains("above the tier's default M")
                    .contains("Beyond team " + QUOTA + "'s budget in cluster " + CLUSTER
                            + ": cpu: requested 8, used 0 by the team's other namespaces, budget 6 (over by 2).");

            // inside the tier's default and the budget: approved at once, then applied
            NamespaceChange c = changes.request(
                    ChangeDraft.quotaValues(ns.id(), Map.of("requests.cpu", "3500m", "limits.memory", "6Gi"), WHY));
            assertThat(c.state()).isEqualTo(ChangeState.APPROVED);
            assertThat(c.after().quotaPreset())
                    .isEqualTo("custom:requests.cpu=3500m,requests.memory=8Gi,limits.cpu=8,limits.memory=6Gi,"
                            + "pods=50,persistentvolumeclaims=10,services.loadbalancers=0,services.nodeports=0");
            assertThat(c.summary()).startsWith("Quota M → custom (requests.cpu 3500m,");
            UUID id = c.id();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        provisioner.reconcile(ns.id());
                        try (var inPoll = signIn(dev)) { // Awaitility polls on its own thread
                            assertThat(changes.find(id).orElseThrow().state()).isEqualTo(ChangeState.APPLIED);
                        }
                    });
        }
        var hard = kube.resourceQuotas()
                .inNamespace(name)
                .withName("bulkhead-quota")
                .get()
                .getSpec()
                .getHard();
        assertThat(hard.get("requests.cpu")).isEqualTo(new Quantity("3500m"));
        assertThat(hard.get("limits.memory")).isEqualTo(new Quantity("6Gi"));
        try (var s = signIn(dev)) {
            assertThat(budgets.forNamespace(ns.id()).lines().getFirst().used()).isEqualTo("3.5");
            // a raise to 6 CPUs still fits (nothing else of the team in the cluster): but above the default M
            ChangePreview raise = changes.preview(ChangeDraft.quotaValues(ns.id(), Map.of("requests.cpu", "6"), WHY));
            assertThat(raise.reviewReason()).doesNotContain("Beyond team");
        }
        try (var s = signIn(developer("bgt-other", "payments"))) {
            assertThatThrownBy(() -> budgets.forNamespace(ns.id())).isInstanceOf(AccessDeniedException.class);
        }
    }
}
