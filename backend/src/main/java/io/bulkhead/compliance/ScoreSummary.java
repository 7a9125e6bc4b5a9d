package io.bulkhead.compliance;

import java.math.BigDecimal;

/**
 * Scores aggregated by team, cluster or tier: {@code score} is the mean of the namespaces' latest scores (each
 * namespace counts once, whatever its size); the counts are sums.
 */
public record ScoreSummary(String key, int namespaces, BigDecimal score, int passed, int failed, int waived) {}
