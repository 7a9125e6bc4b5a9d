package io.bulkhead.changes;

/** Where a change request is: waiting, approved and being applied, done, or closed without effect. */
public enum ChangeState {
    /** Waiting for a reviewer. */
    PENDING("Waiting for review"),
    /** Approved (by a reviewer or automatically); the reconciler is applying it. */
    APPROVED("Approved, applying"),
    /** In the cluster. */
    APPLIED("Applied"),
    REJECTED("Rejected"),
    /** Withdrawn by the requesting team before it was decided. */
    WITHDRAWN("Withdrawn"),
    /** Could not be carried out (e.g. the namespace was decommissioned meanwhile). */
    FAILED("Failed");

    private final String label;

    ChangeState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Still in the way of another change of the same namespace. */
    public boolean open() {
        return this == PENDING || this == APPROVED;
    }
}
