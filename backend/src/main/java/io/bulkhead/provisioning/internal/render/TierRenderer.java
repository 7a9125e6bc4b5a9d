package io.bulkhead.provisioning.internal.render;

import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.Exemption;
import io.bulkhead.provisioning.NamespaceSpec;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.TierBundle.AdmissionRule;
import io.bulkhead.tiers.TierBundle.ClusterRole;
import io.bulkhead.tiers.TierBundle.PodSecurity;
import io.bulkhead.tiers.TierBundle.PodSecurityLevel;
import io.bulkhead.tiers.TierBundle.QuotaPreset;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns a tier version and a namespace into the Kubernetes objects that should exist. Pure: no API calls, no clock,
 * no randomness; the same input renders equal objects in the same order. The applier (server-side apply, field
 * manager {@code bulkhead}) is the only place that talks to a cluster.
 */
@Component
public class TierRenderer {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "bulkhead";
    public static final String NAMESPACE_LABEL = "bulkhead.io/namespace";
    public static final String TEAM_LABEL = "bulkhead.io/team";
    public static final String TIER_LABEL = "bulkhead.io/tier";
    public static final String TIER_VERSION_LABEL = "bulkhead.io/tier-version";
    /** Prefix of the namespace label that excludes a namespace from one admission rule (an approved exception). */
    public static final String EXEMPT_LABEL_PREFIX = "bulkhead.io/exempt-";

    public static final String QUOTA_NAME = "bulkhead-quota";
    public static final String LIMITS_NAME = "bulkhead-limits";
    public static final String DEFAULT_DENY = "bulkhead-default-deny";
    public static final String ALLOW_DNS = "bulkhead-allow-dns";
    public static final String ALLOW_SAME_NAMESPACE = "bulkhead-allow-same-namespace";
    public static final String ALLOW_INGRESS_FROM_CLUSTER = "bulkhead-allow-ingress-from-cluster";
    public static final String ALLOW_EGRESS_TO_CLUSTER = "bulkhead-allow-egress-to-cluster";
    public static final String ALLOW_EGRESS = "bulkhead-allow-egress";
    public static final String VIEWERS_BINDING = "bulkhead-viewers";
    /** The NetworkPolicy holding the egress rules of approved exceptions (pruned when none is in force). */
    public static final String EXCEPTION_EGRESS = "bulkhead-exception-egress";
    /** Label of the per-namespace admission policy copies that leave out a namespace's excepted workloads. */
    public static final String EXCEPTION_NAMESPACE_LABEL = "bulkhead.io/exception-namespace";
    /**
     * Annotation on the Namespace (and on a namespace's exception policy copies) naming the id of the Bulkhead record
     * they belong to. Bulkhead applies to, and deletes, a namespace only when it carries this record's id: an existing
     * namespace that does not is never taken over.
     */
    public static final String OWNER_ANNOTATION = "bulkhead.io/owner";
    /** Set by the API server on every Namespace; tenants cannot change it. */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private static final String PSA = "pod-security.kubernetes.io/";
    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$");

