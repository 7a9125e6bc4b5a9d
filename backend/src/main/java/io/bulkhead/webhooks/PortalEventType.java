package io.bulkhead.webhooks;

import java.util.Optional;

/** The kinds of portal events sent out by webhook and e-mail. {@link #wireName()} is the name in payloads. */
public enum PortalEventType {
    /** A namespace or an exception request waits for a reviewer. */
    APPROVAL_NEEDED("approval.needed", "Approval needed"),
    /** A namespace or an exception request was approved or rejected. */
    DECIDED("request.decided", "Request decided"),
    /** An active exception ends in 7 days or less. */
    EXCEPTION_EXPIRING_7D("exception.expiring-7d", "Exception expires in 7 days"),
    /** An active exception ends within a day. */
    EXCEPTION_EXPIRING_1D("exception.expiring-1d", "Exception expires in 1 day"),
    /** An exception ended; the namespace is back to its tier. */
    EXCEPTION_EXPIRED("exception.expired", "Exception expired"),
    /** Bulkhead put back objects someone changed in the cluster. */
    DRIFT_REPAIRED("namespace.drift-repaired", "Drift repaired"),
    /** A namespace could not be provisioned. */
    PROVISIONING_FAILED("namespace.provisioning-failed", "Provisioning failed"),
    /** A reviewer or an admin quarantined a namespace: its traffic denied, its team's write access suspended. */
    QUARANTINED("namespace.quarantined", "Namespace quarantined"),
    /** A quarantined namespace was released and is restored as it was. */
    RELEASED("namespace.released", "Quarantine released"),
    /** A namespace's compliance score fell below the endpoint's threshold. */
    SCORE_DROPPED("score.dropped", "Score dropped below threshold"),
    /** Sent by the "send test event" action only. */
    TEST("test", "Test event");

    private final String wireName;
    private final String label;

    PortalEventType(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    public String wireName() {
        return wireName;
    }

    public String label() {
        return label;
    }

    /** The type for a wire name or enum name, if any. */
    public static Optional<PortalEventType> parse(String s) {
        for (PortalEventType t : values()) {
            if (t.wireName.equalsIgnoreCase(s.strip()) || t.name().equalsIgnoreCase(s.strip())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
