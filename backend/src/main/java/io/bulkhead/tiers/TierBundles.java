package io.bulkhead.tiers;

import io.bulkhead.tiers.TierBundle.AdmissionRule;
import io.bulkhead.tiers.TierBundle.ClusterRole;
import io.bulkhead.tiers.TierBundle.DedicatedNodes;
import io.bulkhead.tiers.TierBundle.Egress;
import io.bulkhead.tiers.TierBundle.Exceptions;
import io.bulkhead.tiers.TierBundle.ImageDigestAndRegistry;
import io.bulkhead.tiers.TierBundle.LimitRange;
import io.bulkhead.tiers.TierBundle.Network;
import io.bulkhead.tiers.TierBundle.PodSecurity;
import io.bulkhead.tiers.TierBundle.PodSecurityLevel;
import io.bulkhead.tiers.TierBundle.PrefixLengths;
import io.bulkhead.tiers.TierBundle.QuotaPreset;
import io.bulkhead.tiers.TierBundle.Rbac;
import io.bulkhead.tiers.TierBundle.ReadOnlyRootFilesystem;
import io.bulkhead.tiers.TierBundle.RequireRuntimeClass;
import io.bulkhead.tiers.TierBundle.ResourceLimits;
import io.bulkhead.tiers.TierBundle.Resources;
import io.bulkhead.tiers.TierBundle.Review;
import io.bulkhead.tiers.TierBundle.ServiceAccount;
import io.bulkhead.tiers.TierBundle.TenantNetworkPolicies;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parses and validates tier bundle YAML (the files under {@code k8s/tiers/}). Strict: unknown keys, missing keys,
 * wrong types and values outside what the renderer and Kubernetes accept are rejected with an
 * {@link IllegalArgumentException} whose message names the key path and what is wrong, e.g. {@code tier bundle
 * 'sandboxed': quotaPresets.S.requests.cpu: '2x' is not a Kubernetes quantity}.
 */
public final class TierBundles {

    /** The admission rule keys of the fixed catalog, in catalog (and rendering) order. */
    public static final List<String> ADMISSION_CATALOG = List.of(
            RequireRuntimeClass.KEY,
            ImageDigestAndRegistry.KEY,
            ReadOnlyRootFilesystem.KEY,
            ResourceLimits.KEY,
            DedicatedNodes.KEY);

    /** Kubernetes quantity: a non-negative decimal with an optional binary, decimal or exponent suffix. */
    static final Pattern QUANTITY =
            Pattern.compile("^(\\d+(?:\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|[numkMGTPE]|[KMGTPE]i)?$");

