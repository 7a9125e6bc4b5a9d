package io.bulkhead.changes;

import io.bulkhead.provisioning.EgressRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A change as the form or the API submits it. Which fields count depends on {@code kind}: {@code tier} (and
 * optionally {@code quotaPreset}) for a tier move, {@code quotaPreset} for a quota change, {@code egress} (the whole
 * new allowlist) for an egress change.
 *
 * @param acknowledgeBreakage the requester has seen that running workloads would be refused or fail after the move
 *     and asks for it anyway
 * @param reason why, for the reviewer and the audit trail (10–1000 characters)
 * @param quotaValues for a quota change with custom values instead of a preset: ResourceQuota key → Kubernetes
 *     quantity (e.g. {@code requests.cpu → 3}); resources left out keep what the namespace has now
 */
public record ChangeDraft(
        UUID namespaceId,
        @Nullable ChangeKind kind,
        @Nullable String tier,
        @Nullable String quotaPreset,
        @Nullable List<EgressRule> egress,
        @Nullable String reason,
        boolean acknowledgeBreakage,
        @Nullable Map<String, String> quotaValues) {

    public static final int MAX_REASON = 1000;

    public ChangeDraft {
        quotaValues =
                quotaValues == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(quotaValues));
    }

    /** A draft without custom quota values. */
    public ChangeDraft(
            UUID namespaceId,
            @Nullable ChangeKind kind,
            @Nullable String tier,
            @Nullable String quotaPreset,
            @Nullable List<EgressRule> egress,
            @Nullable String reason,
            boolean acknowledgeBreakage) {
        this(namespaceId, kind, tier, quotaPreset, egress, reason, acknowledgeBreakage, null);
    }

    /** A quota change to custom values (ResourceQuota key → quantity). */
    public static ChangeDraft quotaValues(UUID namespaceId, Map<String, String> values, String reason) {
        return new ChangeDraft(namespaceId, ChangeKind.QUOTA, null, null, null, reason, false, values);
    }

    public static ChangeDraft tierMove(UUID namespaceId, String tier, String reason, boolean acknowledge) {
        return new ChangeDraft(namespaceId, ChangeKind.TIER_MOVE, tier, null, null, reason, acknowledge);
    }

    public static ChangeDraft quota(UUID namespaceId, String preset, String reason) {
        return new ChangeDraft(namespaceId, ChangeKind.QUOTA, null, preset, null, reason, false);
    }

    public static ChangeDraft egress(UUID namespaceId, List<EgressRule> egress, String reason) {
        return new ChangeDraft(namespaceId, ChangeKind.EGRESS, null, null, egress, reason, false);
    }
}
