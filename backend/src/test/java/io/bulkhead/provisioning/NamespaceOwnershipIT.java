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
import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The hostile tenant's takeover attempts against the real kube-apiserver: a namespace that exists in the cluster and
 * is not this record's is never requested, applied over, bound to a team, or deleted; two teams racing for one name
 * get one namespace and one clear refusal.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamespaceOwnershipIT {
    static final String CLUSTER = "it-ownership";

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
    void registerClusterAndTeams() {
        admin = KubeTestEnv.get().admin();
        TestClusters.ensureTeams(teams, "payments", "search");
        assertThat(TestClusters.register(clusters, CLUSTER, "Ownership test cluster")
                        .status())
                .isEqualTo("REACHABLE");
    }

    static NamespaceRequest request(String name, String team) {
        return new NamespaceRequest(CLUSTER, name, team, "baseline", "M", List.of(), "Ownership test namespace");
    }

    /** An add-on's namespace with a Secret, made without Bulkhead. */
    void foreignNamespace(String name) {
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(Map.of("owner", "platform-observability"))
                        .endMetadata()
                        .build())
                .create();
        admin.secrets()
                .inNamespace(name)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("addon-credentials")
                        .endMetadata()
                        .withStringData(Map.of("password", "s3cret"))
                        .build())
                .create();
    }

    boolean groupMay(String verb, String resource, String namespace, String group) {
        SubjectAccessReview review = admin.authorization()
                .v1()
                .subjectAccessReview()
                .create(new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser("someone")
                        .withGroups(group, "system:authenticated")
                        .withNewResourceAttributes()
                        .withNamespace(namespace)
                        .withVerb(verb)
                        .withResource(resource)
                        .endResourceAttributes()
                        .endSpec()
                        .build());
        return Boolean.TRUE.equals(review.getStatus().getAllowed());
    }

    int count(String team) {
        try (var s = signIn(admin("admin"))) {
            return namespaces.count(new Namespaces.Filter(team, CLUSTER, null, null, null));
        }
    }

    @Test
    void aNamespaceThatExistsInTheClusterCannotBeRequestedAndTheRefusalSaysNotWhose() {
        foreignNamespace("addon-system");
        int before = count("payments");
        try (var s = signIn(developer("mallory", "payments"))) {
            assertThat(namespaces.validate(request("addon-system", "payments")))
                    .containsKey("name")
                    .extractingByKey("name")
                    .asString()
                    .contains("already exists")
                    .doesNotContain("platform-observability")
                    .doesNotContain("search");
            assertThatThrownBy(() -> namespaces.request(request("addon-system", "payments")))
                    .isInstanceOf(ValidationException.class)
                    .satisfies(e ->
                            assertThat(((ValidationException) e).fieldErrors()).containsKey("name"));
        }
        assertThat(count("payments")).isEqualTo(before);
        var live = admin.namespaces().withName("addon-system").get();
        assertThat(live.getMetadata().getLabels()).doesNotContainKey(TierRenderer.TEAM_LABEL);
        assertThat(groupMay("get", "secrets", "addon-system", "team-payments")).isFalse();
    }

    @Test
    void aForeignNamespaceInPlaceOfOursIsNeitherTakenOverNorDeleted() {
        ManagedNamespace ns =
                TestClusters.provisionBaseline(namespaces, CLUSTER, "own-swap", "payments", "alice", "Swap test ns");
        assertThat(admin.namespaces().withName("own-swap").get().getMetadata().getAnnotations())
                .containsEntry(TierRenderer.OWNER_ANNOTATION, ns.id().toString());
        assertThat(groupMay("get", "secrets", "own-swap", "team-payments")).isTrue();

        // the namespace goes away behind Bulkhead's back, and something else takes the name
        admin.namespaces().withName("own-swap").delete();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> admin.namespaces().withName("own-swap").get() == null);
        foreignNamespace("own-swap");

        assertThat(provisioner.reconcile(ns.id()).state()).isEqualTo(NamespaceState.FAILED);
        try (var s = signIn(admin("admin"))) {
            ManagedNamespace after = namespaces.find(ns.id()).orElseThrow();
            assertThat(after.stateReason()).contains("was not created by Bulkhead for this request");
        }
        var live = admin.namespaces().withName("own-swap").get();
        assertThat(live.getMetadata().getLabels())
                .doesNotContainKey(TierRenderer.TEAM_LABEL)
                .doesNotContainKey("pod-security.kubernetes.io/enforce");
        assertThat(admin.rbac().roleBindings().inNamespace("own-swap").list().getItems())
                .isEmpty();
        assertThat(groupMay("get", "secrets", "own-swap", "team-payments")).isFalse();

        // decommissioning the record leaves the other namespace and its contents alone
        try (var s = signIn(developer("alice", "payments"))) {
            namespaces.decommission(ns.id(), "own-swap");
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    provisioner.reconcile(ns.id());
                    try (var s = signIn(admin("admin"))) {
                        assertThat(namespaces.find(ns.id()).orElseThrow().state())
                                .isEqualTo(NamespaceState.DELETED);
                    }
                });
        var kept = admin.namespaces().withName("own-swap").get();
        assertThat(kept).isNotNull();
        assertThat(kept.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(admin.secrets()
                        .inNamespace("own-swap")
                        .withName("addon-credentials")
                        .get())
                .isNotNull();
    }

    @Test
    void aNamespaceProvisionedBeforeTheOwnerAnnotationIsKeptAndAnnotated() {
        ManagedNamespace ns =
                TestClusters.provisionBaseline(namespaces, CLUSTER, "own-legacy", "payments", "alice", "Legacy test");
        admin.namespaces()
                .withName("own-legacy")
                .edit(n -> new NamespaceBuilder(n)
                        .editMetadata()
                        .removeFromAnnotations(TierRenderer.OWNER_ANNOTATION)
                        .endMetadata()
                        .build());
        assertThat(provisioner.reconcile(ns.id()).state()).isEqualTo(NamespaceState.READY);
        assertThat(admin.namespaces().withName("own-legacy").get().getMetadata().getAnnotations())
                .containsEntry(TierRenderer.OWNER_ANNOTATION, ns.id().toString());
    }

    @Test
    void twoTeamsRacingForOneNameGetOneNamespaceAndOneFieldMessage() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        for (String[] who : new String[][] {{"alice", "payments"}, {"bob", "search"}}) {
            Callable<String> attempt = () -> {
                try (var s = signIn(developer(who[0], who[1]))) {
                    start.await();
                    namespaces.request(request("own-race", who[1]));
                    return "ok";
                } catch (ValidationException e) {
                    return "refused:" + e.fieldErrors().keySet();
                }
            };
            outcomes.add(pool.submit(attempt));
        }
        start.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> f : outcomes) {
            results.add(f.get());
        }
        pool.shutdown();
        assertThat(results).containsExactlyInAnyOrder("ok", "refused:[name]");
        try (var s = signIn(admin("admin"))) {
            assertThat(namespaces.count(new Namespaces.Filter(null, CLUSTER, null, null, "own-race")))
                    .isEqualTo(1);
        }
    }

    @Test
    void anAdminAdoptsAnExistingNamespaceOnlyThroughAReviewWithAPreview() {
        foreignNamespace("legacy-app");
        admin.rbac()
                .roleBindings()
                .inNamespace("legacy-app")
                .resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("old-deployer")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "edit")
                        .addNewSubject()
                        .withKind("User")
                        .withName("jenkins")
                        .endSubject()
                        .build())
                .create();
        NamespaceRequest r = new NamespaceRequest(
                CLUSTER, "legacy-app", "payments", "baseline", "M", List.of(), "Adopt the legacy app namespace");

        try (var s = signIn(developer("alice", "payments"))) {
            assertThatThrownBy(() -> namespaces.requestAdoption(r)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> namespaces.adoptionPreview(r)).isInstanceOf(AccessDeniedException.class);
        }
        ManagedNamespace ns;
        try (var s = signIn(admin("root"))) {
            AdoptionPreview preview = namespaces.adoptionPreview(r);
            assertThat(preview.existing().roleBindings())
                    .containsExactly("old-deployer → ClusterRole edit: User jenkins");
            assertThat(preview.existing().managed()).isFalse();
            assertThat(preview.yaml()).contains("bulkhead-default-deny");
            ns = namespaces.requestAdoption(r);
            assertThat(ns.state()).isEqualTo(NamespaceState.REQUESTED);
            assertThatThrownBy(() -> namespaces.approve(ns.id(), "looks fine"))
                    .isInstanceOf(AccessDeniedException.class);
            // a managed namespace is not adoptable, nor a name that does not exist
            assertThat(namespaces.validateAdoption(new NamespaceRequest(
                            CLUSTER, "no-such-ns", "payments", "baseline", "M", List.of(), "Nothing here to adopt")))
                    .containsEntry("name", "No namespace named 'no-such-ns' exists in this cluster.");
        }
        // nothing changed in the cluster before the review
        assertThat(admin.namespaces().withName("legacy-app").get().getMetadata().getAnnotations())
                .doesNotContainKey(TierRenderer.OWNER_ANNOTATION);
        try (var s = signIn(reviewer("rita"))) {
            assertThat(namespaces
                            .adoptionUnderReview(ns.id())
                            .orElseThrow()
                            .existing()
                            .roleBindings())
                    .containsExactly("old-deployer → ClusterRole edit: User jenkins");
            namespaces.approve(ns.id(), "Checked the bindings with the team");
            assertThat(namespaces.adoptionUnderReview(ns.id())).isEmpty();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    try (var s = signIn(admin("admin"))) {
                        assertThat(namespaces.find(ns.id()).orElseThrow().state())
                                .isEqualTo(NamespaceState.READY);
                    }
                });
        var live = admin.namespaces().withName("legacy-app").get();
        assertThat(live.getMetadata().getAnnotations())
                .containsEntry(TierRenderer.OWNER_ANNOTATION, ns.id().toString());
        assertThat(live.getMetadata().getLabels()).containsEntry(TierRenderer.TEAM_LABEL, "payments");
        assertThat(groupMay("get", "secrets", "legacy-app", "team-payments")).isTrue();
        assertThat(admin.secrets()
                        .inNamespace("legacy-app")
                        .withName("addon-credentials")
                        .get())
                .isNotNull();
        try (var s = signIn(admin("root"))) {
            assertThat(namespaces.validateAdoption(r)).containsKey("name");
            assertThat(auditLog.page(
                            new AuditFilter(
                                    null, null, null, null, null, ns.id().toString()),
                            0,
                            50))
                    .extracting(AuditEvent::action)
                    .contains("namespace.adoption-requested", "namespace.approved", "namespace.adopted");
        }
    }

    @Test
    void theSameApiServerUnderASecondNameDoesNotHandAnotherTeamsNamespaceOver() {
        // production refuses the second registration (ClusterRegistrationIT); the test context allows it, which
        // shows that ownership holds even where that refusal is bypassed
        ManagedNamespace theirs = TestClusters.provisionBaseline(
                namespaces, CLUSTER, "own-shared", "payments", "alice", "Shared namespace test");
        TestClusters.register(clusters, "it-ownership-alias", "The ownership cluster again");
        NamespaceRequest onAlias = new NamespaceRequest(
                "it-ownership-alias", "own-shared", "search", "baseline", "M", List.of(), "Take over payments' ns");
        try (var s = signIn(developer("bob", "search"))) {
            assertThat(namespaces.validate(onAlias))
                    .extractingByKey("name")
                    .asString()
                    .contains("already exists")
                    .doesNotContain("payments");
        }
        assertThat(admin.namespaces().withName("own-shared").get().getMetadata().getLabels())
                .containsEntry(TierRenderer.TEAM_LABEL, "payments");
        assertThat(groupMay("get", "secrets", "own-shared", "team-search")).isFalse();
        assertThat(theirs.team()).isEqualTo("payments");
    }
}
