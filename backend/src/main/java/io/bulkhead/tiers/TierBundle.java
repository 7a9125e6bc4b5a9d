package io.bulkhead.tiers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a tier as data: the parsed and validated content of a {@code k8s/tiers/<name>.yaml} bundle. Build
 * it with {@link TierBundles#parse(String)}; every field has been checked there, so consumers (the renderer, the
 * exception workflow, the request form) can rely on it.
 *
 * @param quotaPresets ResourceQuota presets in the order of the file (e.g. S, M, L)
 * @param admission ValidatingAdmissionPolicy rules from the fixed catalog, in catalog order, each at most once
 */
public record TierBundle(
        String name,
        String title,
        int sortOrder,
        String summary,
        PodSecurity podSecurity,
        Map<String, QuotaPreset> quotaPresets,
        String defaultQuotaPreset,
        LimitRange limitRange,
        Network network,
        Rbac rbac,
        ServiceAccount serviceAccount,
        List<AdmissionRule> admission,
        Exceptions exceptions,
        Review review,
        Egress egress) {

    public TierBundle {
        quotaPresets = Collections.unmodifiableMap(new LinkedHashMap<>(quotaPresets));
        admission = List.copyOf(admission);
    }

    /** The preset of that name, if the tier has it. */
    public Optional<QuotaPreset> quotaPreset(String presetName) {
        return Optional.ofNullable(quotaPresets.get(presetName));
    }

    /**
     * How an egress allowlist entry (of a namespace request or an exception) to {@code cidr} is decided under this
     * tier: approved automatically, sent to review, or refused; see {@link EgressPolicy}.
     *
     * @param cidr a valid network in CIDR notation (as {@code EgressRule} accepts)
     */
    public EgressPolicy.Verdict classifyEgress(String cidr) {
        return EgressPolicy.classify(this, cidr);
    }

    /** The admission rule of that type, if the tier has it. */
    public <R extends AdmissionRule> Optional<R> admissionRule(Class<R> type) {
        return admission.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** A Pod Security Admission level. */
    public enum PodSecurityLevel {
        PRIVILEGED,
        BASELINE,
        RESTRICTED;

        /** The value of the {@code pod-security.kubernetes.io/*} label. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Pod Security Admission: levels for the three modes and the policy version ({@code latest} or {@code v1.N}). */
    public record PodSecurity(
            PodSecurityLevel enforce, PodSecurityLevel audit, PodSecurityLevel warn, String version) {}

    /**
     * A ResourceQuota preset. Quantities are Kubernetes quantity strings (validated); counts are object counts.
     */
    public record QuotaPreset(
            String requestsCpu,
            String requestsMemory,
            String limitsCpu,
            String limitsMemory,
            int pods,
            int persistentVolumeClaims,
            int servicesLoadBalancers,
            int servicesNodePorts) {

        /** The {@code spec.hard} entries of the ResourceQuota, in a fixed order. */
        public Map<String, String> hard() {
            Map<String, String> hard = new LinkedHashMap<>();
            hard.put("requests.cpu", requestsCpu);
            hard.put("requests.memory", requestsMemory);
            hard.put("limits.cpu", limitsCpu);
            hard.put("limits.memory", limitsMemory);
            hard.put("pods", Integer.toString(pods));
            hard.put("persistentvolumeclaims", Integer.toString(persistentVolumeClaims));
            hard.put("services.loadbalancers", Integer.toString(servicesLoadBalancers));
            hard.put("services.nodeports", Integer.toString(servicesNodePorts));
            return Collections.unmodifiableMap(hard);
        }
    }

    /** CPU and memory amounts (Kubernetes quantity strings). */
    public record Resources(String cpu, String memory) {

        /** As a LimitRange/ResourceRequirements map, in a fixed order. */
        public Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("cpu", cpu);
            m.put("memory", memory);
            return Collections.unmodifiableMap(m);
        }
    }

    /** LimitRange for containers; {@code defaultRequest <= defaultLimit <= max} holds. */
    public record LimitRange(Resources defaultLimit, Resources defaultRequest, Resources max) {}

    /**
     * NetworkPolicy shape. Ingress and egress are denied by default; each flag opens one thing.
     *
     * @param ingressFromOtherNamespaces pods of any namespace of the cluster may connect in
     * @param egressAllowlistOnly when false, egress to pods of any namespace of the cluster is also allowed
     * @param allowDns egress to kube-dns on UDP/TCP 53
     * @param allowSameNamespace traffic between the pods of the namespace
     * @param tenantPolicies which NetworkPolicies the team itself may create or change in its namespaces
     */
    public record Network(
            boolean ingressFromOtherNamespaces,
            boolean egressAllowlistOnly,
            boolean allowDns,
            boolean allowSameNamespace,
            TenantNetworkPolicies tenantPolicies) {

        /**
         * Whether an ingress ({@code ingress}) or egress rule peer of this kind, in a NetworkPolicy the team made,
         * opens nothing the tier does not already open. The admission policy ({@code withinTier}) and the compliance
         * control on team-made policies both decide by this.
         */
        public boolean alreadyAllows(boolean ingress, Peer peer) {
            return switch (peer) {
                case ANYWHERE, IP_BLOCK -> false;
                case SAME_NAMESPACE -> allowSameNamespace;
                case OTHER_NAMESPACES -> ingress ? ingressFromOtherNamespaces : !egressAllowlistOnly;
            };
        }
    }

    /** What one peer of a NetworkPolicy rule lets in (ingress) or out (egress). */
    public enum Peer {
        /** A rule without peers: every source or destination, inside the cluster or not. */
        ANYWHERE,
        /** An {@code ipBlock}: addresses, in practice outside the cluster. */
        IP_BLOCK,
        /** A {@code podSelector} alone: pods of the policy's own namespace. */
        SAME_NAMESPACE,
        /** A {@code namespaceSelector} (with or without {@code podSelector}): pods of other namespaces. */
        OTHER_NAMESPACES
    }

    /**
     * Which NetworkPolicies a team may create or change itself (Bulkhead's own are never theirs to change). Enforced
     * by a ValidatingAdmissionPolicy of the tier; NetworkPolicies only add to what is allowed, so a tenant policy can
     * never restrict further than default-deny, only open.
     */
    public enum TenantNetworkPolicies {
        /** None at all ({@code none}). */
        NONE("none"),
        /**
         * Only policies that open nothing the tier does not already open ({@code withinTier}): every ingress and
         * egress rule names at least one peer, no peer is an {@code ipBlock}, a peer without
         * {@code namespaceSelector} (pods of the same namespace) only where the tier has {@code allowSameNamespace},
         * a peer with {@code namespaceSelector} (other namespaces) only for ingress where the tier has
         * {@code ingressFromOtherNamespaces} and for egress where {@code egressAllowlistOnly} is false.
         */
        WITHIN_TIER("withinTier");

        private final String key;

        TenantNetworkPolicies(String key) {
            this.key = key;
        }

        /** The value in the bundle YAML. */
        public String key() {
            return key;
        }
    }

    /** Prefix lengths, one per IP family. */
    public record PrefixLengths(int ipv4, int ipv6) {

        /** The one for {@code ipv6} or IPv4. */
        public int of(boolean ipv6) {
            return ipv6 ? this.ipv6 : ipv4;
        }
    }

    /**
     * What egress allowlist entries the tier approves without a reviewer, and which it refuses outright. An entry is
     * approved automatically when its network lies inside one of {@code autoApproveWithin} and its prefix is at
     * least {@code autoApproveWidest} long; it is refused when its prefix is shorter than {@code refuseWiderThan};
     * anything else goes to review. {@code 0.0.0.0/0} and {@code ::/0} are never approved automatically, whatever
     * the data says (the parser also keeps ranges and widths at /8 for IPv4 and /7 for IPv6 or narrower).
     *
     * @param autoApproveWithin CIDR ranges (canonical text, no host bits), e.g. the RFC 1918 ranges and fc00::/7
     */
    public record Egress(
            List<String> autoApproveWithin, PrefixLengths autoApproveWidest, PrefixLengths refuseWiderThan) {
        public Egress {
            autoApproveWithin = List.copyOf(autoApproveWithin);
        }
    }

    /** The only ClusterRoles a tier may bind: the built-in user-facing roles. */
    public enum ClusterRole {
        ADMIN,
        EDIT,
        VIEW;

        /** The ClusterRole's name in the cluster. */
        public String roleName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * RoleBindings: the team's group gets {@code teamRole}; {@code viewerGroups} get {@link ClusterRole#VIEW}.
     */
    public record Rbac(ClusterRole teamRole, List<String> viewerGroups) {
        public Rbac {
            viewerGroups = List.copyOf(viewerGroups);
        }
    }

    /** The namespace's {@code default} ServiceAccount. */
    public record ServiceAccount(boolean automountToken) {}

    /** Exception requests: longest duration and number of distinct approvals (1 or 2). */
    public record Exceptions(int maxDays, int approvalsRequired) {}

    /** Namespace request review: whether a request with the default quota preset is approved without a reviewer. */
    public record Review(boolean autoApproveDefaultQuota) {}

    /**
     * A rule of the fixed admission catalog, enforced by a ValidatingAdmissionPolicy on Pods and on the pod templates
     * of Deployments, StatefulSets, DaemonSets, Jobs and CronJobs.
     */
    public sealed interface AdmissionRule
            permits RequireRuntimeClass,
                    ImageDigestAndRegistry,
                    ReadOnlyRootFilesystem,
                    ResourceLimits,
                    DedicatedNodes {

        /** The rule's key in the bundle YAML, e.g. {@code requireRuntimeClass}. */
        String key();

        /** The key in kebab case, e.g. {@code require-runtime-class}; part of the policy name. */
        default String kebab() {
            return key().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }
    }

    /** Pods must set {@code runtimeClassName} to one of {@code allowed} (e.g. gvisor, kata). */
    public record RequireRuntimeClass(List<String> allowed) implements AdmissionRule {
        public static final String KEY = "requireRuntimeClass";

        public RequireRuntimeClass {
            allowed = List.copyOf(allowed);
        }

        @Override
        public String key() {
            return KEY;
        }
    }

    /**
     * Every container image must be pinned by digest ({@code @sha256:<64 hex>}) and start with
     * {@code <registry>/} for one of {@code registries} ({@code host[:port][/path]}).
     */
    public record ImageDigestAndRegistry(List<String> registries) implements AdmissionRule {
        public static final String KEY = "imageDigestAndRegistry";

        public ImageDigestAndRegistry {
            registries = List.copyOf(registries);
        }

        @Override
        public String key() {
            return KEY;
        }
    }

    /** Every container must set {@code securityContext.readOnlyRootFilesystem: true}. */
    public record ReadOnlyRootFilesystem() implements AdmissionRule {
        public static final String KEY = "readOnlyRootFilesystem";

        @Override
        public String key() {
            return KEY;
        }
    }

    /** Every container must set CPU and memory limits. */
    public record ResourceLimits() implements AdmissionRule {
        public static final String KEY = "resourceLimits";

        @Override
        public String key() {
            return KEY;
        }
    }

    /**
     * Pods must select dedicated nodes: a non-empty {@code nodeSelector[nodeSelectorKey]} and a toleration for the
     * taint {@code tolerationKey}.
     */
    public record DedicatedNodes(String nodeSelectorKey, String tolerationKey) implements AdmissionRule {
        public static final String KEY = "dedicatedNodes";

        @Override
        public String key() {
            return KEY;
        }
    }
}
