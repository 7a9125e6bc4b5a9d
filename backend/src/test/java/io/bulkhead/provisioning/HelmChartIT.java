package io.bulkhead.provisioning;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.clusters.ClusterRegistration;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.inventory.WorkloadFacts;
import io.bulkhead.kube.KubeTestEnv;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.Helm;
import io.bulkhead.testsupport.TestClusters;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Helm chart ({@code k8s/chart}) against the real API server: it lints and renders with the helm binary built
 * from the Go module proxy; the portal's own objects are admitted into a namespace Bulkhead provisioned at tier
 * {@code restricted} (Pod Security and the tier's admission policies, as the team that owns it); and the whole
 * provisioning flow works with the portal acting as the chart's ServiceAccount, bound to the chart's ClusterRole
 * only, while a SubjectAccessReview shows that identity cannot read Secrets or bind cluster-wide.
 *
 * <p>Skipped, with the reason, when the helm binary has not been built on this machine ({@code tools/helm/build.sh}),
 * before the Spring context starts; under CI ({@code CI} set, as {@code .ci/run} does after building it) a missing
 * binary fails the class instead.
 */
@EnabledIf(
        value = "helmIsBuilt",
        disabledReason = "helm is not built on this machine: run tools/helm/build.sh (it builds the pinned version"
                + " from the Go module proxy into ~/.bulkhead-tools/helm/<version>-linux-amd64/helm)")
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelmChartIT {
    static final String ADMIN_CLUSTER = "it-cluster";
    static final String SA_CLUSTER = "it-chart-sa";
    static final String RELEASE = "bulkhead-it";
    static final String PORTAL_NAMESPACE = "bulkhead-it-system";

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

    Helm helm;
    KubernetesClient admin;

    /** Decided before the Spring context starts; under CI a missing binary is a failure, not a skip. */
    static boolean helmIsBuilt() {
        if (Helm.find() != null) {
            return true;
        }
        String why = "helm is not built: " + Helm.expectedBinary() + " is missing; run tools/helm/build.sh";
        if (System.getenv("CI") != null) {
            throw new IllegalStateException(why + " (.ci/run builds it before the tests)");
        }
        System.out.println("[helm] Skipping HelmChartIT: " + why);
        return false;
    }

    @BeforeAll
    void helmAndClusters() {
        helm = java.util.Objects.requireNonNull(Helm.find(), "helm");
        admin = KubeTestEnv.get().admin();
        TestClusters.declareGvisor();
        TestClusters.ensureTeams(teams, "payments", "search");
        assertThat(TestClusters.register(clusters, ADMIN_CLUSTER, "Integration test cluster")
                        .status())
                .isEqualTo("REACHABLE");
    }

    List<HasMetadata> render(String namespace, String... extra) {
        String yaml = helm.template(RELEASE, namespace, extra);
        return admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items();
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found =
                objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(found).as("rendered %s", kind.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    @Test
    void chartLintsAndRendersEveryObjectWithTheRequiredSettings() {
        Helm.Result lint = helm.run(
                "lint",
                helm.chart().toString(),
                "--strict",
                "--values",
                helm.chartFile("ci/test-values.yaml").toString());
        assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
        assertThat(lint.stdout()).contains("1 chart(s) linted, 0 chart(s) failed");

        List<HasMetadata> objects = render(PORTAL_NAMESPACE);
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder(
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Deployment",
                        "Service",
                        "PodDisruptionBudget",
                        "Ingress",
                        "NetworkPolicy");
        Deployment d = only(objects, Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        var pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        var c = pod.getContainers().get(0);
        assertThat(c.getImage()).matches("ghcr\\.io/bulkhead-io/bulkhead@sha256:[0-9a-f]{64}");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        Map<String, String> env = c.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
        assertThat(env)
                .containsEntry("BULKHEAD_OIDC_ISSUER", "https://keycloak.example.com/realms/platform")
                .containsEntry("BULKHEAD_DB_URL", "jdbc:postgresql://postgres.databases.svc:5432/bulkhead")
                .containsEntry("BULKHEAD_LOCAL_CLUSTER", "false")
                .containsEntry("BULKHEAD_DEMO_DATA", "false");
        // keys and passwords only by reference to a Secret, never as values
        assertThat(c.getEnv())
                .filteredOn(e -> List.of(
                                "BULKHEAD_CREDENTIALS_KEY",
                                "BULKHEAD_AUDIT_KEY",
                                "BULKHEAD_DB_PASSWORD",
                                "BULKHEAD_DB_MIGRATION_PASSWORD",
                                "BULKHEAD_OIDC_CLIENT_SECRET")
                        .contains(e.getName()))
                .hasSize(5)
                .allSatisfy(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isNotBlank();
                });
        assertThat(only(objects, Service.class).getSpec().getSessionAffinity()).isEqualTo("ClientIP");

        ClusterRole role = only(objects, ClusterRole.class);
        assertThat(role.getRules()).allSatisfy(r -> {
            assertThat(r.getVerbs()).doesNotContain("*", "escalate", "impersonate");
            assertThat(r.getResources()).doesNotContain("*", "secrets", "configmaps", "clusterrolebindings");
            assertThat(r.getApiGroups()).doesNotContain("*");
        });
        assertThat(role.getRules())
                .filteredOn(r -> r.getVerbs().contains("bind"))
                .singleElement()
                .satisfies(r -> assertThat(r.getResourceNames()).containsExactlyInAnyOrder("admin", "edit", "view"));

        // the image by digest only, and the settings without which the portal cannot run
        assertThat(helm.run("template", "x", helm.chart().toString()).stderr()).contains("image.digest is required");
        assertThat(helm.run(
                                "template",
                                "x",
                                helm.chart().toString(),
                                "--values",
                                helm.chartFile("ci/test-values.yaml").toString(),
                                "--set",
                                "image.digest=latest")
                        .stderr())
                .contains("image.digest must be sha256:<64 lowercase hex>");
        assertThat(helm.run(
                                "template",
                                "x",
                                helm.chart().toString(),
                                "--values",
                                helm.chartFile("ci/test-values.yaml").toString(),
                                "--set",
                                "oidc.issuer=")
                        .stderr())
                .contains("oidc.issuer is required");
        // a managed cluster gets only the identity and its role
        assertThat(render(PORTAL_NAMESPACE, "--set", "portal.enabled=false"))
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding");
    }

    @Test
    void portalObjectsAreAdmittedIntoARestrictedNamespaceBulkheadProvisioned() {
        String ns = "it-chart-home";
        ManagedNamespace provisioned = provision(ADMIN_CLUSTER, ns, "restricted", "M");
        assertThat(provisioned.state()).isEqualTo(NamespaceState.READY);

        // in a restricted namespace only Bulkhead makes NetworkPolicies: the chart's own is switched off there
        List<HasMetadata> objects = render(ns, "--set", "networkPolicy.enabled=false", "--set", "rbac.create=false");
        List<HasMetadata> namespaced = objects.stream()
                .filter(o -> o.getMetadata().getNamespace() != null)
                .toList();
        assertThat(namespaced)
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "Ingress");
        Deployment deployment = only(objects, Deployment.class);
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("bulkhead-it-pod")
                .withNamespace(ns)
                .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build();

        try (KubernetesClient team = KubeTestEnv.get().as("deployer@payments", "team-payments")) {
            // first the controls: the tier's rules are in force for this team in this namespace
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThatThrownBy(() -> team.resource(writableRoot(deployment))
                                    .dryRun()
                                    .create())
                            .isInstanceOf(KubernetesClientException.class)
                            .hasMessageContaining("readOnlyRootFilesystem"));
            assertThatThrownBy(() -> team.resource(asRoot(pod)).dryRun().create())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
            NetworkPolicy chartPolicy = only(render(ns), NetworkPolicy.class);
            assertThatThrownBy(() -> team.resource(chartPolicy).dryRun().create())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("NetworkPolicies are Bulkhead's alone in this tier");

            // the chart's objects, and the pod its Deployment makes, are admitted as they are
            for (HasMetadata o : namespaced) {
                HasMetadata admitted = team.resource(o).dryRun().create();
                assertThat(admitted.getMetadata().getNamespace()).isEqualTo(ns);
            }
            Pod admitted = team.resource(pod).dryRun().create();
            assertThat(admitted.getSpec().getContainers().get(0).getImage()).contains("@sha256:");
        }
        // the cluster-scoped part (installed by a cluster admin) is valid for the API server
        for (HasMetadata o : render(ns)) {
            if (o.getMetadata().getNamespace() == null) {
                assertThat(admin.resource(o)
                                .dryRun()
                                .fieldManager("helm")
                                .forceConflicts()
                                .serverSideApply()
                                .getMetadata()
                                .getName())
                        .startsWith(RELEASE);
            }
        }
        // the chart's NetworkPolicy is fine where tenants may make them (an ordinary namespace, by its admin)
        admin.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(PORTAL_NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
        assertThat(admin.resource(only(render(PORTAL_NAMESPACE), NetworkPolicy.class))
                        .dryRun()
                        .create()
                        .getSpec()
                        .getPolicyTypes())
                .containsExactly("Ingress", "Egress");
    }

    @Test
    void provisioningWorksAsTheChartServiceAccountWhichCannotReadSecretsOrBindClusterWide() {
        // install the chart's identity and role for real, as a cluster admin would
        admin.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(PORTAL_NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
        List<HasMetadata> rbac = render(PORTAL_NAMESPACE, "--set", "portal.enabled=false");
        rbac.forEach(
                o -> admin.resource(o).fieldManager("helm").forceConflicts().serverSideApply());
        String sa = only(rbac, io.fabric8.kubernetes.api.model.ServiceAccount.class)
                .getMetadata()
                .getName();
        ClusterRoleBinding binding = only(rbac, ClusterRoleBinding.class);

        // what the role does not allow, asked of the API server's authorizer
        String user = "system:serviceaccount:" + PORTAL_NAMESPACE + ":" + sa;
        assertThat(allowed(user, "get", "", "secrets", "kube-system", null)).isFalse();
        assertThat(allowed(user, "list", "", "secrets", null, null)).isFalse();
        assertThat(allowed(user, "watch", "", "secrets", "default", null)).isFalse();
        assertThat(allowed(user, "create", "rbac.authorization.k8s.io", "clusterrolebindings", null, null))
                .isFalse();
        assertThat(allowed(user, "bind", "rbac.authorization.k8s.io", "clusterroles", null, "cluster-admin"))
                .isFalse();
        assertThat(allowed(user, "escalate", "rbac.authorization.k8s.io", "clusterroles", null, null))
                .isFalse();
        assertThat(allowed(user, "create", "", "pods", "default", null)).isFalse();
        assertThat(allowed(user, "get", "", "configmaps", "kube-system", null)).isFalse();
        // ...and the controls: what it needs is granted to the same user by the same review
        assertThat(allowed(
                        user, "patch", "admissionregistration.k8s.io", "validatingadmissionpolicybindings", null, null))
                .isTrue();
        assertThat(allowed(user, "bind", "rbac.authorization.k8s.io", "clusterroles", null, "edit"))
                .isTrue();

        // the portal's credentials for this cluster: a token of that ServiceAccount from the TokenRequest API
        String token = admin.serviceAccounts()
                .inNamespace(PORTAL_NAMESPACE)
                .withName(sa)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(4 * 3600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        Config kube = Config.fromKubeconfig(KubeTestEnv.get().kubeconfig());
        String ca = new String(Base64.getDecoder().decode(kube.getCaCertData()), StandardCharsets.US_ASCII);
        try (var s = signIn(admin("admin"))) {
            if (clusters.findAsSystem(SA_CLUSTER).isEmpty()) {
                clusters.register(new ClusterRegistration(
                        SA_CLUSTER,
                        "As the chart's ServiceAccount",
                        ClusterRegistration.Kind.TOKEN,
                        null,
                        kube.getMasterUrl(),
                        ca,
                        token));
            }
            var probed = clusters.probe(SA_CLUSTER);
            assertThat(probed.status())
                    .as(String.valueOf(probed.statusReason()))
                    .isEqualTo("REACHABLE");
            assertThat(probed.runtimeClasses()).contains("gvisor");
        }

        // provision a namespace of each tier
        String suffix = Long.toString(System.nanoTime() % 100_000, 36);
        Map<String, String> tiers = Map.of("baseline", "M", "restricted", "M", "sandboxed", "S", "sensitive", "S");
        Map<String, ManagedNamespace> ready = new java.util.TreeMap<>();
        tiers.forEach(
                (tier, preset) -> ready.put(tier, provision(SA_CLUSTER, "it-sa-" + tier + "-" + suffix, tier, preset)));
        ready.forEach((tier, ns) -> {
            assertThat(ns.state()).as(tier).isEqualTo(NamespaceState.READY);
            try (var s = signIn(admin("admin"))) {
                assertThat(namespaces.objects(ns.id()))
                        .as(tier)
                        .isNotEmpty()
                        .allSatisfy(o -> assertThat(o.status()).isEqualTo("APPLIED"));
            }
            assertThat(admin.namespaces()
                            .withName(ns.name())
                            .get()
                            .getMetadata()
                            .getLabels())
                    .containsEntry("bulkhead.io/tier", tier);
        });

        // reconcile repairs drift (read, apply, prune: all as the ServiceAccount)
        ManagedNamespace baseline = ready.get("baseline");
        admin.network()
                .networkPolicies()
                .inNamespace(baseline.name())
                .withName("bulkhead-default-deny")
                .delete();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> admin.network()
                                .networkPolicies()
                                .inNamespace(baseline.name())
                                .withName("bulkhead-default-deny")
                                .get()
                        == null);
        Provisioner.Outcome repaired = provisioner.reconcile(baseline.id());
        assertThat(repaired.state()).isEqualTo(NamespaceState.READY);
        assertThat(repaired.drifted()).isPositive();
        assertThat(admin.network()
                        .networkPolicies()
                        .inNamespace(baseline.name())
                        .withName("bulkhead-default-deny")
                        .get())
                .isNotNull();

        // adoption of an existing namespace: the preview reads what is in it, the owner annotation is set by update
        String legacy = "it-sa-legacy-" + suffix;
        admin.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(legacy)
                        .endMetadata()
                        .build())
                .create();
        NamespaceRequest adoption = new NamespaceRequest(
                SA_CLUSTER, legacy, "payments", "baseline", "M", List.of(), "Adopted as the ServiceAccount");
        ManagedNamespace adopted;
        try (var s = signIn(admin("root"))) {
            assertThat(namespaces.adoptionPreview(adoption).existing().managed())
                    .isFalse();
            adopted = namespaces.requestAdoption(adoption);
        }
        try (var s = signIn(reviewer("rita"))) {
            namespaces.approve(adopted.id(), "Adopt it for the chart test");
        }
        ready.put("adopted", awaitReady(adopted.id(), legacy));
        assertThat(admin.namespaces().withName(legacy).get().getMetadata().getAnnotations())
                .containsEntry(TierRenderer.OWNER_ANNOTATION, adopted.id().toString());

        // the inventory lists and watches workloads with the same identity
        admin.resource(workload(baseline.name())).create();
        try (var s = signIn(admin("admin"))) {
            inventory.sync(SA_CLUSTER);
            assertThat(inventory.workloads(SA_CLUSTER, baseline.name()))
                    .extracting(WorkloadFacts::name)
                    .contains("it-sa-web");
            inventory.watch(SA_CLUSTER);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inventory.watchSynced(SA_CLUSTER));
        }

        // proof that the ServiceAccount is the identity at work: without its binding the same pass is refused
        admin.resource(binding).delete();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Provisioner.Outcome refused = provisioner.reconcile(baseline.id());
                assertThat(refused.state()).isEqualTo(NamespaceState.FAILED);
            });
            try (var s = signIn(admin("admin"))) {
                assertThat(namespaces.find(baseline.id()).orElseThrow().stateReason())
                        .contains("lacks permission (403)");
            }
        } finally {
            admin.resource(binding).fieldManager("helm").forceConflicts().serverSideApply();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(provisioner.reconcile(baseline.id()).state()).isEqualTo(NamespaceState.READY));

        // decommission every one of them
        ready.values().forEach(ns -> {
            try (var s = signIn(developer("alice", "payments"))) {
                namespaces.decommission(ns.id(), ns.name());
            }
        });
        ready.values()
                .forEach(ns -> Awaitility.await()
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> {
                            provisioner.reconcile(ns.id());
                            try (var s = signIn(admin("admin"))) {
                                assertThat(namespaces
                                                .find(ns.id())
                                                .orElseThrow()
                                                .state())
                                        .as(ns.name())
                                        .isEqualTo(NamespaceState.DELETED);
                            }
                        }));
        ready.values()
                .forEach(ns -> assertThat(admin.namespaces().withName(ns.name()).get())
                        .as(ns.name())
                        .isNull());
    }

    /** Requests a namespace as a developer of payments (a reviewer approves if the tier asks) and awaits READY. */
    ManagedNamespace provision(String cluster, String name, String tier, String preset) {
        ManagedNamespace ns;
        try (var s = signIn(developer("alice", "payments"))) {
            ns = namespaces.request(
                    new NamespaceRequest(cluster, name, "payments", tier, preset, List.of(), "Helm chart test"));
        }
        if (ns.state() == NamespaceState.REQUESTED) {
            try (var s = signIn(reviewer("rita"))) {
                namespaces.approve(ns.id(), "Reviewed for the chart test");
            }
        }
        return awaitReady(ns.id(), name);
    }

    ManagedNamespace awaitReady(UUID id, String name) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    try (var s = signIn(admin("admin"))) {
                        ManagedNamespace now = namespaces.find(id).orElseThrow();
                        assertThat(now.state())
                                .as(name + ": " + now.stateReason())
                                .isEqualTo(NamespaceState.READY);
                    }
                });
        try (var s = signIn(admin("admin"))) {
            return namespaces.find(id).orElseThrow();
        }
    }

    /** Whether the API server's authorizer allows {@code user} (a ServiceAccount, with its groups) the request. */
    boolean allowed(
            String user,
            String verb,
            String group,
            String resource,
            @org.jspecify.annotations.Nullable String namespace,
            @org.jspecify.annotations.Nullable String name) {
        String saNamespace = user.split(":")[2];
        var review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user)
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + saNamespace, "system:authenticated")
                .withNewResourceAttributes()
                .withVerb(verb)
                .withGroup(group)
                .withResource(resource)
                .withNamespace(namespace)
                .withName(name)
                .endResourceAttributes()
                .endSpec()
                .build();
        return admin.authorization()
                .v1()
                .subjectAccessReview()
                .create(review)
                .getStatus()
                .getAllowed();
    }

    static Deployment writableRoot(Deployment d) {
        Deployment copy = Serialization.clone(d);
        copy.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getSecurityContext()
                .setReadOnlyRootFilesystem(false);
        return copy;
    }

    static Pod asRoot(Pod p) {
        Pod copy = Serialization.clone(p);
        copy.getMetadata().setName("bulkhead-it-root");
        copy.getSpec().getSecurityContext().setRunAsNonRoot(false);
        copy.getSpec().getSecurityContext().setRunAsUser(0L);
        copy.getSpec().getContainers().get(0).getSecurityContext().setRunAsNonRoot(null);
        return copy;
    }

    static Deployment workload(String namespace) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("it-sa-web")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "it-sa-web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "it-sa-web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("registry.k8s.io/pause:3.10")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
