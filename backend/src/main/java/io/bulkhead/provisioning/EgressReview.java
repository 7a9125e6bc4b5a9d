package io.bulkhead.provisioning;

import io.bulkhead.tiers.EgressPolicy.Outcome;
import io.bulkhead.tiers.EgressPolicy.Verdict;
import io.bulkhead.tiers.TierBundle;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Egress allowlist entries under a tier's egress policy ({@link TierBundle#classifyEgress}): the namespace request
 * and the exception workflow call this, so one rule decides both.
 */
public final class EgressReview {
    private EgressReview() {}

    /** The tier's verdict on one entry. */
    public static Verdict verdict(TierBundle bundle, EgressRule rule) {
        return bundle.classifyEgress(rule.cidr());
    }

    /** Why the entries need a reviewer (one sentence per distinct reason), or null when all are approved by the tier. */
    public static @Nullable String reviewReason(TierBundle bundle, @Nullable List<EgressRule> egress) {
        Set<String> reasons = new LinkedHashSet<>();
        for (EgressRule rule : egress == null ? List.<EgressRule>of() : egress) {
            Verdict v = verdict(bundle, rule);
            if (v.outcome() != Outcome.AUTO_APPROVE) {
                reasons.add(v.reason());
            }
        }
        return reasons.isEmpty() ? null : String.join(" ", reasons);
    }

    /** Why the tier refuses some of the entries outright, or null when none is refused. */
    public static @Nullable String refusal(TierBundle bundle, @Nullable List<EgressRule> egress) {
        Set<String> reasons = new LinkedHashSet<>();
        for (EgressRule rule : egress == null ? List.<EgressRule>of() : egress) {
            Verdict v = verdict(bundle, rule);
            if (v.outcome() == Outcome.REFUSE) {
                reasons.add(v.reason());
            }
        }
        return reasons.isEmpty() ? null : String.join(" ", reasons);
    }
}
