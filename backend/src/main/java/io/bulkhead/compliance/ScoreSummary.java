package io.bulkhead.compliance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;

/**
 * Scores aggregated by team, cluster or tier: {@code score} is the mean of the namespaces' latest scores (each
 * namespace counts once, whatever its size); the counts are sums.
 */
public record ScoreSummary(String key, int namespaces, BigDecimal score, int passed, int failed, int waived) {

    /** The summary of the scores under {@code key} (mean score zero when there are none). */
    public static ScoreSummary of(String key, List<NamespaceScore> scores) {
        return new ScoreSummary(
                key,
                scores.size(),
                mean(scores.stream().map(NamespaceScore::score).toList()),
                scores.stream().mapToInt(NamespaceScore::passed).sum(),
                scores.stream().mapToInt(NamespaceScore::failed).sum(),
                scores.stream().mapToInt(NamespaceScore::waived).sum());
    }

    /** Mean with one decimal (half up); zero for none. */
    static BigDecimal mean(Collection<BigDecimal> values) {
        if (values.isEmpty()) {
            return BigDecimal.ZERO;
        }
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.divide(BigDecimal.valueOf(values.size()), 1, RoundingMode.HALF_UP);
    }
}
