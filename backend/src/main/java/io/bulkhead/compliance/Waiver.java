package io.bulkhead.compliance;

import org.jspecify.annotations.Nullable;

/**
 * An active exception for a control in a namespace: for the whole namespace ({@code workloadKind} and
 * {@code workloadName} null) or for one workload.
 */
public record Waiver(
        String controlId,
        @Nullable String workloadKind,
        @Nullable String workloadName) {

    public static Waiver namespace(String controlId) {
        return new Waiver(controlId, null, null);
    }

    public boolean covers(Finding f) {
        if (!controlId.equals(f.controlId())) {
            return false;
        }
        return workloadKind == null
                || (workloadKind.equals(f.workloadKind()) && java.util.Objects.equals(workloadName, f.workloadName()));
    }
}
