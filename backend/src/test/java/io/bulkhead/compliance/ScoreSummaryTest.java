package io.bulkhead.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScoreSummaryTest {
    static NamespaceScore score(String value, int passed, int failed, int waived) {
        return new NamespaceScore(
                UUID.randomUUID(),
                "c1",
                "ns",
                "payments",
                "baseline",
                new BigDecimal(value),
                passed,
                failed,
                waived,
                Instant.EPOCH);
    }

    @Test
    void theMeanOfTheScoresRoundsHalfUpToOneDecimalAndTheCountsAreSums() {
        ScoreSummary s = ScoreSummary.of(
                "payments", List.of(score("33.3", 1, 2, 0), score("66.6", 3, 1, 1), score("100", 5, 0, 2)));
        assertThat(s.key()).isEqualTo("payments");
        assertThat(s.namespaces()).isEqualTo(3);
        assertThat(s.score()).isEqualByComparingTo("66.6"); // 66.63
        assertThat(s.passed()).isEqualTo(9);
        assertThat(s.failed()).isEqualTo(3);
        assertThat(s.waived()).isEqualTo(3);
        assertThat(ScoreSummary.mean(List.of(new BigDecimal("49.9"), new BigDecimal("50.0"))))
                .isEqualByComparingTo("50.0"); // 49.95 rounds up
    }

    @Test
    void noScoresGiveZero() {
        assertThat(ScoreSummary.of("none", List.of()).score()).isEqualByComparingTo("0");
        assertThat(ScoreSummary.of("none", List.of()).namespaces()).isZero();
    }
}
