package io.bulkhead.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.TrendPoint;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Daily trend over simulated days: a clock moves, namespaces get snapshots, the trend carries scores forward. */
class TrendsTest {
    static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    final List<NamespaceScore> history = new ArrayList<>();
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);

    void snapshot(UUID ns, String score) {
        history.add(new NamespaceScore(
                ns, "c1", ns.toString(), "payments", "baseline", new BigDecimal(score), 0, 0, 0, clock.instant()));
    }

    void advance(Duration d) {
        clock = Clock.offset(clock, d);
    }

    @Test
    void trendCarriesEachNamespacesLastScoreForwardAndAveragesPerDay() {
        snapshot(A, "50.0"); // day 1
        advance(Duration.ofDays(1));
        snapshot(B, "100.0"); // day 2
        advance(Duration.ofHours(2));
        snapshot(A, "70.0"); // day 2, later: the day's value for A
        advance(Duration.ofDays(2)); // day 4: nothing new

        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<TrendPoint> trend = Trends.daily(history, today.minusDays(4), today);

        assertThat(trend)
                .extracting(TrendPoint::day, p -> p.score().toPlainString(), TrendPoint::namespaces)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-01-01"), "50.0", 1),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-01-02"), "85.0", 2),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-01-03"), "85.0", 2),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-01-04"), "85.0", 2));
    }

    @Test
    void snapshotBeforeTheWindowSeedsTheFirstDay() {
        snapshot(A, "40.0");
        advance(Duration.ofDays(30));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<TrendPoint> week = Trends.daily(history, today.minusDays(6), today);
        assertThat(week).hasSize(7).allSatisfy(p -> assertThat(p.score()).isEqualByComparingTo("40"));
    }

    @Test
    void meanRoundsHalfUpToOneDecimal() {
        assertThat(Trends.mean(List.of(new BigDecimal("33.3"), new BigDecimal("66.6"), new BigDecimal("100"))))
                .isEqualByComparingTo("66.6");
        assertThat(Trends.mean(List.of())).isEqualByComparingTo("0");
    }
}
