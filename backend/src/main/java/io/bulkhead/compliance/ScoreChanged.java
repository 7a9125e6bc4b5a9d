package io.bulkhead.compliance;

import java.math.BigDecimal;

/**
 * Published (a Spring application event) when an evaluation stores a namespace's new score that differs from its
 * previous one, so notifications can tell when a score drops below a threshold.
 */
public record ScoreChanged(NamespaceScore current, BigDecimal previous) {
    /** Whether this change crossed {@code threshold} downwards: previous at or above it, current below it. */
    public boolean droppedBelow(BigDecimal threshold) {
        return previous.compareTo(threshold) >= 0 && current.score().compareTo(threshold) < 0;
    }
}
