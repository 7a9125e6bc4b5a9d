package io.bulkhead.exceptions;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.authentication;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.exceptions.internal.ExceptionExpiry;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.Role;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.MutableClock;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.core.Authentication;

/**
 * Exceptions end to end against a real kube-apiserver and PostgreSQL: the hole opens exactly as wide as approved
 * and closes at expiry and on revocation; tenants cannot exempt themselves; four-eyes, two approvals for the
 * sensitive tier, concurrent decisions, withdrawal, renewal, authorization and bad input.
 */
@BackendIntegrationTest
@Import(PolicyExceptionsIT.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyExceptionsIT {
    static final String CLUSTER = "exc-cluster";
    static final String WHY = "The vendor image cannot run under gVisor until release 4.2 ships.";
    /** The control the sandboxed tier's RuntimeClass admission rule enforces, as its findings name it. */
    static final String RULE = "tier-runtime-class";

    static final String SUFFIX = Long.toString(System.nanoTime() % 100_000, 36);

    @TestConfiguration(proxyBeanMethods = false)
    static class Config {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @Autowired
    PolicyExceptions exceptions;

    @Autowired
    Notifications notifications;

    @Autowired
    Namespaces namespaces;

    @Autowired
    Clusters clusters;

    @Autowired
    Teams teams;

    @Autowired
    Provisioner provisioner;

    @Autowired
    ExceptionExpiry expiry;

    @Autowired
    AuditLog auditLog;

    @Autowired
    io.bulkhead.compliance.Compliance compliance;

    @Autowired
    MutableClock clock;

    KubernetesClient admin;

    static final Authentication ALICE = developer("alice", "payments");
    static final Authentication ALAN = developer("alan", "payments");
    static final Authentication DAVE = developer("dave", "search");
    static final Authentication BOB = reviewer("bob");
    static final Authentication CAROL = reviewer("carol");
    /** A reviewer who is also a member of payments (may request, never decide on their own request). */
    static final Authentication RITA = authentication("rita", Set.of(Role.REVIEWER, Role.DEVELOPER), "payments");

    @BeforeAll
    void registerClusterAndTeams() {
        admin = KubeTestEnv.get().admin();
        TestClusters.declareGvisor();
        TestClusters.ensureTeams(teams, "payments", "search");
        assertThat(TestClusters.register(clusters, CLUSTER, "Exceptions test cluster")
                        .runtimeClasses())
                .contains("gvisor");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    // ---- helpers ----

    ManagedNamespace namespace(String base, String tier) {
        String name = "exc-" + base + "-" + SUFFIX;
        String preset = tier.equals("sensitive") ? "S" : "S";
        ManagedNamespace ns;
        try (var s = signIn(ALICE)) {
            ns = namespaces.request(new NamespaceRequest(
                    CLUSTER, name, "payments", tier, preset, List.of(), "Exceptions integration test"));
        }
        if (ns.state() == NamespaceState.REQUESTED) {
            try (var s = signIn(BOB)) {
                namespaces.approve(ns.id(), "fine for the test");
            }
        }
        ManagedNamespace ready = awaitNamespace(ns.id(), NamespaceState.READY);
        if (tier.equals("sandboxed")) {
            // the tier's admission policy was just created: the API server loads it a moment later
            awaitAdmitted(name, "probe-before-exception", false);
        }
        return ready;
    }

    ManagedNamespace awaitNamespace(UUID id, NamespaceState state) {
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

    static ExceptionRequest workloads(UUID ns, String... names) {
        return new ExceptionRequest(
                ns, RULE, null, ExceptionScope.WORKLOADS, List.of(names), WHY, "https://tickets.example.com/SEC-7", 3);
    }

    /** "Runs as non-root" for the whole namespace: a restricted check, so the Pod Security level goes to baseline. */
    static ExceptionRequest psa(UUID ns, String level) {
        assertThat(level).isEqualTo("baseline");
        return new ExceptionRequest(ns, "pss-run-as-non-root", null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 2);
    }

    PolicyException as(Authentication who, java.util.function.Supplier<PolicyException> action) {
        try (var s = signIn(who)) {
            return action.get();
        }
    }

    static Deployment deployment(String ns, String name) {
        return new DeploymentBuilder()
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
                .addNewContainer()
                .withName("app")
                .withImage("registry.k8s.io/pause:3.10")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withRunAsNonRoot(true)
                .withRunAsUser(1000L)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** True when the API server admits a Deployment of that name without a RuntimeClass (server-side dry run). */
    boolean admitted(String ns, String name) {
        try {
            admin.resource(deployment(ns, name)).dryRun().create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 || e.getCode() == 422 || e.getCode() == 400) {
                assertThat(e.getMessage()).contains("runtimeClassName");
                return false;
            }
            throw e;
        }
    }

    void awaitAdmitted(String ns, String name, boolean expected) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(admitted(ns, name)).as(name).isEqualTo(expected));
    }

    List<String> actions(UUID exceptionId) {
        try (var s = signIn(admin("admin"))) {
            return auditLog.page(AuditFilter.ALL, 0, 500).stream()
                    .sorted(java.util.Comparator.comparingLong(AuditEvent::seq))
                    .filter(e -> "exception".equals(e.targetType())
                            && exceptionId.toString().equals(e.targetId()))
                    .map(AuditEvent::action)
                    .toList();
        }
    }

    int storedCount() {
        try (var s = signIn(BOB)) {
            return exceptions.count(PolicyExceptions.Filter.ALL);
        }
    }

    // ---- the hole in the cluster ----

    @Test
    void approvedWorkloadsExceptionAdmitsExactlyTheNamedWorkloadAndClosesAtExpiry() {
        ManagedNamespace ns = namespace("sbx-a", "sandboxed");
        String name = ns.name();
        assertThat(admitted(name, "legacy")).isFalse();

        PolicyException requested = as(ALICE, () -> exceptions.request(workloads(ns.id(), "legacy")));
        assertThat(requested.state()).isEqualTo(ExceptionState.PENDING);
        try (var s = signIn(BOB)) {
            assertThat(notifications.mine(50)).anyMatch(n -> n.text().contains(name) && !n.read());
        }
        PolicyException active = as(BOB, () -> exceptions.approve(requested.id(), "ok until the vendor fix"));
        assertThat(active.state()).isEqualTo(ExceptionState.ACTIVE);
        assertThat(active.expiresAt()).isEqualTo(active.activatedAt().plus(Duration.ofDays(3)));

        awaitAdmitted(name, "legacy", true);
        assertThat(admitted(name, "other")).isFalse();
        admin.resource(deployment(name, "legacy")).create();
        assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels())
                .containsEntry("bulkhead.io/exempt-require-runtime-class", active.reference());
        try (var s = signIn(ALICE)) {
            assertThat(notifications.mine(50)).anyMatch(n -> n.text().contains("approved"));
        }

        // expiry: move the clock past the end, run the expiry, reconcile (as the scheduled task would)
        clock.advance(Duration.ofDays(3).plusMinutes(1));
        assertThat(expiry.expireDue()).isGreaterThanOrEqualTo(0);
        try (var s = signIn(ALICE)) {
            assertThat(exceptions.find(active.id()).orElseThrow().state()).isEqualTo(ExceptionState.EXPIRED);
        }
        provisioner.reconcile(ns.id());
        awaitAdmitted(name, "legacy", false);
        assertThat(admin.namespaces().withName(name).get().getMetadata().getLabels())
                .doesNotContainKey("bulkhead.io/exempt-require-runtime-class");
        assertThat(admin.admissionRegistration()
                        .v1()
                        .validatingAdmissionPolicies()
                        .withLabel("bulkhead.io/exception-namespace", name)
                        .list()
                        .getItems())
                .isEmpty();
        // an update of the already admitted workload is rejected again
        assertThatThrownBy(() -> admin.apps()
                        .deployments()
                        .inNamespace(name)
                        .withName("legacy")
                        .edit(d -> new DeploymentBuilder(d)
                                .editSpec()
                                .editTemplate()
                                .editMetadata()
                                .addToLabels("touched", "yes")
                                .endMetadata()
                                .endTemplate()
                                .endSpec()
                                .build()))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("runtimeClassName");
        assertThat(actions(active.id()))
                .containsSubsequence(
                        "exception.requested", "exception.approved", "exception.activated", "exception.expired");

        // renewal: a new request linked to the expired one
        clock.reset();
        PolicyException renewal =
                as(ALICE, () -> exceptions.request(workloads(ns.id(), "legacy").renewing(active.id())));
        assertThat(renewal.renewalOf()).isEqualTo(active.id());
        assertThat(renewal.state()).isEqualTo(ExceptionState.PENDING);
    }

    @Test
    void requesterIsRemindedSevenDaysAndOneDayBeforeTheEndOnceEach() {
        ManagedNamespace ns = namespace("remind", "baseline");
        PolicyException e = as(
                ALICE,
                () -> exceptions.request(new ExceptionRequest(
                        ns.id(), "pss-privileged", null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 10)));
        PolicyException active = as(BOB, () -> exceptions.approve(e.id(), "ten days"));
        assertThat(active.expiresAt()).isNotNull();
        String link = PolicyExceptions.LINK_PREFIX + e.id();

        expiry.remind(); // 10 days left: nothing for this one
        assertThat(reminders(link)).isEmpty();

        clock.advance(Duration.ofDays(3).plusHours(12)); // 6.5 days left
        expiry.remind();
        expiry.remind(); // a second run (or another replica) sends nothing more
        assertThat(reminders(link))
                .singleElement()
                .satisfies(n -> assertThat(n.text())
                        .contains("expires in 7 days or less")
                        .contains(ns.name())
                        .contains("Not privileged"));

        clock.advance(Duration.ofDays(6)); // half a day left
        expiry.remind();
        expiry.remind();
        assertThat(reminders(link))
                .hasSize(2)
                .anySatisfy(n -> assertThat(n.text()).contains("expires in 1 day"));
        // another team's developer gets none of them
        try (var s = signIn(developer("dave", "search"))) {
            assertThat(notifications.mine(100)).noneMatch(n -> link.equals(n.link()));
        }
    }

    private List<Notification> reminders(String link) {
        try (var s = signIn(ALICE)) {
            return notifications.mine(100).stream()
                    .filter(n -> link.equals(n.link()) && n.text().contains("expires in"))
                    .toList();
        }
    }

    @Test
    void revocationClosesTheHole() {
        ManagedNamespace ns = namespace("sbx-b", "sandboxed");
        PolicyException e = as(ALICE, () -> exceptions.request(workloads(ns.id(), "legacy")));
        as(BOB, () -> exceptions.approve(e.id(), "Legacy image, vendor fix is due."));
        awaitAdmitted(ns.name(), "legacy", true);
        assertThat(admitted(ns.name(), "other")).isFalse();

        assertThatThrownBy(() -> as(ALICE, () -> exceptions.revoke(e.id(), "not mine to revoke")))
                .isInstanceOf(AccessDeniedException.class);
        PolicyException revoked = as(CAROL, () -> exceptions.revoke(e.id(), "vendor fix shipped early"));
        assertThat(revoked.state()).isEqualTo(ExceptionState.REVOKED);
        try (var s = signIn(admin("admin"))) {
            // the audit read model names the exception by control and namespace, never by its id
            List<String> names =
                    auditLog.namedPage(new AuditFilter(null, null, null, null, null, e.id().toString()), 0, 50).stream()
                            .map(io.bulkhead.audit.NamedAuditEvent::targetName)
                            .distinct()
                            .toList();
            assertThat(names)
                    .containsExactly(
                            "Exception: " + io.bulkhead.exceptions.Controls.title(e.control(), compliance.controls())
                                    + " · " + ns.name() + " on " + ns.cluster());
        }
        awaitAdmitted(ns.name(), "legacy", false);
        assertThat(actions(e.id())).contains("exception.revoked");
        assertThatThrownBy(() -> as(
                        ALICE,
                        () -> exceptions.request(workloads(ns.id(), "legacy").renewing(e.id()))))
                .isInstanceOf(ValidationException.class)
                .satisfies(
                        x -> assertThat(((ValidationException) x).fieldErrors()).containsKey("renewalOf"));
    }

    @Test
    void tenantCannotExemptItselfByEditingItsNamespaceOrPolicies() {
        ManagedNamespace ns = namespace("sbx-t", "sandboxed");
        try (KubernetesClient tenant = KubeTestEnv.get().as("alice", "team-payments")) {
            assertThatThrownBy(() -> tenant.namespaces()
                            .withName(ns.name())
                            .edit(n -> new NamespaceBuilder(n)
                                    .editMetadata()
                                    .addToLabels("bulkhead.io/exempt-require-runtime-class", "mine")
                                    .endMetadata()
                                    .build()))
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(x -> assertThat(((KubernetesClientException) x).getCode())
                            .isEqualTo(403));
            assertThatThrownBy(() -> tenant.admissionRegistration()
                            .v1()
                            .validatingAdmissionPolicyBindings()
                            .withLabel("app.kubernetes.io/managed-by", "bulkhead")
                            .list())
                    .isInstanceOf(KubernetesClientException.class);
            // a workload the tenant names like an excepted one is still rejected: no exception exists
            assertThatThrownBy(() ->
                            tenant.resource(deployment(ns.name(), "legacy")).create())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("runtimeClassName");
        }
        assertThat(admin.namespaces().withName(ns.name()).get().getMetadata().getLabels())
                .doesNotContainKey("bulkhead.io/exempt-require-runtime-class");
    }

    // ---- workflow ----

    @Test
    void reviewerCannotApproveOwnExceptionAndDevelopersCannotApprove() {
        ManagedNamespace ns = namespace("sbx-f", "sandboxed");
        PolicyException e = as(RITA, () -> exceptions.request(workloads(ns.id(), "own")));
        assertThatThrownBy(() -> as(RITA, () -> exceptions.approve(e.id(), "looks fine to me")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(ALAN, () -> exceptions.approve(e.id(), "team mate says ok")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(ALICE, () -> exceptions.reject(e.id(), "no thanks")))
                .isInstanceOf(AccessDeniedException.class);
        try (var s = signIn(admin("admin"))) {
            assertThat(auditLog.page(AuditFilter.ALL, 0, 500).stream()
                            .filter(a -> a.action().equals("access.denied"))
                            .map(a -> String.valueOf(a.targetId())))
                    .anyMatch(t -> t.contains("own exception request"));
        }
        try (var s = signIn(RITA)) {
            assertThat(exceptions.find(e.id()).orElseThrow().state()).isEqualTo(ExceptionState.PENDING);
        }
        assertThatThrownBy(() -> as(BOB, () -> exceptions.approve(e.id(), null)))
                .isInstanceOf(ValidationException.class)
                .satisfies(x -> assertThat(((ValidationException) x).fieldErrors())
                        .containsEntry("comment", "Say what you checked before approving (at least 5 characters)."));
        assertThatThrownBy(() -> as(BOB, () -> exceptions.approve(e.id(), "  ok  ")))
                .isInstanceOf(ValidationException.class);
        try (var s = signIn(RITA)) {
            assertThat(exceptions.find(e.id()).orElseThrow().approvals()).isZero();
        }
        assertThat(as(BOB, () -> exceptions.reject(e.id(), "use gvisor")).state())
                .isEqualTo(ExceptionState.REJECTED);
        assertThat(actions(e.id())).containsSubsequence("exception.requested", "exception.rejected");
        try (var s = signIn(RITA)) {
            assertThat(notifications.mine(50)).anyMatch(n -> n.text().contains("rejected"));
            int unread = notifications.unreadCount();
            notifications.markAllRead();
            assertThat(notifications.unreadCount()).isZero();
            assertThat(unread).isPositive();
        }
    }

    @Test
    void sensitiveTierNeedsTwoApprovalsFromTwoReviewers() {
        ManagedNamespace ns = namespace("sens", "sensitive");
        PolicyException e = as(ALICE, () -> exceptions.request(psa(ns.id(), "baseline")));
        assertThat(e.approvalsRequired()).isEqualTo(2);
        PolicyException once = as(BOB, () -> exceptions.approve(e.id(), "first"));
        assertThat(once.state()).isEqualTo(ExceptionState.PENDING);
        assertThat(once.approvals()).isEqualTo(1);
        assertThatThrownBy(() -> as(BOB, () -> exceptions.approve(e.id(), "again")))
                .isInstanceOf(ValidationException.class);
        PolicyException twice = as(CAROL, () -> exceptions.approve(e.id(), "second"));
        assertThat(twice.state()).isEqualTo(ExceptionState.ACTIVE);
        try (var s = signIn(BOB)) {
            assertThat(exceptions.decisions(e.id()))
                    .extracting(ExceptionDecision::reviewer)
                    .containsExactly("bob", "carol");
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(admin.namespaces()
                                .withName(ns.name())
                                .get()
                                .getMetadata()
                                .getLabels())
                        .containsEntry("pod-security.kubernetes.io/enforce", "baseline")
                        .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                        .containsEntry("pod-security.kubernetes.io/warn", "restricted"));
    }

    @Test
    void concurrentDecisionsProduceExactlyOneOutcome() throws Exception {
        ManagedNamespace ns = namespace("sbx-c", "sandboxed");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                PolicyException e = as(ALICE, () -> exceptions.request(psa(ns.id(), "baseline")));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ExceptionState>> results = new ArrayList<>();
                List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
                for (var who : List.of(Map.entry(BOB, true), Map.entry(CAROL, false))) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try (var s = signIn(who.getKey())) {
                            return who.getValue()
                                    ? exceptions.approve(e.id(), "approve").state()
                                    : exceptions.reject(e.id(), "reject it").state();
                        } catch (ValidationException x) {
                            failures.add(x);
                            return null;
                        }
                    }));
                }
                start.countDown();
                List<ExceptionState> outcomes = new ArrayList<>();
                for (var f : results) {
                    ExceptionState st = f.get();
                    if (st != null) {
                        outcomes.add(st);
                    }
                }
                assertThat(outcomes).hasSize(1);
                assertThat(failures).hasSize(1);
                try (var s = signIn(BOB)) {
                    assertThat(exceptions.find(e.id()).orElseThrow().state()).isEqualTo(outcomes.getFirst());
                    assertThat(exceptions.decisions(e.id())).hasSize(1);
                }
                if (outcomes.getFirst() == ExceptionState.ACTIVE) {
                    as(BOB, () -> exceptions.revoke(e.id(), "test round over"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void requesterWithdrawsWhilePending() {
        ManagedNamespace ns = namespace("sbx-w", "sandboxed");
        PolicyException e = as(ALICE, () -> exceptions.request(workloads(ns.id(), "legacy")));
        assertThatThrownBy(() -> as(ALAN, () -> exceptions.withdraw(e.id()))).isInstanceOf(AccessDeniedException.class);
        assertThat(as(ALICE, () -> exceptions.withdraw(e.id())).state()).isEqualTo(ExceptionState.WITHDRAWN);
        assertThatThrownBy(() -> as(BOB, () -> exceptions.approve(e.id(), "Checked the legacy image.")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> as(ALICE, () -> exceptions.withdraw(e.id()))).isInstanceOf(ValidationException.class);
        assertThat(actions(e.id())).containsSubsequence("exception.requested", "exception.withdrawn");
    }

    @Test
    void developersCannotSeeOrActOnOtherTeamsExceptions() {
        ManagedNamespace ns = namespace("sbx-z", "sandboxed");
        PolicyException e = as(ALICE, () -> exceptions.request(workloads(ns.id(), "legacy")));
        try (var s = signIn(DAVE)) {
            assertThatThrownBy(() -> exceptions.find(e.id())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> exceptions.decisions(e.id())).isInstanceOf(AccessDeniedException.class);
            assertThat(exceptions.list(PolicyExceptions.Filter.ALL, 0, 500))
                    .noneMatch(x -> x.team().equals("payments"));
            assertThatThrownBy(() -> exceptions.request(workloads(ns.id(), "mine")))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> exceptions.withdraw(e.id())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> exceptions.reviewQueue()).isInstanceOf(AccessDeniedException.class);
        }
        try (var s = signIn(BOB)) {
            assertThat(exceptions.reviewQueue()).extracting(PolicyException::id).contains(e.id());
        }
        try (var s = signIn(ALAN)) {
            assertThat(exceptions.list(PolicyExceptions.Filter.ALL, 0, 500))
                    .extracting(PolicyException::id)
                    .contains(e.id());
        }
    }

    @Test
    void badInputIsRefusedWithAFieldMessageAndNothingStored() {
        ManagedNamespace ns = namespace("sbx-v", "sandboxed");
        UUID id = ns.id();
        List<Map.Entry<String, ExceptionRequest>> all = new ArrayList<>(List.of(
                Map.entry(
                        "justification",
                        new ExceptionRequest(id, RULE, null, ExceptionScope.NAMESPACE, List.of(), "", null, 3)),
                Map.entry(
                        "justification",
                        new ExceptionRequest(
                                id, RULE, null, ExceptionScope.NAMESPACE, List.of(), "x".repeat(2001), null, 3)),
                Map.entry(
                        "durationDays",
                        new ExceptionRequest(id, RULE, null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 0)),
                Map.entry(
                        "durationDays",
                        new ExceptionRequest(id, RULE, null, ExceptionScope.NAMESPACE, List.of(), WHY, null, -1)),
                Map.entry(
                        "durationDays",
                        new ExceptionRequest(id, RULE, null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 8)),
                Map.entry(
                        "control",
                        new ExceptionRequest(
                                id, "admission:runAsRoot", null, ExceptionScope.NAMESPACE, List.of(), WHY, null, 3)),
                Map.entry(
                        "workloads",
                        new ExceptionRequest(id, RULE, null, ExceptionScope.WORKLOADS, List.of(), WHY, null, 3)),
                Map.entry(
                        "ticketUrl",
                        new ExceptionRequest(
                                id, RULE, null, ExceptionScope.NAMESPACE, List.of(), WHY, "htp:/broken", 3))));
        int before = storedCount();
        try (var s = signIn(ALICE)) {
            for (var c : all) {
                assertThatThrownBy(() -> exceptions.request(c.getValue()))
                        .as(c.getKey())
                        .isInstanceOf(ValidationException.class)
                        .satisfies(x -> assertThat(((ValidationException) x).fieldErrors())
                                .as(c.getKey())
                                .containsKey(c.getKey()));
            }
        }
        assertThat(storedCount()).isEqualTo(before);
    }
}
