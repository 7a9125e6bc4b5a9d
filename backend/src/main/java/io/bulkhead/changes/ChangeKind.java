package io.bulkhead.changes;

/** What a change request changes. */
public enum ChangeKind {
    TIER_MOVE("Tier move"),
    QUOTA("Quota"),
    EGRESS("Egress allowlist"),
    OWNERSHIP("Ownership");

    private final String label;

    ChangeKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
