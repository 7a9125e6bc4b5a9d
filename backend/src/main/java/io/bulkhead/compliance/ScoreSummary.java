package io.bulkhead.compliance;

import io.bulkhead.compliance.internal.Trends;
import java.math.BigDecimal;
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
                Trends.mean(scores.stream().map(NamespaceScore::score).toList()),
                scores.stream().mapToInt(NamespaceScore::passed).sum(),
                scores.stream().mapToInt(NamespaceScore::failed).sum(),
                scores.stream().mapToInt(NamespaceScore::waived).sum());
    }
}
