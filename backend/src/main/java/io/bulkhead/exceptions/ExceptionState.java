package io.bulkhead.exceptions;

/** Where an exception is in its life: Pending → (Approved →) Active → Expired, or Rejected, Withdrawn, Revoked. */
public enum ExceptionState {
    PENDING,
    APPROVED,
    ACTIVE,
    EXPIRED,
    REJECTED,
    WITHDRAWN,
    REVOKED;

    /** True while the hole is (or is about to be) open in the cluster. */
    public boolean inForce() {
        return this == APPROVED || this == ACTIVE;
    }

    /** True when nothing can happen to the exception any more. */
    public boolean closed() {
        return this == EXPIRED || this == REJECTED || this == WITHDRAWN || this == REVOKED;
    }

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