    /**
     * Renders the desired state of {@code spec}'s namespace under {@code bundle}.
     *
     * @param bundle the tier version the namespace runs with (its name must be {@code spec.tier()})
     * @throws IllegalArgumentException if the bundle is not the spec's tier, the preset does not exist in it, or a
     *     name or label value is not valid in Kubernetes
     */
    public DesiredState render(TierBundle bundle, NamespaceSpec spec) {
        if (!bundle.name().equals(spec.tier())) {
            throw new IllegalArgumentException(
                    "the namespace asks for tier '" + spec.tier() + "' but the bundle is '" + bundle.name() + "'");
        }
        String presetName = quotaPresetName(bundle, spec);
        Map<String, String> hard = io.bulkhead.provisioning.QuotaValues.isCustom(presetName)
                ? io.bulkhead.provisioning.QuotaValues.parse(presetName)
                : bundle.quotaPreset(presetName)
                        .map(QuotaPreset::hard)
                        .orElseThrow(() -> new IllegalArgumentException("tier " + bundle.name()
                                + " has no quota preset '" + spec.quotaPreset() + "' (it has "
                                + String.join(", ", bundle.quotaPresets().keySet()) + ")"));
        if (!DNS_LABEL.matcher(spec.name()).matches()) {
            throw new IllegalArgumentException("namespace name '" + spec.name() + "' is not a DNS label");
        }
        if (!LABEL_VALUE.matcher(spec.team()).matches()) {
            throw new IllegalArgumentException("team '" + spec.team() + "' is not a valid label value");
        }
        if (spec.tierVersion() < 1) {
            throw new IllegalArgumentException("tier version must be positive, not " + spec.tierVersion());
        }

        List<HasMetadata> namespaced = new ArrayList<>();
        Map<AdmissionRule, List<String>> exempted = exemptedRules(bundle, spec);
        namespaced.add(namespace(bundle, spec, exempted));
        namespaced.add(quota(spec, hard));
        namespaced.add(limitRange(bundle, spec));
        namespaced.addAll(networkPolicies(bundle, spec));
        exceptionEgress(spec).ifPresent(namespaced::add);
        namespaced.addAll(roleBindings(bundle, spec));
        namespaced.add(serviceAccount(bundle, spec));

        List<HasMetadata> cluster = new ArrayList<>();
        // first: the team cannot undo the tier's isolation from inside its namespaces
        cluster.addAll(isolationPolicies(bundle, spec.tierVersion()));
        for (AdmissionRule rule : bundle.admission()) {
            cluster.add(policy(bundle, spec.tierVersion(), rule));
            cluster.add(binding(bundle, spec.tierVersion(), rule));
        }
        // after the shared policies: a namespace's copy must be in force before its exempt label is set
        for (var e : exempted.entrySet()) {
            if (!e.getValue().isEmpty()) {
                cluster.add(exceptionPolicy(bundle, spec, e.getKey(), e.getValue()));
                cluster.add(exceptionBinding(bundle, spec, e.getKey()));
            }
        }
        return new DesiredState(namespaced, cluster);
    }

    /**
     * The names of the ValidatingAdmissionPolicies (each with a binding of the same name) that keep a tier version's
     * isolation against the team: Bulkhead's objects stay Bulkhead's, the team's NetworkPolicies stay within the tier,
     * the team's RoleBindings bind only service accounts of the namespace.
     */
    public static List<String> isolationPolicyNames(String tier, int version) {
        return List.of(
                "bulkhead-" + tier + "-v" + version + "-" + AdmissionPolicies.PROTECT_MANAGED,
                "bulkhead-" + tier + "-v" + version + "-" + AdmissionPolicies.TENANT_NETWORK_POLICIES,
                "bulkhead-" + tier + "-v" + version + "-" + AdmissionPolicies.TENANT_ROLE_BINDINGS);
    }

    private static List<HasMetadata> isolationPolicies(TierBundle bundle, int version) {
        List<String> names = isolationPolicyNames(bundle.name(), version);
        String protect = names.get(0);
        String tenant = names.get(1);
        ValidatingAdmissionPolicy protectPolicy = new ValidatingAdmissionPolicyBuilder()
                .withMetadata(clusterMeta(bundle.name(), version, protect))
                .withNewSpec()
                .withFailurePolicy("Fail")
                .withNewMatchConstraints()
                .withResourceRules(AdmissionPolicies.everyNamespacedObject())
                .endMatchConstraints()
                .withMatchConditions(AdmissionPolicies.touchesManaged())
                .withValidations(AdmissionPolicies.protectManaged(bundle.name(), protect))
                .endSpec()
                .build();
        ValidatingAdmissionPolicy tenantPolicy = new ValidatingAdmissionPolicyBuilder()
                .withMetadata(clusterMeta(bundle.name(), version, tenant))
                .withNewSpec()
                .withFailurePolicy("Fail")
                .withNewMatchConstraints()
                .withResourceRules(AdmissionPolicies.networkPolicyRules())
                .endMatchConstraints()
                .withValidations(AdmissionPolicies.tenantNetworkPolicies(bundle, tenant))
                .endSpec()
                .build();
        String bindings = names.get(2);
        ValidatingAdmissionPolicy bindingsPolicy = new ValidatingAdmissionPolicyBuilder()
                .withMetadata(clusterMeta(bundle.name(), version, bindings))
                .withNewSpec()
                .withFailurePolicy("Fail")
                .withNewMatchConstraints()
                .withResourceRules(AdmissionPolicies.roleBindingRules())
                .endMatchConstraints()
                .withValidations(AdmissionPolicies.tenantRoleBindings(bundle.name(), bindings))
                .endSpec()
                .build();
        return List.of(
                protectPolicy,
                isolationBinding(bundle, version, protect),
                tenantPolicy,
                isolationBinding(bundle, version, tenant),
                bindingsPolicy,
                isolationBinding(bundle, version, bindings));
    }

