package io.bulkhead.compliance;

import org.jspecify.annotations.Nullable;

/**
 * An active exception for a control in a namespace: for the whole namespace ({@code workloadName} null) or for
 * one workload ({@code workloadKind} null = a workload of that name of any kind).
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
        if (workloadName == null) {
            return true;
        }
        return workloadName.equals(f.workloadName()) && (workloadKind == null || workloadKind.equals(f.workloadKind()));
    }
}
