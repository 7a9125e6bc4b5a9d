package io.bulkhead.provisioning;

import io.bulkhead.provisioning.internal.Quantities;
import io.bulkhead.tiers.TierBundle;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Custom quota values: a namespace's ResourceQuota given resource by resource instead of as one of its tier's
 * presets. They are kept where the preset name is ({@link ManagedNamespace#quotaPreset()}) in one canonical text,
 * {@code custom:requests.cpu=3,requests.memory=6Gi,...} (every resource of {@link #RESOURCES} that has a value, in
 * that order), so that the record, the change history and the audit trail carry them without a second field.
 */
public final class QuotaValues {
    /** How the preset field marks custom values. */
    public static final String PREFIX = "custom:";

    /** The resources a custom quota may set, in the order they are kept and shown. */
    public static final List<String> RESOURCES = List.of(
            "requests.cpu",
            "requests.memory",
            "limits.cpu",
            "limits.memory",
            "requests.storage",
            "pods",
            "persistentvolumeclaims",
            "services.loadbalancers",
            "services.nodeports");

    /** The resources counted in objects (whole numbers), not in amounts. */
    public static final Set<String> COUNTS =
            Set.of("pods", "persistentvolumeclaims", "services.loadbalancers", "services.nodeports");

    private static final int MAX_VALUE = 40;

    private QuotaValues() {}

    /** The preset field holds custom values. */
    public static boolean isCustom(String preset) {
        return preset != null && preset.startsWith(PREFIX);
    }

    /** The custom values of a preset field (empty map when it names a preset). */
    public static Map<String, String> parse(String preset) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!isCustom(preset)) {
            return out;
        }
        for (String pair : preset.substring(PREFIX.length()).split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    /** The canonical preset-field text of valid values ({@link #validate} first). */
    public static String encode(Map<String, String> values) {
        List<String> pairs = new ArrayList<>();
        for (String r : RESOURCES) {
            String v = values.get(r);
            if (v != null) {
                pairs.add(r + "=" + v.strip());
            }
        }
        return PREFIX + String.join(",", pairs);
    }

    /**
     * Field ({@code quota.<resource>}) → message for every value that is not a valid, non-negative Kubernetes
     * quantity (or whole number, for the object counts), or for a resource a quota cannot hold here.
     */
    public static Map<String, String> validate(Map<String, String> values) {
        Map<String, String> errors = new LinkedHashMap<>();
        values.forEach((resource, value) -> {
            String field = "quota." + resource;
            if (!RESOURCES.contains(resource)) {
                errors.put(field, "Not a resource a Bulkhead quota sets; use one of " + RESOURCES + ".");
                return;
            }
            String v = value == null ? "" : value.strip();
            if (v.isEmpty()) {
                errors.put(field, "Enter a value.");
            } else if (v.length() > MAX_VALUE) {
                errors.put(field, "At most " + MAX_VALUE + " characters.");
            } else if (COUNTS.contains(resource)) {
                if (!v.matches("^[0-9]{1,6}$")) {
                    errors.put(field, "Enter a whole number of objects (0–999999), e.g. 20.");
                }
            } else {
                try {
                    if (Quantities.amount(v).signum() < 0) {
                        errors.put(field, "Must not be negative.");
                    }
                } catch (IllegalArgumentException e) {
                    errors.put(
                            field,
                            "'" + v + "' is not a Kubernetes quantity; write e.g. "
                                    + (resource.endsWith("cpu") ? "2 or 500m" : "8Gi or 512Mi") + ".");
                }
            }
        });
        return errors;
    }

    /** The amount of a quantity (cores, bytes or objects); throws {@link IllegalArgumentException} when invalid. */
    public static BigDecimal amount(String quantity) {
        return Quantities.amount(quantity);
    }

    /** The ResourceQuota {@code spec.hard} a preset field stands for in the tier version (empty: unknown preset). */
    public static Optional<Map<String, String>> hard(TierBundle bundle, String preset) {
        if (isCustom(preset)) {
            return Optional.of(parse(preset));
        }
        return bundle.quotaPreset(preset).map(TierBundle.QuotaPreset::hard);
    }

    /** For people: the preset's name, or "custom (requests.cpu 3, requests.memory 6Gi, …)". */
    public static String label(String preset) {
        if (!isCustom(preset)) {
            return preset;
        }
        List<String> parts = new ArrayList<>();
        parse(preset).forEach((r, v) -> parts.add(r + " " + v));
        return "custom (" + String.join(", ", parts) + ")";
    }
}
