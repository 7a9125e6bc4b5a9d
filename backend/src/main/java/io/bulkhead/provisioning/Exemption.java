package io.bulkhead.provisioning;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One approved, active hole in a namespace's tier, as the renderer applies it. Only the exceptions feature creates
 * these (through {@link ExemptionSource}); nothing a tenant can edit in the cluster produces one.
 *
 * @param control the control of the catalog: {@value #PSA_LEVEL}, {@value #EGRESS}, {@value #QUOTA} or
 *     {@code admission:<rule-key>} (e.g. {@code admission:requireRuntimeClass})
 * @param value for {@value #PSA_LEVEL} the enforce level ({@code baseline} or {@code privileged}); for
 *     {@value #EGRESS} one rule as {@code <cidr>,<port>,<protocol>}; for {@value #QUOTA} the preset name; null for
 *     admission rules
 * @param reference a short, label-safe reference of the exception (its id prefix), shown on the objects it changes
 * @param workloads for admission rules: the workload names left out of the rule; empty = the whole namespace
 */
public record Exemption(String control, @Nullable String value, String reference, List<String> workloads) {
    public static final String PSA_LEVEL = "psa-level";
    public static final String EGRESS = "egress";
    public static final String QUOTA = "quota";
    public static final String ADMISSION_PREFIX = "admission:";

    public Exemption {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(reference, "reference");
        workloads = List.copyOf(workloads);
    }

    public Exemption(String control, @Nullable String value) {
        this(control, value, "", List.of());
    }

    /** The admission rule key for {@code admission:<key>} controls, else null. */
    public @Nullable String admissionRule() {
        return admissionRuleOf(control);
    }

    /** The control that excepts admission rule {@code ruleKey}: {@code admission:<key>}. */
    public static String admissionControl(String ruleKey) {
        return ADMISSION_PREFIX + ruleKey;
    }

    /** The admission rule key of an {@code admission:<key>} control, else null (the one place that reads it). */
    public static @Nullable String admissionRuleOf(String control) {
        return control.startsWith(ADMISSION_PREFIX) && control.length() > ADMISSION_PREFIX.length()
                ? control.substring(ADMISSION_PREFIX.length())
                : null;
    }
}
