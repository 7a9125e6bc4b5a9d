package io.bulkhead.provisioning;

/** Life of a managed namespace. */
public enum NamespaceState {
    /** Waiting for a reviewer. */
    REQUESTED,
    /** Approved (by a reviewer or automatically), waiting to be provisioned. */
    APPROVED,
    REJECTED,
    PROVISIONING,
    READY,
    /** The last apply failed; the reason says what to do. The reconciler keeps retrying. */
    FAILED,
    DECOMMISSIONING,
    DELETED;

    public boolean live() {
        return this == APPROVED || this == PROVISIONING || this == READY || this == FAILED;
    }

    public String label() {
        String n = name().charAt(0) + name().substring(1).toLowerCase();
        return n;
    }
}
