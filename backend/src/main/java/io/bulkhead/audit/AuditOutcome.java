package io.bulkhead.audit;

/** Whether the audited action succeeded, was refused, or failed. */
public enum AuditOutcome {
    SUCCESS,
    DENIED,
    FAILED
}
