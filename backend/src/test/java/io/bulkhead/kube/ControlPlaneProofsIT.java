package io.bulkhead.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What Bulkhead relies on, proven against a real kube-apiserver: server-side apply semantics, Pod Security
 * admission, ValidatingAdmissionPolicy (CEL) and RBAC. Prints the control plane start-up time and each proof's.
 */
class ControlPlaneProofsIT {

    private static KubeTestEnv env;
    private static KubernetesClient admin;
    private long t0;

    @BeforeAll
    static void startControlPlane() {
        env = KubeTestEnv.get();
        admin = env.admin();
        System.out.printf("[proofs] control plane start-up: %d ms%n", env.startMillis());
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void start() {
        t0 = System.nanoTime();
    }

    @org.junit.jupiter.api.AfterEach
    void report(TestInfo info) {
        System.out.printf(
                "[proofs] %s: %d ms%n", info.getDisplayName(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static ResourceQuota quota(String ns, String pods) {
        return new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("bulkhead-quota")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withHard(Map.of("pods", new Quantity(pods)))
                .endSpec()
                .build();
    }

    @Test
    void serverSideApplyCreatesUpdatesIsIdempotentAndReportsConflicts() {
        String ns = "proof-ssa";
        var namespace = new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .withLabels(Map.of("bulkhead.io/tier", "baseline"))
                .endMetadata()
                .build();
        admin.resource(namespace).fieldManager("bulkhead").forceConflicts().serverSideApply();
        ResourceQuota created = admin.resource(quota(ns, "10"))
                .fieldManager("bulkhead")
                .forceConflicts()
                .serverSideApply();
        NetworkPolicy deny = new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("bulkhead-default-deny")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
        NetworkPolicy np =
                admin.resource(deny).fieldManager("bulkhead").forceConflicts().serverSideApply();
        assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");

        // a second identical apply is a no-op: nothing is written
        ResourceQuota again = admin.resource(quota(ns, "10"))
                .fieldManager("bulkhead")
                .forceConflicts()
                .serverSideApply();
        assertThat(again.getMetadata().getResourceVersion())
                .isEqualTo(created.getMetadata().getResourceVersion());
        var nsAgain = admin.resource(namespace)
                .fieldManager("bulkhead")
                .forceConflicts()
                .serverSideApply();
        assertThat(nsAgain.getMetadata().getLabels()).containsEntry("bulkhead.io/tier", "baseline");

        // an update by the owner changes the object
        ResourceQuota updated = admin.resource(quota(ns, "20"))
                .fieldManager("bulkhead")
                .forceConflicts()
                .serverSideApply();
        assertThat(updated.getSpec().getHard().get("pods")).isEqualTo(new Quantity("20"));
        assertThat(updated.getMetadata().getResourceVersion())
                .isNotEqualTo(created.getMetadata().getResourceVersion());

        // another manager changing a field we own: a conflict without force ...
        assertThatThrownBy(() -> admin.resource(quota(ns, "99"))
                        .fieldManager("someone-else")
                        .serverSideApply())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
        // ... and with force it takes the field; our forced re-apply takes it back
        admin.resource(quota(ns, "99"))
                .fieldManager("someone-else")
                .forceConflicts()
                .serverSideApply();
        assertThat(admin.resourceQuotas()
                        .inNamespace(ns)
                        .withName("bulkhead-quota")
                        .get()
                        .getSpec()
                        .getHard())
                .containsEntry("pods", new Quantity("99"));
        admin.resource(quota(ns, "20"))
                .fieldManager("bulkhead")
                .forceConflicts()
                .serverSideApply();
        ResourceQuota restored = admin.resourceQuotas()
                .inNamespace(ns)
                .withName("bulkhead-quota")
                .get();
        assertThat(restored.getSpec().getHard()).containsEntry("pods", new Quantity("20"));
        assertThat(restored.getMetadata().getManagedFields())
                .anySatisfy(m -> assertThat(m.getManager()).isEqualTo("bulkhead"));
    }

    private static Pod pod(String ns, String name, boolean privileged, boolean nonRoot, String runtimeClass) {
        var b = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withRuntimeClassName(runtimeClass)
                .addNewContainer()
                .withName("app")
                .withImage("registry.k8s.io/pause:3.10")
                .withNewSecurityContext()
                .withPrivileged(privileged ? Boolean.TRUE : null)
                .withAllowPrivilegeEscalation(privileged ? null : Boolean.FALSE)
                .withRunAsNonRoot(nonRoot ? Boolean.TRUE : null)
                .withRunAsUser(nonRoot ? 1000L : 0L)
                .withNewCapabilities()
                .withDrop(privileged ? java.util.List.of() : java.util.List.of("ALL"))
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .endContainer()
                .endSpec();
        return b.build();
    }

    @Test
    void restrictedPodSecurityRejectsPrivilegedAndRootPodsAndAdmitsCompliantOnes() {
        String ns = "proof-psa";
        admin.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .withLabels(Map.of(
                                "pod-security.kubernetes.io/enforce", "restricted",
                                "pod-security.kubernetes.io/enforce-version", "latest"))
                        .endMetadata()
                        .build())
                .fieldManager("bulkhead")
                .forceConflicts()
                .serverSideApply();
        assertThatThrownBy(() ->
                        admin.resource(pod(ns, "privileged", true, false, null)).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("violates PodSecurity \"restricted:latest\"")
                .hasMessageContaining("privileged");
        assertThatThrownBy(() ->
                        admin.resource(pod(ns, "root", false, false, null)).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("runAsNonRoot");
        Pod ok = admin.resource(pod(ns, "compliant", false, true, null)).create();
        assertThat(ok.getMetadata().getUid()).isNotBlank();
    }

    @Test
    void validatingAdmissionPolicyRequiresRuntimeClassInSandboxedNamespaces() {
        admin.resource(new RuntimeClassBuilder()
                        .withNewMetadata()
                        .withName("gvisor")
                        .endMetadata()
                        .withHandler("runsc")
                        .build())
                .fieldManager("bulkhead")
                .forceConflicts()
                .serverSideApply();
        admin.resource(new ValidatingAdmissionPolicyBuilder()
                        .withNewMetadata()
                        .withName("proof-require-runtime-class")
                        .endMetadata()
                        .withNewSpec()
                        .withFailurePolicy("Fail")
                        .withNewMatchConstraints()
                        .addNewResourceRule()
                        .withApiGroups("")
                        .withApiVersions("v1")
                        .withOperations("CREATE", "UPDATE")
                        .withResources("pods")
                        .endResourceRule()
                        .endMatchConstraints()
                        .addNewValidation()
                        .withExpression(
                                "has(object.spec.runtimeClassName) && object.spec.runtimeClassName in ['gvisor', 'kata']")
                        .withMessage("sandboxed tier: set spec.runtimeClassName to one of [gvisor, kata]")
                        .endValidation()
                        .endSpec()
                        .build())
                .fieldManager("bulkhead")
                .forceConflicts()
                .serverSideApply();
        admin.resource(new ValidatingAdmissionPolicyBindingBuilder()
                        .withNewMetadata()
                        .withName("proof-require-runtime-class")
                        .endMetadata()
                        .withNewSpec()
                        .withPolicyName("proof-require-runtime-class")
                        .withValidationActions("Deny")
                        .withNewMatchResources()
                        .withNewNamespaceSelector()
                        .withMatchLabels(Map.of("bulkhead.io/tier", "sandboxed"))
                        .endNamespaceSelector()
                        .endMatchResources()
                        .endSpec()
                        .build())
                .fieldManager("bulkhead")
                .forceConflicts()
                .serverSideApply();
        String sandboxed = "proof-sandboxed";
        String other = "proof-not-sandboxed";
        for (String ns : new String[] {sandboxed, other}) {
            admin.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .withLabels(Map.of("bulkhead.io/tier", ns.equals(sandboxed) ? "sandboxed" : "baseline"))
                            .endMetadata()
                            .build())
                    .fieldManager("bulkhead")
                    .forceConflicts()
                    .serverSideApply();
        }
        // policies take effect asynchronously: wait until the policy rejects in the sandboxed namespace
        Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> assertThatThrownBy(() -> admin.resource(
                                        pod(sandboxed, "no-runtime-class-" + System.nanoTime(), false, true, null))
                                .create())
                        .isInstanceOf(KubernetesClientException.class)
                        .hasMessageContaining("set spec.runtimeClassName"));
        Pod sandboxedPod = admin.resource(pod(sandboxed, "with-runtime-class", false, true, "gvisor"))
                .create();
        assertThat(sandboxedPod.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
        Pod elsewhere = admin.resource(pod(other, "no-runtime-class", false, true, null))
                .create();
        assertThat(elsewhere.getMetadata().getUid()).isNotBlank();
    }

    @Test
    void teamGroupIsAdminInItsNamespaceOnly() {
        String a = "proof-team-a";
        String b = "proof-team-b";
        for (String ns : new String[] {a, b}) {
            admin.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .fieldManager("bulkhead")
                    .forceConflicts()
                    .serverSideApply();
        }
        admin.resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("bulkhead-team-admin")
                        .withNamespace(a)
                        .endMetadata()
                        .withNewRoleRef()
                        .withApiGroup("rbac.authorization.k8s.io")
                        .withKind("ClusterRole")
                        .withName("admin")
                        .endRoleRef()
                        .addNewSubject()
                        .withApiGroup("rbac.authorization.k8s.io")
                        .withKind("Group")
                        .withName("team-a")
                        .endSubject()
                        .build())
                .fieldManager("bulkhead")
                .forceConflicts()
                .serverSideApply();

        // the RBAC authorizer sees new bindings through its informer: allow it a moment
        Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> allowed("alice", "team-a", a, "list", "secrets", null));
        assertThat(allowed("alice", "team-a", b, "list", "secrets", null)).isFalse();
        assertThat(allowed("alice", "team-a", null, "update", "namespaces", a)).isFalse();

        try (KubernetesClient alice = env.as("alice", "team-a")) {
            assertThat(alice.secrets().inNamespace(a).list().getItems()).isNotNull();
            assertThatThrownBy(() -> alice.secrets().inNamespace(b).list())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                            .isEqualTo(403));
            assertThatThrownBy(() -> alice.resource(new RoleBindingBuilder()
                                    .withNewMetadata()
                                    .withName("escalate")
                                    .withNamespace(a)
                                    .endMetadata()
                                    .withNewRoleRef()
                                    .withApiGroup("rbac.authorization.k8s.io")
                                    .withKind("ClusterRole")
                                    .withName("cluster-admin")
                                    .endRoleRef()
                                    .addNewSubject()
                                    .withApiGroup("rbac.authorization.k8s.io")
                                    .withKind("User")
                                    .withName("alice")
                                    .endSubject()
                                    .build())
                            .create())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                            .isEqualTo(403))
                    .hasMessageContaining("escalat");
            assertThatThrownBy(() -> alice.namespaces()
                            .withName(a)
                            .edit(n -> new NamespaceBuilder(n)
                                    .editMetadata()
                                    .addToLabels("pod-security.kubernetes.io/enforce", "privileged")
                                    .endMetadata()
                                    .build()))
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode())
                            .isEqualTo(403));
        }
    }

    private static boolean allowed(String user, String group, String ns, String verb, String resource, String name) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user)
                .withGroups(group, "system:authenticated")
                .withNewResourceAttributes()
                .withNamespace(ns)
                .withVerb(verb)
                .withResource(resource)
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
}