    /** Binds to every namespace of the tier version; no exception takes a namespace out of these. */
    private static ValidatingAdmissionPolicyBinding isolationBinding(TierBundle bundle, int version, String name) {
        Map<String, String> match = new TreeMap<>();
        match.put(TIER_LABEL, bundle.name());
        match.put(TIER_VERSION_LABEL, Integer.toString(version));
        return new ValidatingAdmissionPolicyBindingBuilder()
                .withMetadata(clusterMeta(bundle.name(), version, name))
                .withNewSpec()
                .withPolicyName(name)
                .withValidationActions("Deny")
                .withNewMatchResources()
                .withNewNamespaceSelector()
                .withMatchLabels(match)
                .endNamespaceSelector()
                .endMatchResources()
                .endSpec()
                .build();
    }

    /** The name of the ValidatingAdmissionPolicy (and its binding) of {@code rule} in a tier version. */
    public static String policyName(String tier, int version, AdmissionRule rule) {
        return ObjectNames.policy(tier, version, rule);
    }

    /** All objects as one multi-document YAML stream, in apply order (for previews). */
    public String toYaml(DesiredState state) {
        return state.all().stream().map(TierRenderer::asYaml).collect(Collectors.joining());
    }

    private static String asYaml(HasMetadata o) {
        String yaml = Serialization.asYaml(o);
        String doc = yaml.startsWith("---") ? yaml : "---\n" + yaml;
        return doc.endsWith("\n") ? doc : doc + "\n";
    }

    // ---- labels and metadata ----

