package io.bulkhead.compliance;

import org.jspecify.annotations.Nullable;

/**
 * An active exception for a control in a namespace, covering exactly the failed findings of that control in its
 * scope: the whole namespace ({@code workloadName} null), one workload ({@code workloadKind} null = a workload of
 * that name of any kind), or one container of it ({@code container} null = every container).
 */
public record Waiver(
        String controlId,
        @Nullable String workloadKind,
        @Nullable String workloadName,
        @Nullable String container) {

    public Waiver(String controlId, @Nullable String workloadKind, @Nullable String workloadName) {
        this(controlId, workloadKind, workloadName, null);
    }

    public static Waiver namespace(String controlId) {
        return new Waiver(controlId, null, null, null);
    }

    public boolean covers(Finding f) {
        if (!controlId.equals(f.controlId())) {
            return false;
        }
        if (workloadName == null) {
            return true;
        }
        return workloadName.equals(f.workloadName())
                && (workloadKind == null || workloadKind.equals(f.workloadKind()))
                && (container == null || container.equals(f.container()));
    }
}
