package io.bulkhead.compliance;

/** How much a control weighs in the score: CRITICAL 10, HIGH 5, MEDIUM 3, LOW 1. */
public enum Severity {
    LOW(1),
    MEDIUM(3),
    HIGH(5),
    CRITICAL(10);

    private final int weight;

    Severity(int weight) {
        this.weight = weight;
    }

    public int weight() {
        return weight;
    }
}
