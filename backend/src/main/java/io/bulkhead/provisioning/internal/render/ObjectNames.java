package io.bulkhead.provisioning.internal.render;

import io.bulkhead.tiers.TierBundle.AdmissionRule;
import java.util.Optional;

/**
 * The one place that builds, and reads back, the names and label keys Bulkhead puts on cluster objects that carry
 * a meaning in their text (a tier version, a namespace, an admission rule). Code elsewhere asks here instead of
 * taking names apart with {@code substring}.
 */
public final class ObjectNames {
    private static final String POLICY_PREFIX = "bulkhead-";
    private static final String EXCEPTION_POLICY_PREFIX = "bulkhead-exception-";

    private ObjectNames() {}

    /** The ValidatingAdmissionPolicy (and binding) of {@code rule} in a tier version: {@code bulkhead-<tier>-v<n>-<rule>}. */
    public static String policy(String tier, int version, AdmissionRule rule) {
        return POLICY_PREFIX + tier + "-v" + version + "-" + rule.kebab();
    }

    /**
     * A namespace's copy of a rule's policy (and binding) that leaves out its excepted workloads:
     * {@code bulkhead-exception-<namespace>-<rule>}.
     */
    public static String exceptionPolicy(String namespace, AdmissionRule rule) {
        return exceptionPolicy(namespace, rule.kebab());
    }

    private static String exceptionPolicy(String namespace, String ruleKebab) {
        return EXCEPTION_POLICY_PREFIX + namespace + "-" + ruleKebab;
    }

    /**
     * The rule (in kebab case) of a namespace's exception policy copy named {@code name}; empty when the name is
     * not one of {@code namespace}'s copies. The namespace comes from the object's
     * {@value TierRenderer#EXCEPTION_NAMESPACE_LABEL} label: namespace and rule both may contain dashes.
     */
    public static Optional<String> ruleOfExceptionPolicy(String name, String namespace) {
        String prefix = exceptionPolicy(namespace, "");
        if (!name.startsWith(prefix) || name.length() == prefix.length()) {
            return Optional.empty();
        }
        return Optional.of(name.substring(prefix.length()));
    }

    /** The namespace label that takes a namespace out of the shared binding of {@code rule}. */
    public static String exemptLabel(AdmissionRule rule) {
        return exemptLabel(rule.kebab());
    }

    /** The exempt label of a rule given in kebab case ({@code bulkhead.io/exempt-<rule>}). */
    public static String exemptLabel(String ruleKebab) {
        return TierRenderer.EXEMPT_LABEL_PREFIX + ruleKebab;
    }

    /** Whether a namespace label key is one of Bulkhead's exempt labels. */
    public static boolean isExemptLabel(String key) {
        return key.startsWith(TierRenderer.EXEMPT_LABEL_PREFIX)
                && key.length() > TierRenderer.EXEMPT_LABEL_PREFIX.length();
    }
}