    private static Map<String, String> namespaceLabels(NamespaceSpec spec) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(NAMESPACE_LABEL, spec.name());
        labels.put(TEAM_LABEL, spec.team());
        labels.put(TIER_LABEL, spec.tier());
        labels.put(TIER_VERSION_LABEL, Integer.toString(spec.tierVersion()));
        return labels;
    }

    private static ObjectMeta meta(NamespaceSpec spec, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(spec.name())
                .withLabels(namespaceLabels(spec))
                .build();
    }

    private static ObjectMeta clusterMeta(String tier, int version, String name) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(TIER_LABEL, tier);
        labels.put(TIER_VERSION_LABEL, Integer.toString(version));
        return new ObjectMetaBuilder().withName(name).withLabels(labels).build();
    }

    // ---- the namespace and its budget ----

    private static Namespace namespace(
            TierBundle bundle, NamespaceSpec spec, Map<AdmissionRule, List<String>> exempted) {
        PodSecurity psa = bundle.podSecurity();
        Map<String, String> labels = new TreeMap<>(namespaceLabels(spec));
        for (var mode : List.of(
                Map.entry("enforce", enforceLevel(psa, spec)),
                Map.entry("audit", psa.audit()),
                Map.entry("warn", psa.warn()))) {
            labels.put(PSA + mode.getKey(), mode.getValue().label());
            labels.put(PSA + mode.getKey() + "-version", psa.version());
        }
        for (AdmissionRule rule : exempted.keySet()) {
            labels.put(ObjectNames.exemptLabel(rule), exemptionReference(spec, rule));
        }
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(spec.name())
                .withLabels(labels)
                .endMetadata()
                .build();
    }

    private static ResourceQuota quota(NamespaceSpec spec, Map<String, String> hard) {
        return new ResourceQuotaBuilder()
                .withMetadata(meta(spec, QUOTA_NAME))
                .withNewSpec()
                .withHard(quantities(hard))
                .endSpec()
                .build();
    }

    private static LimitRange limitRange(TierBundle bundle, NamespaceSpec spec) {
        TierBundle.LimitRange lr = bundle.limitRange();
        return new LimitRangeBuilder()
                .withMetadata(meta(spec, LIMITS_NAME))
                .withNewSpec()
                .addNewLimit()
                .withType("Container")
                .withDefault(quantities(lr.defaultLimit().asMap()))
                .withDefaultRequest(quantities(lr.defaultRequest().asMap()))
                .withMax(quantities(lr.max().asMap()))
                .endLimit()
                .endSpec()
                .build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> amounts) {
        Map<String, Quantity> q = new LinkedHashMap<>();
        amounts.forEach((k, v) -> q.put(k, new Quantity(v)));
        return q;
    }

    // ---- network ----

    private static List<NetworkPolicy> networkPolicies(TierBundle bundle, NamespaceSpec spec) {
        TierBundle.Network net = bundle.network();
        List<NetworkPolicy> policies = new ArrayList<>();
        policies.add(
                networkPolicy(spec, DEFAULT_DENY, List.of("Ingress", "Egress")).build());
        if (net.allowDns()) {
            NetworkPolicyPeer dns = new NetworkPolicyPeerBuilder()
                    .withNamespaceSelector(selector(Map.of("kubernetes.io/metadata.name", "kube-system")))
                    .withPodSelector(selector(Map.of("k8s-app", "kube-dns")))
                    .build();
            policies.add(networkPolicy(spec, ALLOW_DNS, List.of("Egress"))
                    .editSpec()
                    .addNewEgress()
                    .withTo(dns)
                    .withPorts(port("UDP", 53), port("TCP", 53))
                    .endEgress()
                    .endSpec()
                    .build());
        }
        if (net.allowSameNamespace()) {
            NetworkPolicyPeer samePods =
                    new NetworkPolicyPeerBuilder().withPodSelector(everything()).build();
            policies.add(networkPolicy(spec, ALLOW_SAME_NAMESPACE, List.of("Ingress", "Egress"))
                    .editSpec()
                    .addNewIngress()
                    .withFrom(samePods)
                    .endIngress()
                    .addNewEgress()
                    .withTo(samePods)
                    .endEgress()
                    .endSpec()
                    .build());
        }
        if (net.ingressFromOtherNamespaces()) {
            policies.add(networkPolicy(spec, ALLOW_INGRESS_FROM_CLUSTER, List.of("Ingress"))
                    .editSpec()
                    .addNewIngress()
                    .withFrom(new NetworkPolicyPeerBuilder()
                            .withNamespaceSelector(everything())
                            .build())
                    .endIngress()
                    .endSpec()
                    .build());
        }
        if (!net.egressAllowlistOnly()) {
            policies.add(networkPolicy(spec, ALLOW_EGRESS_TO_CLUSTER, List.of("Egress"))
                    .editSpec()
                    .addNewEgress()
                    .withTo(new NetworkPolicyPeerBuilder()
                            .withNamespaceSelector(everything())
                            .build())
                    .endEgress()
                    .endSpec()
                    .build());
        }
        if (!spec.egress().isEmpty()) {
            List<NetworkPolicyEgressRule> rules = new ArrayList<>();
            for (EgressRule e : spec.egress()) {
                rules.add(new NetworkPolicyEgressRuleBuilder()
                        .addNewTo()
                        .withNewIpBlock()
                        .withCidr(e.cidr())
                        .endIpBlock()
                        .endTo()
                        .withPorts(port(e.protocol(), e.port()))
                        .build());
            }
            policies.add(networkPolicy(spec, ALLOW_EGRESS, List.of("Egress"))
                    .editSpec()
                    .withEgress(rules)
                    .endSpec()
                    .build());
        }
        return policies;
    }

    /** A policy selecting every pod of the namespace, with the given types and no rules yet. */
    private static NetworkPolicyBuilder networkPolicy(NamespaceSpec spec, String name, List<String> types) {
        return new NetworkPolicyBuilder()
                .withMetadata(meta(spec, name))
                .withNewSpec()
                .withPodSelector(everything())
                .withPolicyTypes(types)
                .endSpec();
    }

    private static LabelSelector everything() {
        return new LabelSelectorBuilder().build();
    }

    private static LabelSelector selector(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(new TreeMap<>(labels)).build();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder()
                .withProtocol(protocol)
                .withPort(new IntOrString(port))
                .build();
    }

    // ---- access ----

    private static List<RoleBinding> roleBindings(TierBundle bundle, NamespaceSpec spec) {
        TierBundle.Rbac rbac = bundle.rbac();
        List<RoleBinding> bindings = new ArrayList<>();
        bindings.add(roleBinding(
                spec, "bulkhead-team-" + rbac.teamRole().roleName(), rbac.teamRole(), List.of(spec.teamGroup())));
        if (!rbac.viewerGroups().isEmpty()) {
            bindings.add(roleBinding(spec, VIEWERS_BINDING, ClusterRole.VIEW, rbac.viewerGroups()));
        }
        return bindings;
    }

    /** Binds groups to one of the built-in ClusterRoles; {@link ClusterRole} admits nothing else. */
    private static RoleBinding roleBinding(NamespaceSpec spec, String name, ClusterRole role, List<String> groups) {
        List<Subject> subjects = groups.stream()
                .map(g -> new SubjectBuilder()
                        .withKind("Group")
                        .withApiGroup(RBAC_GROUP)
                        .withName(g)
                        .build())
                .toList();
        return new RoleBindingBuilder()
                .withMetadata(meta(spec, name))
                .withSubjects(subjects)
                .withNewRoleRef()
                .withApiGroup(RBAC_GROUP)
                .withKind("ClusterRole")
                .withName(role.roleName())
                .endRoleRef()
                .build();
    }

    private static ServiceAccount serviceAccount(TierBundle bundle, NamespaceSpec spec) {
        return new ServiceAccountBuilder()
                .withMetadata(meta(spec, "default"))
                .withAutomountServiceAccountToken(bundle.serviceAccount().automountToken())
                .build();
    }

    // ---- exemptions (approved exceptions) ----

    /**
     * The Pod Security enforce level: the tier's, or the most permissive level of a {@code psa-level} exemption
     * when that is lower. Audit and warn always stay at the tier's levels, so violations stay visible.
     */
    private static PodSecurityLevel enforceLevel(PodSecurity psa, NamespaceSpec spec) {
        PodSecurityLevel level = psa.enforce();
        for (Exemption e : spec.exemptions()) {
            if (e.control().equals(Exemption.PSA_LEVEL) && e.value() != null) {
                PodSecurityLevel lowered = PodSecurityLevel.valueOf(e.value().toUpperCase(java.util.Locale.ROOT));
                if (lowered.ordinal() < level.ordinal()) {
                    level = lowered;
                }
            }
        }
        return level;
    }

    /** The tier's preset, or the largest (last in the bundle) preset of a {@code quota} exemption. */
    private static String quotaPresetName(TierBundle bundle, NamespaceSpec spec) {
        List<String> order = List.copyOf(bundle.quotaPresets().keySet());
        String name = spec.quotaPreset();
        for (Exemption e : spec.exemptions()) {
            if (e.control().equals(Exemption.QUOTA) && e.value() != null) {
                if (!order.contains(e.value())) {
                    throw new IllegalArgumentException(
                            "tier " + bundle.name() + " has no quota preset '" + e.value() + "'");
                }
                if (order.indexOf(e.value()) > order.indexOf(name)) {
                    name = e.value();
                }
            }
        }
        return name;
    }

    /**
     * The tier's admission rules that exemptions leave out, each with the workload names it leaves out (empty: the
     * whole namespace). Exemptions for rules the tier does not have are ignored.
     */
    private static Map<AdmissionRule, List<String>> exemptedRules(TierBundle bundle, NamespaceSpec spec) {
        Map<AdmissionRule, List<String>> out = new LinkedHashMap<>();
        for (AdmissionRule rule : bundle.admission()) {
            boolean whole = false;
            TreeSet<String> names = new TreeSet<>();
            boolean any = false;
            for (Exemption e : spec.exemptions()) {
                if (rule.key().equals(e.admissionRule())) {
                    any = true;
                    if (e.workloads().isEmpty()) {
                        whole = true;
                    }
                    for (String n : e.workloads()) {
                        if (!DNS_LABEL.matcher(n).matches()) {
                            throw new IllegalArgumentException("workload name '" + n + "' is not a DNS label");
                        }
                        names.add(n);
                    }
                }
            }
            if (any) {
                out.put(rule, whole ? List.of() : List.copyOf(names));
            }
        }
        return out;
    }

    private static String exemptionReference(NamespaceSpec spec, AdmissionRule rule) {
        return spec.exemptions().stream()
                .filter(e -> rule.key().equals(e.admissionRule()))
                .map(Exemption::reference)
                .filter(r -> LABEL_VALUE.matcher(r).matches())
                .sorted()
                .findFirst()
                .orElse("");
    }

    /** The egress rules of {@code egress} exemptions, in a NetworkPolicy of their own. */
    private static java.util.Optional<NetworkPolicy> exceptionEgress(NamespaceSpec spec) {
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        for (Exemption e : spec.exemptions()) {
            if (e.control().equals(Exemption.EGRESS) && e.value() != null) {
                EgressRule r = parseEgress(e.value());
                rules.add(new NetworkPolicyEgressRuleBuilder()
                        .addNewTo()
                        .withNewIpBlock()
                        .withCidr(r.cidr())
                        .endIpBlock()
                        .endTo()
                        .withPorts(port(r.protocol(), r.port()))
                        .build());
            }
        }
        if (rules.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(networkPolicy(spec, EXCEPTION_EGRESS, List.of("Egress"))
                .editSpec()
                .withEgress(rules)
                .endSpec()
                .build());
    }

    /** Parses {@code <cidr>,<port>,<protocol>} (the value of an {@code egress} exemption). */
    public static EgressRule parseEgress(String value) {
        String[] parts = value.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("egress exemption '" + value + "' is not <cidr>,<port>,<protocol>");
        }
        int port;
        try {
            port = Integer.parseInt(parts[1].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("egress exemption '" + value + "' has no numeric port");
        }
        return new EgressRule(parts[0].strip(), port, parts[2].strip());
    }

    /** The name of a namespace's copy of a rule's policy (and its binding) that leaves out its excepted workloads. */
    public static String exceptionPolicyName(String namespace, AdmissionRule rule) {
        return ObjectNames.exceptionPolicy(namespace, rule);
    }

    private static ObjectMeta exceptionMeta(TierBundle bundle, NamespaceSpec spec, AdmissionRule rule) {
        ObjectMeta meta = clusterMeta(bundle.name(), spec.tierVersion(), exceptionPolicyName(spec.name(), rule));
        meta.getLabels().put(EXCEPTION_NAMESPACE_LABEL, spec.name());
        return meta;
    }

    /**
     * The rule's policy for one namespace whose exempt label takes it out of the shared binding: the same
     * validations, plus a match condition that leaves out exactly the excepted workloads by their own name.
     */
    private static ValidatingAdmissionPolicy exceptionPolicy(
            TierBundle bundle, NamespaceSpec spec, AdmissionRule rule, List<String> workloads) {
        List<io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition> conditions =
                new ArrayList<>(AdmissionPolicies.matchConditions());
        conditions.add(AdmissionPolicies.notExcepted(workloads));
        return new ValidatingAdmissionPolicyBuilder()
                .withMetadata(exceptionMeta(bundle, spec, rule))
                .withNewSpec()
                .withFailurePolicy("Fail")
                .withNewMatchConstraints()
                .withResourceRules(AdmissionPolicies.resourceRules())
                .endMatchConstraints()
                .withMatchConditions(conditions)
                .withVariables(AdmissionPolicies.variables())
                .withValidations(AdmissionPolicies.validations(bundle.name(), rule))
                .endSpec()
                .build();
    }

    /** Binds the copy to the one namespace, by the name label the API server sets (tenants cannot change it). */
    private static ValidatingAdmissionPolicyBinding exceptionBinding(
            TierBundle bundle, NamespaceSpec spec, AdmissionRule rule) {
        return new ValidatingAdmissionPolicyBindingBuilder()
                .withMetadata(exceptionMeta(bundle, spec, rule))
                .withNewSpec()
                .withPolicyName(exceptionPolicyName(spec.name(), rule))
                .withValidationActions("Deny")
                .withNewMatchResources()
                .withNewNamespaceSelector()
                .withMatchLabels(new TreeMap<>(Map.of(NAMESPACE_NAME_LABEL, spec.name())))
                .endNamespaceSelector()
                .endMatchResources()
                .endSpec()
                .build();
    }

    // ---- admission ----

    private static ValidatingAdmissionPolicy policy(TierBundle bundle, int version, AdmissionRule rule) {
        String name = policyName(bundle.name(), version, rule);
        return new ValidatingAdmissionPolicyBuilder()
                .withMetadata(clusterMeta(bundle.name(), version, name))
                .withNewSpec()
                .withFailurePolicy("Fail")
                .withNewMatchConstraints()
                .withResourceRules(AdmissionPolicies.resourceRules())
                .endMatchConstraints()
                .withMatchConditions(AdmissionPolicies.matchConditions())
                .withVariables(AdmissionPolicies.variables())
                .withValidations(AdmissionPolicies.validations(bundle.name(), rule))
                .endSpec()
                .build();
    }

    /** As {@link #isolationBinding}, leaving out the namespaces whose exempt label excepts them from the rule. */
    private static ValidatingAdmissionPolicyBinding binding(TierBundle bundle, int version, AdmissionRule rule) {
        return new ValidatingAdmissionPolicyBindingBuilder(
                        isolationBinding(bundle, version, policyName(bundle.name(), version, rule)))
                .editSpec()
                .editMatchResources()
                .editNamespaceSelector()
                .addNewMatchExpression()
                .withKey(ObjectNames.exemptLabel(rule))
                .withOperator("DoesNotExist")
                .endMatchExpression()
                .endNamespaceSelector()
                .endMatchResources()
                .endSpec()
                .build();
    }
}