    private static final Pattern TIER_NAME = Pattern.compile("^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$");
    private static final Pattern PRESET_NAME = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9-]{0,14}[A-Za-z0-9])?$");
    private static final Pattern PSA_VERSION = Pattern.compile("^(latest|v1\\.(0|[1-9][0-9]{0,2}))$");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern QUALIFIED_LABEL_KEY = Pattern.compile(
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
    private static final Pattern REGISTRY = Pattern.compile(
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*$");
    private static final Pattern GROUP_NAME = Pattern.compile("^[^\\s,'\"\\\\]{1,253}$");

    private static final Set<String> TOP_LEVEL_KEYS = Set.of(
            "name",
            "title",
            "sortOrder",
            "summary",
            "podSecurity",
            "quotaPresets",
            "defaultQuotaPreset",
            "limitRange",
            "network",
            "rbac",
            "serviceAccount",
            "admission",
            "exceptions",
            "review");

    /** Top-level keys a bundle may leave out (versions published before they existed); see the defaults below. */
    private static final Set<String> OPTIONAL_TOP_LEVEL_KEYS = Set.of("egress");

    /**
     * The egress policy of a bundle without {@code egress}: nothing approved automatically, nothing refused (every
     * entry is reviewed).
     */
    static final Egress NO_AUTO_EGRESS = new Egress(List.of(), new PrefixLengths(32, 128), new PrefixLengths(0, 0));

    private TierBundles() {}

    /**
     * Parses and validates one tier bundle.
     *
     * @throws IllegalArgumentException if the YAML is malformed or any value is missing or invalid; the message
     *     names the tier, the key path and the problem
     */
    public static TierBundle parse(String yaml) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("tier bundle: not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("tier bundle: the document must be a mapping");
        }
        String tier = root instanceof Map<?, ?> m && m.get("name") instanceof String s ? s : "?";
        try {
            return new Node("", root).bundle();
        } catch (Invalid e) {
            throw new IllegalArgumentException("tier bundle '" + tier + "': " + e.getMessage());
        }
    }

    /** Whether {@code s} is a (non-negative) Kubernetes quantity such as {@code 500m}, {@code 4Gi} or {@code 2}. */
    public static boolean isQuantity(String s) {
        return QUANTITY.matcher(s).matches();
    }

    /** The value of a quantity accepted by {@link #isQuantity(String)}. */
    public static BigDecimal quantityValue(String s) {
        Matcher m = QUANTITY.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + s);
        }
        BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        String suffix = m.group(2);
        if (suffix == null) {
            return number;
        }
        if (suffix.startsWith("e") || suffix.startsWith("E")) {
            return number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        }
        if (suffix.endsWith("i")) {
            int power = "KMGTPE".indexOf(suffix.charAt(0)) + 1;
            return number.multiply(new BigDecimal(BigInteger.TWO.pow(10 * power)));
        }
        int exponent = switch (suffix) {
            case "n" -> -9;
            case "u" -> -6;
            case "m" -> -3;
            case "k" -> 3;
            case "M" -> 6;
            case "G" -> 9;
            case "T" -> 12;
            case "P" -> 15;
            default -> 18; // E
        };
        return number.scaleByPowerOfTen(exponent);
    }

    /** A validation failure at a key path; turned into the public IllegalArgumentException by parse. */
    private static final class Invalid extends RuntimeException {
        Invalid(String path, String problem) {
            super((path.isEmpty() ? "" : path + ": ") + problem, null, false, false);
        }
    }

    /** A value of the YAML tree and its key path (e.g. {@code quotaPresets.S.pods}). */
    private record Node(String path, @Nullable Object value) {

        Node child(String key) {
            return new Node(path.isEmpty() ? key : path + "." + key, map().get(key));
        }

        Invalid invalid(String problem) {
            return new Invalid(path, problem);
        }

        boolean present() {
            return value != null;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map() {
            if (value instanceof Map<?, ?> m) {
                for (Object k : m.keySet()) {
                    if (!(k instanceof String)) {
                        throw invalid("keys must be strings, found " + k);
                    }
                }
                return (Map<String, Object>) m;
            }
            throw invalid(value == null ? "is missing" : "must be a mapping, found " + describe(value));
        }

        /** This mapping, checked to have exactly the required keys and some of the optional ones. */
        Node keys(Set<String> required, Set<String> optional) {
            Map<String, Object> m = map();
            List<String> unknown = m.keySet().stream()
                    .filter(k -> !required.contains(k) && !optional.contains(k))
                    .sorted()
                    .toList();
            if (!unknown.isEmpty()) {
                throw invalid("unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                        + " (allowed: " + sortedJoin(union(required, optional)) + ")");
            }
            for (String k : required.stream().sorted().toList()) {
                if (m.get(k) == null) {
                    throw child(k).invalid("is missing");
                }
            }
            return this;
        }

        Node keys(String... required) {
            return keys(Set.of(required), Set.of());
        }

        String string() {
            if (value instanceof String s) {
                return s;
            }
            throw invalid(value == null ? "is missing" : "must be a string, found " + describe(value));
        }

        String nonBlank() {
            String s = string();
            if (s.isBlank()) {
                throw invalid("must not be blank");
            }
            return s.strip();
        }

        String matching(Pattern pattern, String what) {
            String s = string();
            if (!pattern.matcher(s).matches()) {
                throw invalid("'" + s + "' is not " + what);
            }
            return s;
        }

        boolean bool() {
            if (value instanceof Boolean b) {
                return b;
            }
            throw invalid(value == null ? "is missing" : "must be true or false, found " + describe(value));
        }

        int integer(int min, int max) {
            if (!(value instanceof Integer i)) {
                throw invalid(value == null ? "is missing" : "must be an integer, found " + describe(value));
            }
            if (i < min || i > max) {
                throw invalid("must be between " + min + " and " + max + ", found " + i);
            }
            return i;
        }

        String quantity() {
            String s = switch (value) {
                case String str -> str;
                case Integer i -> i.toString();
                case Long l -> l.toString();
                case BigInteger b -> b.toString();
                case null -> throw invalid("is missing");
                default ->
                    throw invalid(
                            "must be a Kubernetes quantity such as 500m or 4Gi (quote it), found " + describe(value));
            };
            if (!isQuantity(s)) {
                throw invalid("'" + s + "' is not a Kubernetes quantity (e.g. 500m, 2, 512Mi, 4Gi)");
            }
            return s;
        }

        List<Node> list() {
            if (value instanceof List<?> l) {
                List<Node> nodes = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    nodes.add(new Node(path + "[" + i + "]", l.get(i)));
                }
                return nodes;
            }
            throw invalid(value == null ? "is missing" : "must be a list, found " + describe(value));
        }

        List<String> distinctStrings(Pattern pattern, String what, boolean allowEmpty) {
            List<String> out = new ArrayList<>();
            for (Node n : list()) {
                String s = n.matching(pattern, what);
                if (out.contains(s)) {
                    throw n.invalid("'" + s + "' is listed twice");
                }
                out.add(s);
            }
            if (out.isEmpty() && !allowEmpty) {
                throw invalid("must list at least one entry");
            }
            return out;
        }

        <E extends Enum<E>> E oneOf(Class<E> type) {
            String s = string();
            for (E e : type.getEnumConstants()) {
                if (e.name().toLowerCase(Locale.ROOT).equals(s)) {
                    return e;
                }
            }
            throw invalid("'" + s + "' is not one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(e -> e.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")));
        }

        // ---- the bundle ----

        TierBundle bundle() {
            keys(TOP_LEVEL_KEYS, OPTIONAL_TOP_LEVEL_KEYS);
            QuotaPresets presets = child("quotaPresets").quotaPresets();
            Node defaultPreset = child("defaultQuotaPreset");
            String defaultName = defaultPreset.string();
            if (!presets.presets().containsKey(defaultName)) {
                throw defaultPreset.invalid("'" + defaultName + "' is not one of the quotaPresets ("
                        + String.join(", ", presets.presets().keySet()) + ")");
            }
            return new TierBundle(
                    child("name").matching(TIER_NAME, "a tier name (lowercase DNS label, at most 32 characters)"),
                    child("title").nonBlank(),
                    child("sortOrder").integer(0, 1000),
                    child("summary").nonBlank(),
                    child("podSecurity").podSecurity(),
                    presets.presets(),
                    defaultName,
                    child("limitRange").limitRange(),
                    child("network").network(),
                    child("rbac").rbac(),
                    child("serviceAccount").serviceAccount(),
                    child("admission").admission(),
                    child("exceptions").exceptions(),
                    child("review").review(),
                    child("egress").present() ? child("egress").egress() : NO_AUTO_EGRESS);
        }

        PodSecurity podSecurity() {
            keys("enforce", "audit", "warn", "version");
            return new PodSecurity(
                    child("enforce").oneOf(PodSecurityLevel.class),
                    child("audit").oneOf(PodSecurityLevel.class),
                    child("warn").oneOf(PodSecurityLevel.class),
                    child("version").matching(PSA_VERSION, "a Pod Security version (latest or v1.N)"));
        }

        record QuotaPresets(Map<String, QuotaPreset> presets) {}

        QuotaPresets quotaPresets() {
            Map<String, QuotaPreset> presets = new LinkedHashMap<>();
            for (String name : map().keySet()) {
                if (!PRESET_NAME.matcher(name).matches()) {
                    throw invalid("'" + name + "' is not a preset name (letters, digits and '-', at most 16)");
                }
                presets.put(name, child(name).quotaPreset());
            }
            if (presets.isEmpty()) {
                throw invalid("must define at least one preset");
            }
            return new QuotaPresets(presets);
        }

        QuotaPreset quotaPreset() {
            keys(
                    "requests.cpu",
                    "requests.memory",
                    "limits.cpu",
                    "limits.memory",
                    "pods",
                    "persistentvolumeclaims",
                    "services.loadbalancers",
                    "services.nodeports");
            QuotaPreset q = new QuotaPreset(
                    child("requests.cpu").quantity(),
                    child("requests.memory").quantity(),
                    child("limits.cpu").quantity(),
                    child("limits.memory").quantity(),
                    child("pods").integer(1, 100_000),
                    child("persistentvolumeclaims").integer(0, 100_000),
                    child("services.loadbalancers").integer(0, 1_000),
                    child("services.nodeports").integer(0, 1_000));
            notAbove("requests.cpu", q.requestsCpu(), "limits.cpu", q.limitsCpu());
            notAbove("requests.memory", q.requestsMemory(), "limits.memory", q.limitsMemory());
            return q;
        }

        void notAbove(String lowKey, String low, String highKey, String high) {
            if (quantityValue(low).compareTo(quantityValue(high)) > 0) {
                throw child(lowKey).invalid("'" + low + "' must not exceed " + highKey + " '" + high + "'");
            }
        }

        LimitRange limitRange() {
            Node c = keys("container").child("container").keys("default", "defaultRequest", "max");
            Resources dflt = c.child("default").resources();
            Resources request = c.child("defaultRequest").resources();
            Resources max = c.child("max").resources();
            c.child("defaultRequest").notAbove("cpu", request.cpu(), "default.cpu", dflt.cpu());
            c.child("defaultRequest").notAbove("memory", request.memory(), "default.memory", dflt.memory());
            c.child("default").notAbove("cpu", dflt.cpu(), "max.cpu", max.cpu());
            c.child("default").notAbove("memory", dflt.memory(), "max.memory", max.memory());
            return new LimitRange(dflt, request, max);
        }

        Resources resources() {
            keys("cpu", "memory");
            return new Resources(child("cpu").quantity(), child("memory").quantity());
        }

        Network network() {
            keys(
                    Set.of("ingressFromOtherNamespaces", "egressAllowlistOnly", "allowDns", "allowSameNamespace"),
                    Set.of("tenantPolicies"));
            Node tenant = child("tenantPolicies");
            return new Network(
                    child("ingressFromOtherNamespaces").bool(),
                    child("egressAllowlistOnly").bool(),
                    child("allowDns").bool(),
                    child("allowSameNamespace").bool(),
                    // versions published before the key existed: tenants may still add what the tier allows anyway
                    tenant.present() ? tenant.tenantPolicies() : TenantNetworkPolicies.WITHIN_TIER);
        }

        TenantNetworkPolicies tenantPolicies() {
            String s = string();
            for (TenantNetworkPolicies t : TenantNetworkPolicies.values()) {
                if (t.key().equals(s)) {
                    return t;
                }
            }
            throw invalid("'" + s + "' is not one of "
                    + Arrays.stream(TenantNetworkPolicies.values())
                            .map(TenantNetworkPolicies::key)
                            .collect(Collectors.joining(", ")));
        }

        Egress egress() {
            keys(Set.of("autoApprove", "refuseWiderThan"), Set.of());
            Node auto = child("autoApprove").keys("within", "widest");
            List<String> within = new ArrayList<>();
            for (Node n : auto.child("within").list()) {
                String cidr = n.string().strip();
                String problem = EgressPolicy.cidrProblem(cidr);
                if (problem != null) {
                    throw n.invalid(problem);
                }
                var network = EgressPolicy.parse(cidr);
                int floor = network.isIPv6() ? EgressPolicy.WIDEST_AUTO_IPV6 : EgressPolicy.WIDEST_AUTO_IPV4;
                if (network.getNetworkPrefixLength() < floor) {
                    throw n.invalid("'" + cidr + "' is wider than /" + floor
                            + ", the widest range that may be approved automatically");
                }
                String canonical = network.toCanonicalString();
                if (within.contains(canonical)) {
                    throw n.invalid("'" + cidr + "' is listed twice");
                }
                within.add(canonical);
            }
            Node widestNode = auto.child("widest").keys("ipv4", "ipv6");
            PrefixLengths widest = new PrefixLengths(
                    widestNode.child("ipv4").integer(EgressPolicy.WIDEST_AUTO_IPV4, 32),
                    widestNode.child("ipv6").integer(EgressPolicy.WIDEST_AUTO_IPV6, 128));
            Node refuseNode = child("refuseWiderThan").keys("ipv4", "ipv6");
            PrefixLengths refuse = new PrefixLengths(
                    refuseNode.child("ipv4").integer(0, 32),
                    refuseNode.child("ipv6").integer(0, 128));
            if (refuse.ipv4() > widest.ipv4()) {
                throw refuseNode
                        .child("ipv4")
                        .invalid("must not exceed autoApprove.widest.ipv4 (" + widest.ipv4()
                                + "): what is approved automatically cannot also be refused");
            }
            if (refuse.ipv6() > widest.ipv6()) {
                throw refuseNode
                        .child("ipv6")
                        .invalid("must not exceed autoApprove.widest.ipv6 (" + widest.ipv6()
                                + "): what is approved automatically cannot also be refused");
            }
            return new Egress(within, widest, refuse);
        }

        Rbac rbac() {
            keys(Set.of("teamRole"), Set.of("viewerGroups"));
            Node role = child("teamRole");
            ClusterRole teamRole = role.oneOf(ClusterRole.class);
            Node viewers = child("viewerGroups");
            List<String> viewerGroups = viewers.present()
                    ? viewers.distinctStrings(GROUP_NAME, "a group name (no spaces, commas or quotes)", true)
                    : List.of();
            return new Rbac(teamRole, viewerGroups);
        }

        ServiceAccount serviceAccount() {
            keys("automountToken");
            return new ServiceAccount(child("automountToken").bool());
        }

        Exceptions exceptions() {
            keys("maxDays", "approvalsRequired");
            return new Exceptions(
                    child("maxDays").integer(1, 365), child("approvalsRequired").integer(1, 2));
        }

        Review review() {
            keys("autoApproveDefaultQuota");
            return new Review(child("autoApproveDefaultQuota").bool());
        }

        List<AdmissionRule> admission() {
            Map<String, AdmissionRule> rules = new LinkedHashMap<>();
            for (Node entry : list()) {
                String key;
                Node params;
                if (entry.value() instanceof String s) {
                    key = s;
                    params = new Node(entry.path() + "." + s, null);
                } else if (entry.value() instanceof Map<?, ?> m && m.size() == 1) {
                    key = String.valueOf(m.keySet().iterator().next());
                    params = entry.child(key);
                } else {
                    throw entry.invalid("must be a rule name or a mapping with exactly one rule name as key (one of "
                            + String.join(", ", ADMISSION_CATALOG) + ")");
                }
                if (!ADMISSION_CATALOG.contains(key)) {
                    throw entry.invalid("unknown admission rule '" + key + "' (the catalog has "
                            + String.join(", ", ADMISSION_CATALOG) + ")");
                }
                if (rules.containsKey(key)) {
                    throw entry.invalid("admission rule '" + key + "' is listed twice");
                }
                rules.put(key, params.rule(key));
            }
            return rules.values().stream()
                    .sorted(Comparator.comparingInt(r -> ADMISSION_CATALOG.indexOf(r.key())))
                    .toList();
        }

        AdmissionRule rule(String key) {
            return switch (key) {
                case RequireRuntimeClass.KEY -> {
                    keys("allowed");
                    yield new RequireRuntimeClass(
                            child("allowed").distinctStrings(DNS_SUBDOMAIN, "a RuntimeClass name", false));
                }
                case ImageDigestAndRegistry.KEY -> {
                    keys("registries");
                    yield new ImageDigestAndRegistry(child("registries")
                            .distinctStrings(
                                    REGISTRY,
                                    "a registry prefix host[:port][/path] (no scheme, no trailing /)",
                                    false));
                }
                case ReadOnlyRootFilesystem.KEY -> {
                    noParams();
                    yield new ReadOnlyRootFilesystem();
                }
                case ResourceLimits.KEY -> {
                    noParams();
                    yield new ResourceLimits();
                }
                case DedicatedNodes.KEY -> {
                    keys("nodeSelectorKey", "tolerationKey");
                    yield new DedicatedNodes(
                            child("nodeSelectorKey").matching(QUALIFIED_LABEL_KEY, "a label key"),
                            child("tolerationKey").matching(QUALIFIED_LABEL_KEY, "a taint key"));
                }
                default -> throw invalid("unknown admission rule '" + key + "'");
            };
        }

        void noParams() {
            if (value != null && !(value instanceof Map<?, ?> m && m.isEmpty())) {
                throw invalid("takes no parameters");
            }
        }
    }

    private static String describe(Object value) {
        return switch (value) {
            case Map<?, ?> m -> "a mapping";
            case List<?> l -> "a list";
            case String s -> "'" + s + "'";
            default -> String.valueOf(value);
        };
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static String sortedJoin(Set<String> keys) {
        return keys.stream().sorted().collect(Collectors.joining(", "));
    }
}
