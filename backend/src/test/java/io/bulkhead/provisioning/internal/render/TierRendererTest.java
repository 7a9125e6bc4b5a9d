package io.bulkhead.provisioning.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.Exemption;
import io.bulkhead.provisioning.NamespaceSpec;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.TierFixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class TierRendererTest {

    static final List<String> SHIPPED = TierFixtures.SHIPPED;
    private static final String NS = "team-a-dev";
    private final TierRenderer renderer = new TierRenderer();

    static NamespaceSpec spec(TierBundle tier, List<EgressRule> egress) {
        return new NamespaceSpec(
                "local", NS, "team-a", "oidc:team-a", tier.name(), 3, tier.defaultQuotaPreset(), egress);
    }

    static NamespaceSpec spec(TierBundle tier) {
        return spec(tier, List.of());
    }

    private DesiredState render(String tier) {
        TierBundle bundle = TierFixtures.shipped(tier);
        return renderer.render(bundle, spec(bundle));
    }

    static Stream<Arguments> expectedObjects() {
        List<String> common = List.of(
                "v1/Namespace//team-a-dev",
                "v1/ResourceQuota/team-a-dev/bulkhead-quota",
                "v1/LimitRange/team-a-dev/bulkhead-limits",
                "networking.k8s.io/v1/NetworkPolicy/team-a-dev/bulkhead-default-deny",
                "networking.k8s.io/v1/NetworkPolicy/team-a-dev/bulkhead-allow-dns",
                "networking.k8s.io/v1/NetworkPolicy/team-a-dev/bulkhead-allow-same-namespace");
        String fromCluster = "networking.k8s.io/v1/NetworkPolicy/team-a-dev/bulkhead-allow-ingress-from-cluster";
        String toCluster = "networking.k8s.io/v1/NetworkPolicy/team-a-dev/bulkhead-allow-egress-to-cluster";
        String viewers = "rbac.authorization.k8s.io/v1/RoleBinding/team-a-dev/bulkhead-viewers";
        String sa = "v1/ServiceAccount/team-a-dev/default";
        return Stream.of(
                Arguments.of(
                        "baseline",
                        concat(
                                common,
                                fromCluster,
                                toCluster,
                                "rbac.authorization.k8s.io/v1/RoleBinding/team-a-dev/bulkhead-team-admin",
                                viewers,
                                sa,
                                vap("baseline", "protect-managed"),
                                vapb("baseline", "protect-managed"),
                                vap("baseline", "tenant-network-policies"),
                                vapb("baseline", "tenant-network-policies"),
                                vap("baseline", "tenant-role-bindings"),
                                vapb("baseline", "tenant-role-bindings"))),
                Arguments.of(
                        "restricted",
                        concat(
                                common,
                                fromCluster,
                                "rbac.authorization.k8s.io/v1/RoleBinding/team-a-dev/bulkhead-team-edit",
                                viewers,
                                sa,
                                vap("restricted", "protect-managed"),
                                vapb("restricted", "protect-managed"),
                                vap("restricted", "tenant-network-policies"),
                                vapb("restricted", "tenant-network-policies"),
                                vap("restricted", "tenant-role-bindings"),
                                vapb("restricted", "tenant-role-bindings"),
                                vap("restricted", "image-digest-and-registry"),
                                vapb("restricted", "image-digest-and-registry"),
                                vap("restricted", "read-only-root-filesystem"),
                                vapb("restricted", "read-only-root-filesystem"),
                                vap("restricted", "resource-limits"),
                                vapb("restricted", "resource-limits"))),
                Arguments.of(
                        "sandboxed",
                        concat(
                                common,
                                "rbac.authorization.k8s.io/v1/RoleBinding/team-a-dev/bulkhead-team-edit",
                                viewers,
                                sa,
                                vap("sandboxed", "protect-managed"),
                                vapb("sandboxed", "protect-managed"),
                                vap("sandboxed", "tenant-network-policies"),
                                vapb("sandboxed", "tenant-network-policies"),
                                vap("sandboxed", "tenant-role-bindings"),
                                vapb("sandboxed", "tenant-role-bindings"),
                                vap("sandboxed", "require-runtime-class"),
                                vapb("sandboxed", "require-runtime-class"))),
                Arguments.of(
                        "sensitive",
                        concat(
                                common,
                                fromCluster,
                                "rbac.authorization.k8s.io/v1/RoleBinding/team-a-dev/bulkhead-team-edit",
                                viewers,
                                sa,
                                vap("sensitive", "protect-managed"),
                                vapb("sensitive", "protect-managed"),
                                vap("sensitive", "tenant-network-policies"),
                                vapb("sensitive", "tenant-network-policies"),
                                vap("sensitive", "tenant-role-bindings"),
                                vapb("sensitive", "tenant-role-bindings"),
                                vap("sensitive", "image-digest-and-registry"),
                                vapb("sensitive", "image-digest-and-registry"),
                                vap("sensitive", "read-only-root-filesystem"),
                                vapb("sensitive", "read-only-root-filesystem"),
                                vap("sensitive", "resource-limits"),
                                vapb("sensitive", "resource-limits"),
                                vap("sensitive", "dedicated-nodes"),
                                vapb("sensitive", "dedicated-nodes"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectedObjects")
    void rendersTheExpectedObjectsInApplyOrder(String tier, List<String> keys) {
        DesiredState state = render(tier);

        assertThat(state.keys()).containsExactlyElementsOf(keys);
        assertThat(state.all().getFirst()).isInstanceOf(Namespace.class);
        assertThat(state.namespaceObjects().subList(1, state.namespaceObjects().size()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NS));
        assertThat(state.clusterPolicies())
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isNull());
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void labelsEveryObject(String tier) {
        DesiredState state = render(tier);

        assertThat(state.namespaceObjects())
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                        .containsEntry("app.kubernetes.io/managed-by", "bulkhead")
                        .containsEntry("bulkhead.io/namespace", NS)
                        .containsEntry("bulkhead.io/team", "team-a")
                        .containsEntry("bulkhead.io/tier", tier)
                        .containsEntry("bulkhead.io/tier-version", "3"));
        assertThat(state.clusterPolicies())
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                        .containsOnly(
                                Map.entry("app.kubernetes.io/managed-by", "bulkhead"),
                                Map.entry("bulkhead.io/tier", tier),
                                Map.entry("bulkhead.io/tier-version", "3")));
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void namespaceCarriesThePodSecurityLevelsOfItsTier(String tier) {
        Namespace ns = (Namespace) render(tier).namespaceObjects().getFirst();
        String enforce = tier.equals("baseline") ? "baseline" : "restricted";

        assertThat(ns.getMetadata().getName()).isEqualTo(NS);
        assertThat(ns.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", enforce)
                .containsEntry("pod-security.kubernetes.io/enforce-version", "latest")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit-version", "latest")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn-version", "latest");
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void bindsOnlyBuiltInClusterRoles(String tier) {
        List<RoleBinding> bindings = ofType(render(tier).all(), RoleBinding.class);

        assertThat(bindings).isNotEmpty().allSatisfy(rb -> {
            assertThat(rb.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(rb.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
            assertThat(rb.getRoleRef().getName()).isIn("admin", "edit", "view");
            assertThat(rb.getSubjects()).allSatisfy(s -> {
                assertThat(s.getKind()).isEqualTo("Group");
                assertThat(s.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
            });
        });
        RoleBinding team = bindings.getFirst();
        assertThat(team.getMetadata().getName())
                .isEqualTo("bulkhead-team-" + team.getRoleRef().getName());
        assertThat(team.getSubjects())
                .singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("oidc:team-a"));
        assertThat(bindings.get(1).getRoleRef().getName()).isEqualTo("view");
        assertThat(bindings.get(1).getSubjects()).extracting(s -> s.getName()).containsExactly("bulkhead-reviewers");
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void turnsOffTokenAutomountOnTheDefaultServiceAccount(String tier) {
        ServiceAccount sa = ofType(render(tier).all(), ServiceAccount.class).getFirst();

        assertThat(sa.getMetadata().getName()).isEqualTo("default");
        assertThat(sa.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void quotaAndLimitRangeComeFromThePresetAndTheTier() {
        TierBundle sandboxed = TierFixtures.sandboxed();
        NamespaceSpec m = new NamespaceSpec("local", NS, "team-a", "g", "sandboxed", 1, "M", List.of());
        DesiredState state = renderer.render(sandboxed, m);

        ResourceQuota quota = ofType(state.all(), ResourceQuota.class).getFirst();
        assertThat(quota.getSpec().getHard())
                .containsExactly(
                        Map.entry("requests.cpu", new Quantity("1")),
                        Map.entry("requests.memory", new Quantity("2Gi")),
                        Map.entry("limits.cpu", new Quantity("2")),
                        Map.entry("limits.memory", new Quantity("4Gi")),
                        Map.entry("pods", new Quantity("10")),
                        Map.entry("persistentvolumeclaims", new Quantity("1")),
                        Map.entry("services.loadbalancers", new Quantity("0")),
                        Map.entry("services.nodeports", new Quantity("0")));
        LimitRange limits = ofType(state.all(), LimitRange.class).getFirst();
        assertThat(limits.getSpec().getLimits()).singleElement().satisfies(l -> {
            assertThat(l.getType()).isEqualTo("Container");
            assertThat(l.getDefault()).containsEntry("cpu", new Quantity("250m"));
            assertThat(l.getDefaultRequest()).containsEntry("memory", new Quantity("64Mi"));
            assertThat(l.getMax()).containsEntry("cpu", new Quantity("1")).containsEntry("memory", new Quantity("2Gi"));
        });
    }

    @Test
    void defaultDenyHasBothPolicyTypesAndNoRules() {
        NetworkPolicy deny = networkPolicy(render("baseline"), "bulkhead-default-deny");

        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void dnsIsAllowedOnlyToKubeDnsInKubeSystem() {
        NetworkPolicy dns = networkPolicy(render("sandboxed"), "bulkhead-allow-dns");

        assertThat(dns.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(dns.getSpec().getIngress()).isNullOrEmpty();
        assertThat(dns.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsExactly(Map.entry("kubernetes.io/metadata.name", "kube-system"));
                assertThat(peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("k8s-app", "kube-dns"));
                assertThat(peer.getIpBlock()).isNull();
            });
            assertThat(rule.getPorts())
                    .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                    .containsExactly("UDP/53", "TCP/53");
        });
    }

    @Test
    void sameNamespaceTrafficIsAllowedBothWays() {
        NetworkPolicy same = networkPolicy(render("sandboxed"), "bulkhead-allow-same-namespace");

        assertThat(same.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(same.getSpec().getIngress())
                .singleElement()
                .satisfies(r -> assertThat(r.getFrom()).singleElement().satisfies(p -> {
                    assertThat(p.getPodSelector()).isNotNull();
                    assertThat(p.getPodSelector().getMatchLabels()).isNullOrEmpty();
                    assertThat(p.getNamespaceSelector()).isNull();
                }));
        assertThat(same.getSpec().getEgress())
                .singleElement()
                .satisfies(r -> assertThat(r.getTo())
                        .singleElement()
                        .satisfies(p -> assertThat(p.getPodSelector()).isNotNull()));
    }

    @Test
    void sandboxedAdmitsNoIngressFromOtherNamespacesAndBaselineAllowsClusterEgress() {
        assertThat(render("sandboxed").keys()).noneMatch(k -> k.contains("-from-cluster") || k.contains("-to-cluster"));
        NetworkPolicy in = networkPolicy(render("restricted"), "bulkhead-allow-ingress-from-cluster");
        assertThat(in.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(in.getSpec().getIngress().getFirst().getFrom().getFirst().getNamespaceSelector())
                .isNotNull();
        NetworkPolicy out = networkPolicy(render("baseline"), "bulkhead-allow-egress-to-cluster");
        assertThat(out.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(out.getSpec().getEgress().getFirst().getTo().getFirst().getNamespaceSelector())
                .isNotNull();
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void allowlistedEgressBecomesOneRulePerEntry(String tier) {
        TierBundle bundle = TierFixtures.shipped(tier);
        List<EgressRule> egress = List.of(
                new EgressRule("10.20.0.0/16", 5432, "TCP"),
                new EgressRule("2001:db8::/32", 443, "TCP"),
                new EgressRule("192.0.2.10/32", 514, "UDP"));

        NetworkPolicy allow = networkPolicy(renderer.render(bundle, spec(bundle, egress)), "bulkhead-allow-egress");

        assertThat(allow.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(allow.getSpec().getIngress()).isNullOrEmpty();
        assertThat(allow.getSpec().getEgress())
                .extracting(r -> r.getTo().getFirst().getIpBlock().getCidr() + " "
                        + r.getPorts().getFirst().getProtocol() + "/"
                        + r.getPorts().getFirst().getPort().getIntVal())
                .containsExactly("10.20.0.0/16 TCP/5432", "2001:db8::/32 TCP/443", "192.0.2.10/32 UDP/514");
        assertThat(allow.getSpec().getEgress()).allSatisfy(r -> {
            assertThat(r.getTo()).hasSize(1);
            assertThat(r.getPorts()).hasSize(1);
            assertThat(r.getTo().getFirst().getIpBlock().getExcept()).isNullOrEmpty();
        });
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void noAllowEgressPolicyWithoutAllowlist(String tier) {
        assertThat(render(tier).keys()).noneMatch(k -> k.endsWith("/bulkhead-allow-egress"));
    }

    @Test
    void sandboxedRequiresARuntimeClassFromTheAllowedSet() {
        DesiredState state = render("sandboxed");
        ValidatingAdmissionPolicy vap =
                ofType(rulePolicies(state), ValidatingAdmissionPolicy.class).getFirst();

        assertThat(vap.getMetadata().getName()).isEqualTo("bulkhead-sandboxed-v3-require-runtime-class");
        assertThat(vap.getSpec().getValidations()).singleElement().satisfies(v -> {
            assertThat(v.getExpression())
                    .isEqualTo("has(variables.podSpec.runtimeClassName)"
                            + " && variables.podSpec.runtimeClassName in ['gvisor', 'kata']");
            assertThat(v.getMessage())
                    .startsWith("sandboxed tier: set the pod's runtimeClassName")
                    .endsWith("to one of [gvisor, kata]");
            assertThat(v.getMessageExpression())
                    .isEqualTo(
                            "'sandboxed tier: set ' + variables.specPath + '.runtimeClassName to one of [gvisor, kata]'");
        });
        assertMatchesPodsAndPodTemplates(vap);
    }

    @Test
    void sensitiveRequiresDedicatedNodes() {
        ValidatingAdmissionPolicy vap = policy(render("sensitive"), "bulkhead-sensitive-v3-dedicated-nodes");

        assertThat(vap.getSpec().getValidations())
                .extracting(Validation::getExpression)
                .containsExactly(
                        "has(variables.podSpec.nodeSelector) && 'bulkhead.io/dedicated' in variables.podSpec.nodeSelector"
                                + " && variables.podSpec.nodeSelector['bulkhead.io/dedicated'] != ''",
                        "has(variables.podSpec.tolerations) && variables.podSpec.tolerations.exists(t,"
                                + " has(t.key) && t.key == 'bulkhead.io/dedicated')");
        assertThat(vap.getSpec().getValidations())
                .extracting(Validation::getMessage)
                .allSatisfy(m -> assertThat(m).startsWith("sensitive tier: run on dedicated nodes"));
    }

    @Test
    void restrictedChecksDigestsRegistriesReadOnlyRootAndLimitsOnEveryContainer() {
        DesiredState state = render("restricted");

        ValidatingAdmissionPolicy images = policy(state, "bulkhead-restricted-v3-image-digest-and-registry");
        assertThat(images.getSpec().getValidations())
                .extracting(Validation::getExpression)
                .containsExactly(
                        "variables.containers.all(c, has(c.image) && c.image.matches('^[^@]+@sha256:[a-f0-9]{64}$'))",
                        "variables.containers.all(c, has(c.image) && ['ghcr.io/bulkhead-io/',"
                                + " 'registry.bulkhead.internal/'].exists(p, c.image.startsWith(p)))");
        assertThat(policy(state, "bulkhead-restricted-v3-read-only-root-filesystem")
                        .getSpec()
                        .getValidations())
                .singleElement()
                .satisfies(v -> assertThat(v.getExpression())
                        .isEqualTo("variables.containers.all(c, has(c.securityContext)"
                                + " && has(c.securityContext.readOnlyRootFilesystem)"
                                + " && c.securityContext.readOnlyRootFilesystem == true)"));
        assertThat(policy(state, "bulkhead-restricted-v3-resource-limits")
                        .getSpec()
                        .getValidations())
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.getExpression())
                            .isEqualTo("variables.containers.all(c, has(c.resources) && has(c.resources.limits)"
                                    + " && 'cpu' in c.resources.limits && 'memory' in c.resources.limits)");
                    assertThat(v.getMessageExpression())
                            .startsWith(
                                    "'restricted tier: set resources.limits.cpu and resources.limits.memory on container(s) '"
                                            + " + variables.containers.filter(c, !(");
                });
        assertThat(ofType(rulePolicies(state), ValidatingAdmissionPolicy.class))
                .allSatisfy(TierRendererTest::assertMatchesPodsAndPodTemplates);
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void everyPolicyHasABindingThatDeniesInNamespacesOfItsTierVersion(String tier) {
        DesiredState state = render(tier);
        List<ValidatingAdmissionPolicy> policies = ofType(rulePolicies(state), ValidatingAdmissionPolicy.class);
        List<ValidatingAdmissionPolicyBinding> bindings =
                ofType(rulePolicies(state), ValidatingAdmissionPolicyBinding.class);

        assertThat(bindings)
                .extracting(b -> b.getMetadata().getName())
                .containsExactlyElementsOf(
                        policies.stream().map(p -> p.getMetadata().getName()).toList());
        assertThat(bindings).allSatisfy(b -> {
            assertThat(b.getSpec().getPolicyName()).isEqualTo(b.getMetadata().getName());
            assertThat(b.getSpec().getValidationActions()).containsExactly("Deny");
            assertThat(b.getSpec().getMatchResources().getNamespaceSelector().getMatchLabels())
                    .containsOnly(Map.entry("bulkhead.io/tier", tier), Map.entry("bulkhead.io/tier-version", "3"));
            assertThat(b.getSpec().getMatchResources().getNamespaceSelector().getMatchExpressions())
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.getKey())
                                .isEqualTo("bulkhead.io/exempt-"
                                        + b.getMetadata().getName().substring(("bulkhead-" + tier + "-v3-").length()));
                        assertThat(e.getOperator()).isEqualTo("DoesNotExist");
                    });
        });
        // the namespace carries the labels its tier's bindings select
        assertThat(state.namespaceObjects().getFirst().getMetadata().getLabels())
                .containsEntry("bulkhead.io/tier", tier)
                .containsEntry("bulkhead.io/tier-version", "3");
    }

    @Test
    void rendersNoPolicyForRulesATierLacks() {
        assertThat(rulePolicies(render("baseline"))).isEmpty();
        assertThat(render("sandboxed").keys())
                .noneMatch(k -> k.contains("image-digest") || k.contains("dedicated") || k.contains("resource-limits"));
        assertThat(render("restricted").keys()).noneMatch(k -> k.contains("runtime-class") || k.contains("dedicated"));
        assertThat(render("sensitive").keys()).noneMatch(k -> k.contains("runtime-class"));
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void renderingIsDeterministic(String tier) {
        TierBundle bundle = TierFixtures.shipped(tier);
        List<EgressRule> egress = List.of(new EgressRule("10.0.0.0/8", 443, "TCP"));

        DesiredState first = renderer.render(bundle, spec(bundle, egress));
        DesiredState second = renderer.render(TierFixtures.shipped(tier), spec(bundle, egress));

        assertThat(second).isEqualTo(first);
        assertThat(renderer.toYaml(second)).isEqualTo(renderer.toYaml(first));
    }

    @Test
    void yamlPreviewIsAMultiDocumentStreamInApplyOrder() {
        DesiredState state = render("sandboxed");
        String yaml = renderer.toYaml(state);

        assertThat(yaml).startsWith("---\n");
        assertThat(yaml.split("(?m)^---$")).hasSize(state.all().size() + 1);
        assertThat(yaml.indexOf("kind: \"Namespace\"")).isLessThan(yaml.indexOf("kind: \"ResourceQuota\""));
        assertThat(yaml.indexOf("kind: \"ServiceAccount\""))
                .isLessThan(yaml.indexOf("kind: \"ValidatingAdmissionPolicy\""));
        assertThat(yaml).contains("podSelector: {}").contains("automountServiceAccountToken: false");
    }

    @Test
    void rejectsASpecForAnotherTierOrAnUnknownPreset() {
        TierBundle restricted = TierFixtures.restricted();
        assertThatThrownBy(() -> renderer.render(restricted, spec(TierFixtures.baseline())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'baseline' but the bundle is 'restricted'");
        assertThatThrownBy(() -> renderer.render(
                        restricted, new NamespaceSpec("local", NS, "team-a", "g", "restricted", 1, "XL", List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no quota preset 'XL'");
        assertThatThrownBy(() -> renderer.render(
                        restricted,
                        new NamespaceSpec("local", "Team_A", "team-a", "g", "restricted", 1, "S", List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a DNS label");
    }

    @Test
    void objectKeysAreApiVersionKindNamespaceName() {
        DesiredState state = render("sandboxed");

        assertThat(ObjectKeys.key(state.namespaceObjects().getFirst())).isEqualTo("v1/Namespace//team-a-dev");
        assertThat(ObjectKeys.key(state.clusterPolicies().getLast()))
                .isEqualTo("admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding//"
                        + "bulkhead-sandboxed-v3-require-runtime-class");
    }

    private static void assertMatchesPodsAndPodTemplates(ValidatingAdmissionPolicy vap) {
        assertThat(vap.getSpec().getFailurePolicy()).isEqualTo("Fail");
        assertThat(vap.getSpec().getMatchConstraints().getResourceRules())
                .extracting(r -> String.join(",", r.getApiGroups()) + "/" + String.join(",", r.getApiVersions()) + " "
                        + String.join(",", r.getResources()) + " " + String.join(",", r.getOperations()))
                .containsExactly(
                        "/v1 pods CREATE,UPDATE",
                        "apps/v1 deployments,statefulsets,daemonsets CREATE,UPDATE",
                        "batch/v1 jobs,cronjobs CREATE,UPDATE");
        assertThat(vap.getSpec().getVariables())
                .extracting(v -> v.getName())
                .containsExactly("podSpec", "specPath", "containers");
        assertThat(vap.getSpec().getVariables().getFirst().getExpression())
                .contains("object.kind == 'Pod' ? dyn(object).spec")
                .contains("object.kind == 'CronJob' ? dyn(object).spec.jobTemplate.spec.template.spec")
                .endsWith(": dyn(object).spec.template.spec");
        assertThat(vap.getSpec().getVariables().getLast().getExpression())
                .contains("variables.podSpec.containers")
                .contains("variables.podSpec.initContainers");
    }

    private static NetworkPolicy networkPolicy(DesiredState state, String name) {
        return ofType(state.namespaceObjects(), NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy " + name + " in " + state.keys()));
    }

    private static ValidatingAdmissionPolicy policy(DesiredState state, String name) {
        return ofType(state.clusterPolicies(), ValidatingAdmissionPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no policy " + name + " in " + state.keys()));
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void everyTierKeepsBulkheadsObjectsBulkheadsAndTheTeamsNetworkPoliciesWithinTheTier(String tier) {
        DesiredState state = render(tier);
        String protect = "bulkhead-" + tier + "-v3-protect-managed";
        String tenant = "bulkhead-" + tier + "-v3-tenant-network-policies";
        String bindings = "bulkhead-" + tier + "-v3-tenant-role-bindings";
        assertThat(TierRenderer.isolationPolicyNames(tier, 3)).containsExactly(protect, tenant, bindings);
        assertThat(policy(state, bindings).getSpec().getValidations())
                .singleElement()
                .satisfies(v -> assertThat(v.getExpression())
                        .endsWith("object.subjects.all(s, s.kind == 'ServiceAccount' && (!has(s.namespace)"
                                + " || s.namespace == '' || s.namespace == request.namespace))"));

        ValidatingAdmissionPolicy p = policy(state, protect);
        assertThat(p.getSpec().getFailurePolicy()).isEqualTo("Fail");
        assertThat(p.getSpec().getMatchConstraints().getResourceRules())
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getOperations()).containsExactly("CREATE", "UPDATE", "DELETE");
                    assertThat(r.getResources()).containsExactly("*");
                    assertThat(r.getScope()).isEqualTo("Namespaced");
                });
        assertThat(p.getSpec().getMatchConditions())
                .singleElement()
                .satisfies(c -> assertThat(c.getExpression())
                        .contains("oldObject.metadata.labels['app.kubernetes.io/managed-by'] == 'bulkhead'")
                        .contains("object.metadata.labels['app.kubernetes.io/managed-by'] == 'bulkhead'"));
        assertThat(p.getSpec().getValidations())
                .singleElement()
                .satisfies(v -> assertThat(v.getExpression())
                        .isEqualTo("authorizer.group('admissionregistration.k8s.io')"
                                + ".resource('validatingadmissionpolicybindings').name('" + protect
                                + "').check('patch').allowed()"
                                + " || (namespaceObject != null && has(namespaceObject.metadata.deletionTimestamp))"));

        ValidatingAdmissionPolicy t = policy(state, tenant);
        assertThat(t.getSpec().getMatchConstraints().getResourceRules())
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getApiGroups()).containsExactly("networking.k8s.io");
                    assertThat(r.getResources()).containsExactly("networkpolicies");
                    assertThat(r.getOperations()).containsExactly("CREATE", "UPDATE");
                });
        String rule = t.getSpec().getValidations().getFirst().getExpression();
        assertThat(rule).startsWith("authorizer.group('admissionregistration.k8s.io')");
        if (tier.equals("baseline")) {
            assertThat(rule)
                    .contains("r.from.all(p, !has(p.ipBlock) && (has(p.namespaceSelector) ? true : true))")
                    .contains("r.to.all(p, !has(p.ipBlock) && (has(p.namespaceSelector) ? true : true))");
        } else {
            assertThat(rule).doesNotContain("ipBlock");
            assertThat(t.getSpec().getValidations().getFirst().getMessage())
                    .contains("the team may not create or change one");
        }

        // both bound to every namespace of the tier version, with no exemption label that could take one out
        for (String name : List.of(protect, tenant, bindings)) {
            ValidatingAdmissionPolicyBinding b =
                    ofType(state.clusterPolicies(), ValidatingAdmissionPolicyBinding.class).stream()
                            .filter(x -> x.getMetadata().getName().equals(name))
                            .findFirst()
                            .orElseThrow();
            assertThat(b.getSpec().getPolicyName()).isEqualTo(name);
            assertThat(b.getSpec().getValidationActions()).containsExactly("Deny");
            assertThat(b.getSpec().getMatchResources().getNamespaceSelector().getMatchLabels())
                    .containsOnly(Map.entry("bulkhead.io/tier", tier), Map.entry("bulkhead.io/tier-version", "3"));
            assertThat(b.getSpec().getMatchResources().getNamespaceSelector().getMatchExpressions())
                    .isEmpty();
        }
    }

    @Test
    void sandboxedTeamPoliciesMayNotReachOtherNamespacesEvenWhereTheyWereAllowed() {
        // a bundle that allows tenant policies but neither cross-namespace direction
        String yaml = io.bulkhead.tiers.TierFixtures.yaml("sandboxed")
                .replace("tenantPolicies: none", "tenantPolicies: withinTier");
        TierBundle b = io.bulkhead.tiers.TierBundles.parse(yaml);
        DesiredState state = renderer.render(b, spec(b));
        String rule = policy(state, "bulkhead-sandboxed-v3-tenant-network-policies")
                .getSpec()
                .getValidations()
                .getFirst()
                .getExpression();
        assertThat(rule)
                .contains("r.from.all(p, !has(p.ipBlock) && (has(p.namespaceSelector) ? false : true))")
                .contains("r.to.all(p, !has(p.ipBlock) && (has(p.namespaceSelector) ? false : true))");
    }

    /** The cluster objects of the tier's admission rules (without the isolation policies every tier has). */
    static List<HasMetadata> rulePolicies(DesiredState state) {
        return state.clusterPolicies().stream()
                .filter(o -> !o.getMetadata().getName().endsWith("-protect-managed")
                        && !o.getMetadata().getName().endsWith("-tenant-network-policies")
                        && !o.getMetadata().getName().endsWith("-tenant-role-bindings"))
                .toList();
    }

    private static <T> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static String vap(String tier, String rule) {
        return "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy//bulkhead-" + tier + "-v3-" + rule;
    }

    private static String vapb(String tier, String rule) {
        return "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding//bulkhead-" + tier + "-v3-" + rule;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    // ---- exemptions (approved exceptions) ----

    private DesiredState renderWith(String tier, Exemption... exemptions) {
        TierBundle bundle = TierFixtures.shipped(tier);
        return renderer.render(bundle, spec(bundle).withExemptions(List.of(exemptions)));
    }

    private static Namespace namespaceOf(DesiredState s) {
        return (Namespace) s.namespaceObjects().getFirst();
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void noExemptionsRenderExactlyTheTier(String tier) {
        TierBundle bundle = TierFixtures.shipped(tier);
        assertThat(renderer.toYaml(renderer.render(bundle, spec(bundle).withExemptions(List.of()))))
                .isEqualTo(renderer.toYaml(render(tier)));
    }

    @Test
    void psaLevelExemptionLowersOnlyEnforce() {
        var labels = namespaceOf(renderWith("restricted", new Exemption("psa-level", "privileged")))
                .getMetadata()
                .getLabels();
        assertThat(labels)
                .containsEntry("pod-security.kubernetes.io/enforce", "privileged")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted");
        // an exemption never raises the level above the tier's
        assertThat(namespaceOf(renderWith("baseline", new Exemption("psa-level", "restricted")))
                        .getMetadata()
                        .getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
    }

    @Test
    void namespaceScopedAdmissionExemptionLabelsTheNamespaceOnly() {
        DesiredState s =
                renderWith("sandboxed", new Exemption("admission:requireRuntimeClass", null, "1a2b3c4d", List.of()));
        assertThat(namespaceOf(s).getMetadata().getLabels())
                .containsEntry("bulkhead.io/exempt-require-runtime-class", "1a2b3c4d");
        assertThat(s.clusterPolicies()).hasSameSizeAs(render("sandboxed").clusterPolicies());
    }

    @Test
    void workloadsAdmissionExemptionAddsANamespaceCopyThatLeavesOutExactlyTheNamedWorkloads() {
        DesiredState s = renderWith(
                "sandboxed",
                new Exemption("admission:requireRuntimeClass", null, "1a2b3c4d", List.of("legacy", "batch-a")));
        assertThat(namespaceOf(s).getMetadata().getLabels())
                .containsEntry("bulkhead.io/exempt-require-runtime-class", "1a2b3c4d");
        String name = "bulkhead-exception-team-a-dev-require-runtime-class";
        ValidatingAdmissionPolicy copy = s.clusterPolicies().stream()
                .filter(o -> o instanceof ValidatingAdmissionPolicy
                        && o.getMetadata().getName().equals(name))
                .map(ValidatingAdmissionPolicy.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(copy.getMetadata().getLabels()).containsEntry("bulkhead.io/exception-namespace", NS);
        var shared = rulePolicies(render("sandboxed")).stream()
                .filter(ValidatingAdmissionPolicy.class::isInstance)
                .map(ValidatingAdmissionPolicy.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(copy.getSpec().getValidations()).isEqualTo(shared.getSpec().getValidations());
        var condition = copy.getSpec().getMatchConditions().getLast();
        assertThat(condition.getName()).isEqualTo("not-excepted-workload");
        assertThat(condition.getExpression()).contains("['batch-a', 'legacy']").doesNotContain("labels");
        ValidatingAdmissionPolicyBinding binding = s.clusterPolicies().stream()
                .filter(o -> o instanceof ValidatingAdmissionPolicyBinding
                        && o.getMetadata().getName().equals(name))
                .map(ValidatingAdmissionPolicyBinding.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(binding.getSpec().getPolicyName()).isEqualTo(name);
        assertThat(binding.getSpec().getMatchResources().getNamespaceSelector().getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", NS));
        // the copy is applied before the Namespace gets its exempt label
        assertThat(s.all().indexOf(copy)).isGreaterThan(s.all().indexOf(namespaceOf(s)) - 1);
    }

    @Test
    void exemptionsForRulesTheTierDoesNotHaveAreIgnored() {
        assertThat(renderer.toYaml(renderWith(
                        "baseline", new Exemption("admission:requireRuntimeClass", null, "x", List.of("legacy")))))
                .isEqualTo(renderer.toYaml(render("baseline")));
    }

    @Test
    void egressExemptionAddsItsOwnPolicyAndQuotaExemptionUsesTheLargerPreset() {
        DesiredState s =
                renderWith("sandboxed", new Exemption("egress", "203.0.113.0/24,443,TCP"), new Exemption("quota", "M"));
        NetworkPolicy egress = s.namespaceObjects().stream()
                .filter(o -> o.getMetadata().getName().equals(TierRenderer.EXCEPTION_EGRESS))
                .map(NetworkPolicy.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(egress.getSpec()
                        .getEgress()
                        .getFirst()
                        .getTo()
                        .getFirst()
                        .getIpBlock()
                        .getCidr())
                .isEqualTo("203.0.113.0/24");
        ResourceQuota quota = s.namespaceObjects().stream()
                .filter(ResourceQuota.class::isInstance)
                .map(ResourceQuota.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(quota.getSpec().getHard())
                .containsEntry(
                        "pods",
                        new Quantity(Integer.toString(TierFixtures.sandboxed()
                                .quotaPreset("M")
                                .orElseThrow()
                                .pods())));
    }
}
