package io.bulkhead.compliance;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A namespace's score at one time (the latest, or one point of its history). */
public record NamespaceScore(
        UUID namespaceId,
        String cluster,
        String namespace,
        String team,
        String tier,
        BigDecimal score,
        int passed,
        int failed,
        int waived,
        Instant computedAt) {}
