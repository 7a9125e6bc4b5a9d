package io.bulkhead.changes;

import io.bulkhead.provisioning.DesiredSettings;
import io.bulkhead.provisioning.QuotaUse;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Exactly what a change would do, evaluated on the live namespace when it was asked for.
 *
 * @param before the settings now
 * @param after the settings the change asks for
 * @param objectDiff unified diff of the desired objects' YAML (empty: no object changes)
 * @param workloads live workloads the target tier's controls and Pod Security profile would fail (tier moves)
 * @param apiServerWarnings what the API server warned on a dry-run of the changed Namespace (Pod Security about
 *     existing pods); empty also when none
 * @param dryRunProblem why the dry-run could not be made (cluster unreachable), or null
 * @param quotaUse the quota in use now (quota changes and tier moves)
 * @param reviewReason why a reviewer must decide, or null when the change is approved automatically
 * @param breaksWorkloads running workloads would be refused or fail: the request needs an acknowledgement
 * @param moveDown a tier move to a less strict tier
 */
public record ChangePreview(
        ChangeKind kind,
        DesiredSettings before,
        DesiredSettings after,
        String objectDiff,
        List<WorkloadImpact> workloads,
        List<String> apiServerWarnings,
        @Nullable String dryRunProblem,
        List<QuotaUse> quotaUse,
        @Nullable String reviewReason,
        boolean breaksWorkloads,
        boolean moveDown) {

    public ChangePreview {
        workloads = List.copyOf(workloads);
        apiServerWarnings = List.copyOf(apiServerWarnings);
        quotaUse = List.copyOf(quotaUse);
    }

    /** A reviewer must decide. */
    public boolean needsReview() {
        return reviewReason != null;
    }
}
