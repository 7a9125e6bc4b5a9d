package io.bulkhead.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.tiers.TierBundle.AdmissionRule;
import io.bulkhead.tiers.TierBundle.ClusterRole;
import io.bulkhead.tiers.TierBundle.DedicatedNodes;
import io.bulkhead.tiers.TierBundle.ImageDigestAndRegistry;
import io.bulkhead.tiers.TierBundle.PodSecurityLevel;
import io.bulkhead.tiers.TierBundle.ReadOnlyRootFilesystem;
import io.bulkhead.tiers.TierBundle.RequireRuntimeClass;
import io.bulkhead.tiers.TierBundle.ResourceLimits;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

class TierBundlesTest {

    static final List<String> SHIPPED = TierFixtures.SHIPPED;

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void parsesEveryShippedBundle(String name) {
        TierBundle b = TierFixtures.shipped(name);

        assertThat(b.name()).isEqualTo(name);
        assertThat(b.quotaPresets()).containsOnlyKeys("S", "M", "L");
        assertThat(b.quotaPresets().keySet()).containsExactly("S", "M", "L");
        assertThat(b.quotaPresets()).containsKey(b.defaultQuotaPreset());
        assertThat(b.quotaPresets().values())
                .allSatisfy(q -> assertThat(q.servicesLoadBalancers() + q.servicesNodePorts())
                        .isZero());
        assertThat(b.serviceAccount().automountToken()).isFalse();
        assertThat(b.network().allowDns()).isTrue();
        assertThat(b.network().allowSameNamespace()).isTrue();
        assertThat(b.podSecurity().version()).isEqualTo("latest");
    }

    @Test
    void shippedBundlesFollowTheProductTiers() {
        TierBundle baseline = TierFixtures.baseline();
        TierBundle restricted = TierFixtures.restricted();
        TierBundle sandboxed = TierFixtures.sandboxed();
        TierBundle sensitive = TierFixtures.sensitive();

        assertThat(baseline.podSecurity().enforce()).isEqualTo(PodSecurityLevel.BASELINE);
        assertThat(baseline.podSecurity().audit()).isEqualTo(PodSecurityLevel.RESTRICTED);
        assertThat(baseline.podSecurity().warn()).isEqualTo(PodSecurityLevel.RESTRICTED);
        for (TierBundle b : List.of(restricted, sandboxed, sensitive)) {
            assertThat(List.of(
                            b.podSecurity().enforce(),
                            b.podSecurity().audit(),
                            b.podSecurity().warn()))
                    .containsOnly(PodSecurityLevel.RESTRICTED);
            assertThat(b.network().egressAllowlistOnly()).as(b.name()).isTrue();
        }
        assertThat(baseline.network().egressAllowlistOnly()).isFalse();
        assertThat(sandboxed.network().ingressFromOtherNamespaces()).isFalse();

        assertThat(keys(baseline.admission())).isEmpty();
        assertThat(keys(restricted.admission()))
                .containsExactly("imageDigestAndRegistry", "readOnlyRootFilesystem", "resourceLimits");
        assertThat(keys(sandboxed.admission())).containsExactly("requireRuntimeClass");
        assertThat(keys(sensitive.admission()))
                .containsExactly(
                        "imageDigestAndRegistry", "readOnlyRootFilesystem", "resourceLimits", "dedicatedNodes");
        assertThat(sandboxed.admissionRule(RequireRuntimeClass.class))
                .hasValue(new RequireRuntimeClass(List.of("gvisor", "kata")));
        assertThat(sensitive.admissionRule(DedicatedNodes.class))
                .hasValue(new DedicatedNodes("bulkhead.io/dedicated", "bulkhead.io/dedicated"));

        assertThat(sensitive.exceptions().approvalsRequired()).isEqualTo(2);
        assertThat(sensitive.review().autoApproveDefaultQuota()).isFalse();
        assertThat(sandboxed.exceptions().maxDays()).isLessThanOrEqualTo(7);
        assertThat(sandboxed.exceptions().maxDays())
                .isLessThan(baseline.exceptions().maxDays());
        assertThat(TierBundles.quantityValue(sandboxed.quotaPresets().get("L").limitsCpu()))
                .isLessThan(TierBundles.quantityValue(
                        baseline.quotaPresets().get("L").limitsCpu()));
        assertThat(TierBundles.quantityValue(sensitive.quotaPresets().get("L").limitsMemory()))
                .isLessThan(TierBundles.quantityValue(
                        restricted.quotaPresets().get("L").limitsMemory()));
        assertThat(List.of(restricted, sandboxed, sensitive))
                .allSatisfy(b -> assertThat(b.rbac().teamRole()).isEqualTo(ClusterRole.EDIT));
    }

