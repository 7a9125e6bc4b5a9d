package io.bulkhead.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.compliance.TrendPoint;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trend lines from the standing scores per day and group: the mean is over namespaces, not over groups. */
class DayGroupsTest {
    static final LocalDate D1 = LocalDate.parse("2026-03-01");
    static final LocalDate D2 = D1.plusDays(1);

    static ComplianceStore.DayGroup g(LocalDate day, String team, String cluster, String sum, int n) {
        return new ComplianceStore.DayGroup(day, team, cluster, "baseline", new BigDecimal(sum), n);
    }

    final List<ComplianceStore.DayGroup> groups = List.of(
            g(D2, "payments", "east", "150.0", 2), // days out of order on purpose
            g(D1, "payments", "east", "99.9", 1),
            g(D1, "payments", "west", "100.0", 2),
            g(D1, "search", "east", "40.0", 1));

    @Test
    void oneLineWeighsEveryNamespaceOnceAndRoundsHalfUpToOneDecimal() {
        Map<String, List<TrendPoint>> lines = DayGroups.lines(groups, null);
        assertThat(lines).containsOnlyKeys("");
        // day 1: (99.9 + 100 + 40) / 4 = 59.975 -> 60.0; day 2: 150 / 2
        assertThat(lines.get(""))
                .containsExactly(
                        new TrendPoint(D1, new BigDecimal("60.0"), 4), new TrendPoint(D2, new BigDecimal("75.0"), 2));
    }

    @Test
    void linesPerKeyInKeyOrderWithTheirOwnDays() {
        Map<String, List<TrendPoint>> byTeam = DayGroups.lines(groups, ScoreFilter.GroupBy.TEAM);
        assertThat(byTeam.keySet()).containsExactly("payments", "search");
        // payments day 1: (99.9 + 100) / 3 = 66.63
        assertThat(byTeam.get("payments"))
                .containsExactly(
                        new TrendPoint(D1, new BigDecimal("66.6"), 3), new TrendPoint(D2, new BigDecimal("75.0"), 2));
        assertThat(byTeam.get("search")).containsExactly(new TrendPoint(D1, new BigDecimal("40.0"), 1));
        assertThat(DayGroups.lines(groups, ScoreFilter.GroupBy.CLUSTER).keySet())
                .containsExactly("east", "west");
        assertThat(DayGroups.lines(List.of(), ScoreFilter.GroupBy.TIER)).isEmpty();
    }
}