    @Test
    void acceptsRulesWrittenAsScalarsOrMappingsAndSortsThemInCatalogOrder() {
        String yaml = TierFixtures.yaml("baseline").replace("admission: []", """
                        admission:
                          - resourceLimits: {}
                          - dedicatedNodes: {nodeSelectorKey: pool, tolerationKey: example.com/pool}
                          - readOnlyRootFilesystem
                          - requireRuntimeClass: {allowed: [gvisor]}
                          - imageDigestAndRegistry: {registries: ["localhost:5000", registry.example.com/team-a]}
                        """);

        List<AdmissionRule> rules = TierBundles.parse(yaml).admission();

        assertThat(rules)
                .containsExactly(
                        new RequireRuntimeClass(List.of("gvisor")),
                        new ImageDigestAndRegistry(List.of("localhost:5000", "registry.example.com/team-a")),
                        new ReadOnlyRootFilesystem(),
                        new ResourceLimits(),
                        new DedicatedNodes("pool", "example.com/pool"));
        assertThat(rules)
                .extracting(AdmissionRule::kebab)
                .containsExactly(
                        "require-runtime-class",
                        "image-digest-and-registry",
                        "read-only-root-filesystem",
                        "resource-limits",
                        "dedicated-nodes");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown admission rule       | admission: []                     | admission: [denyEverything]                     | admission[0]: unknown admission rule 'denyEverything' (the catalog has requireRuntimeClass, imageDigestAndRegistry, readOnlyRootFilesystem, resourceLimits, dedicatedNodes)
            rule listed twice            | admission: []                     | admission: [resourceLimits, resourceLimits]     | admission[1]: admission rule 'resourceLimits' is listed twice
            rule with two keys           | admission: []                     | 'admission: [{resourceLimits: {}, readOnlyRootFilesystem: {}}]' | admission[0]: must be a rule name or a mapping with exactly one rule name as key
            parameters on a plain rule   | admission: []                     | 'admission: [readOnlyRootFilesystem: {strict: true}]' | admission[0].readOnlyRootFilesystem: takes no parameters
            runtime class without list   | admission: []                     | admission: [requireRuntimeClass]                | admission[0].requireRuntimeClass: is missing
            empty runtime class list     | admission: []                     | 'admission: [requireRuntimeClass: {allowed: []}]' | admission[0].requireRuntimeClass.allowed: must list at least one entry
            bad runtime class name       | admission: []                     | 'admission: [requireRuntimeClass: {allowed: [gVisor]}]' | admission[0].requireRuntimeClass.allowed[0]: 'gVisor' is not a RuntimeClass name
            registry with scheme         | admission: []                     | 'admission: [imageDigestAndRegistry: {registries: [\"https://ghcr.io/x\"]}]' | admission[0].imageDigestAndRegistry.registries[0]: 'https://ghcr.io/x' is not a registry prefix
            registry with trailing slash | admission: []                     | 'admission: [imageDigestAndRegistry: {registries: [ghcr.io/x/]}]' | admission[0].imageDigestAndRegistry.registries[0]: 'ghcr.io/x/' is not a registry prefix
            unknown rule parameter       | admission: []                     | 'admission: [dedicatedNodes: {nodeSelectorKey: a, tolerationKey: b, value: c}]' | admission[0].dedicatedNodes: unknown key value (allowed: nodeSelectorKey, tolerationKey)
            cluster-admin as team role   | teamRole: admin                   | teamRole: cluster-admin                         | rbac.teamRole: 'cluster-admin' is not one of admin, edit, view
            custom role as team role     | teamRole: admin                   | teamRole: bulkhead-custom                       | rbac.teamRole: 'bulkhead-custom' is not one of admin, edit, view
            viewer group listed twice    | viewerGroups: [bulkhead-reviewers] | 'viewerGroups: [a, a]'                         | rbac.viewerGroups[1]: 'a' is listed twice
            bad cpu quantity             | 'S: {requests.cpu: \"2\"'          | 'S: {requests.cpu: 2x'                          | quotaPresets.S.requests.cpu: '2x' is not a Kubernetes quantity
            negative memory quantity     | requests.memory: 4Gi              | requests.memory: -4Gi                           | quotaPresets.S.requests.memory: '-4Gi' is not a Kubernetes quantity
            memory in MB                 | 'default: {cpu: 500m, memory: 512Mi}' | 'default: {cpu: 500m, memory: 512MB}'       | limitRange.container.default.memory: '512MB' is not a Kubernetes quantity
            float quantity unquoted      | 'S: {requests.cpu: \"2\"'          | 'S: {requests.cpu: 0.5'                         | quotaPresets.S.requests.cpu: must be a Kubernetes quantity such as 500m or 4Gi (quote it), found 0.5
            requests above limits        | 'S: {requests.cpu: \"2\"'          | 'S: {requests.cpu: \"5\"'                       | quotaPresets.S.requests.cpu: '5' must not exceed limits.cpu '4'
            missing quota key            | 'pods: 20, '                      | ''                                              | quotaPresets.S.pods: is missing
            negative pods                | 'pods: 20,'                       | 'pods: -1,'                                     | quotaPresets.S.pods: must be between 1 and 100000, found -1
            unknown quota key            | 'pods: 20,'                       | 'pods: 20, secrets: 5,'                         | quotaPresets.S: unknown key secrets
            default request above limit  | 'defaultRequest: {cpu: 100m'       | 'defaultRequest: {cpu: 600m'                   | limitRange.container.defaultRequest.cpu: '600m' must not exceed default.cpu '500m'
            default above max            | 'max: {cpu: \"4\"'                  | 'max: {cpu: 400m'                              | limitRange.container.default.cpu: '500m' must not exceed max.cpu '400m'
            unknown PSA level            | enforce: baseline                 | enforce: strict                                 | podSecurity.enforce: 'strict' is not one of privileged, baseline, restricted
            PSA level in capitals        | audit: restricted                 | audit: Restricted                               | podSecurity.audit: 'Restricted' is not one of privileged, baseline, restricted
            bad PSA version              | 'version: latest'                 | 'version: v2.0'                                 | podSecurity.version: 'v2.0' is not a Pod Security version (latest or v1.N)
            no approvals                 | approvalsRequired: 1              | approvalsRequired: 0                            | exceptions.approvalsRequired: must be between 1 and 2, found 0
            three approvals              | approvalsRequired: 1              | approvalsRequired: 3                            | exceptions.approvalsRequired: must be between 1 and 2, found 3
            exceptions for zero days     | maxDays: 90                       | maxDays: 0                                      | exceptions.maxDays: must be between 1 and 365, found 0
            default preset not defined   | defaultQuotaPreset: M             | defaultQuotaPreset: XL                          | defaultQuotaPreset: 'XL' is not one of the quotaPresets (S, M, L)
            default preset missing       | defaultQuotaPreset: M             | ''                                              | defaultQuotaPreset: is missing
            string where boolean wanted  | allowDns: true                    | 'allowDns: \"true\"'                            | network.allowDns: must be true or false, found 'true'
            missing network flag         | 'allowDns: true, '                | ''                                              | network.allowDns: is missing
            unknown top-level key        | 'review: {'                       | 'reviews: {'                                    | unknown key reviews
            bad tier name                | 'name: baseline'                  | 'name: Base Line'                               | name: 'Base Line' is not a tier name
            automount not a boolean      | automountToken: false             | automountToken: no-thanks                       | serviceAccount.automountToken: must be true or false, found 'no-thanks'
            unknown tenant policy mode   | 'tenantPolicies: withinTier'      | 'tenantPolicies: anything'                      | network.tenantPolicies: 'anything' is not one of none, withinTier
            auto-approve range too wide  | 'within: [10.0.0.0/8'             | 'within: [0.0.0.0/0'                            | egress.autoApprove.within[0]: '0.0.0.0/0' is wider than /8
            auto-approve IPv6 too wide   | 'fc00::/7]'                       | '\"::/0\"]'                                   | egress.autoApprove.within[3]: '::/0' is wider than /7
            auto-approve range host bits | 'within: [10.0.0.0/8'             | 'within: [10.0.0.1/8'                           | egress.autoApprove.within[0]: '10.0.0.1/8' has host bits set (the network is 10.0.0.0/8)
            auto-approve not a CIDR      | 'within: [10.0.0.0/8'             | 'within: [10.0.0.0'                             | egress.autoApprove.within[0]: '10.0.0.0' is not a network in CIDR notation
            auto-approve listed twice    | '172.16.0.0/12'                   | '10.0.0.0/8'                                    | egress.autoApprove.within[1]: '10.0.0.0/8' is listed twice
            widest below the floor       | 'widest: {ipv4: 8'                | 'widest: {ipv4: 0'                              | egress.autoApprove.widest.ipv4: must be between 8 and 32, found 0
            refusal above auto-approval  | 'refuseWiderThan: {ipv4: 0'       | 'refuseWiderThan: {ipv4: 9'                     | egress.refuseWiderThan.ipv4: must not exceed autoApprove.widest.ipv4 (8)
            refusal prefix out of range  | 'ipv6: 0}'                        | 'ipv6: 129}'                                    | egress.refuseWiderThan.ipv6: must be between 0 and 128, found 129
            unknown egress key           | 'ipv6: 7}}'                       | 'ipv6: 7}, strict: true}'                       | egress.autoApprove: unknown key strict
            """)
    void rejectsInvalidBundles(String why, String from, String to, String message) {
        String yaml = TierFixtures.yaml("baseline");
        assertThat(yaml).as("fixture contains %s", from).contains(from);

        assertThatThrownBy(() -> TierBundles.parse(yaml.replaceFirst(java.util.regex.Pattern.quote(from), to)))
                .as(why)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tier bundle '")
                .hasMessageContaining(message);
    }

    @Test
    void bundlesPublishedBeforeTheEgressAndTenantPolicyKeysGetSafeDefaults() {
        String old = TierFixtures.yaml("baseline")
                .replaceAll("(?s)# Egress allowlist entries.*\\z", "")
                .replace(",\n          tenantPolicies: withinTier}", "}");
        assertThat(old).doesNotContain("egress:").doesNotContain("tenantPolicies: withinTier");

        TierBundle b = TierBundles.parse(old);

        assertThat(b.network().tenantPolicies()).isEqualTo(TierBundle.TenantNetworkPolicies.WITHIN_TIER);
        assertThat(b.egress().autoApproveWithin()).isEmpty();
        assertThat(b.classifyEgress("10.1.0.0/16").outcome()).isEqualTo(EgressPolicy.Outcome.REVIEW);
    }

    @Test
    void shippedBundlesLetTenantsAddNetworkPoliciesOnBaselineOnlyAndRefuseTheInternetOnSandboxed() {
        assertThat(TierFixtures.baseline().network().tenantPolicies())
                .isEqualTo(TierBundle.TenantNetworkPolicies.WITHIN_TIER);
        for (String t : List.of("restricted", "sandboxed", "sensitive")) {
            assertThat(TierFixtures.shipped(t).network().tenantPolicies())
                    .as(t)
                    .isEqualTo(TierBundle.TenantNetworkPolicies.NONE);
        }
        assertThat(TierFixtures.baseline().egress().autoApproveWithin())
                .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
        assertThat(TierFixtures.sandboxed().egress().refuseWiderThan()).isEqualTo(new TierBundle.PrefixLengths(8, 32));
    }

    @Test
    void rejectsMalformedYamlAndNonMappings() {
        assertThatThrownBy(() -> TierBundles.parse("name: [unclosed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tier bundle: not valid YAML");
        assertThatThrownBy(() -> TierBundles.parse("- a\n- b\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tier bundle: the document must be a mapping");
    }

    @Test
    void rejectsYamlTagsThatWouldConstructObjects() {
        assertThatThrownBy(() -> TierBundles.parse("name: !!java.net.URL [\"http://example.com\"]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tier bundle: not valid YAML");
    }

    @ParameterizedTest
    @CsvSource({
        "500m,0.5",
        "2,2",
        "4Gi,4294967296",
        "1k,1000",
        "128Mi,134217728",
        "1e3,1000",
        ".5,0.5",
        "1.5G,1500000000"
    })
    void understandsKubernetesQuantities(String quantity, String value) {
        assertThat(TierBundles.isQuantity(quantity)).isTrue();
        assertThat(TierBundles.quantityValue(quantity)).isEqualByComparingTo(new BigDecimal(value));
    }

    @ParameterizedTest
    @CsvSource({"2x", "-1", "1K", "4GB", "Gi", "''", "1.2.3", "0x10", "1 Gi"})
    void rejectsWhatIsNotAQuantity(String s) {
        assertThat(TierBundles.isQuantity(s)).isFalse();
    }

    private static List<String> keys(List<AdmissionRule> rules) {
        return rules.stream().map(AdmissionRule::key).toList();
    }
}
