package io.bulkhead.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.html.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T03:04:05.123456789Z");

    @Test
    void relativeTimesCountMinutesThenHoursThenDays() {
        assertThat(Times.relative(NOW.minusSeconds(30), NOW)).isEqualTo("just now");
        assertThat(Times.relative(NOW.minus(Duration.ofMinutes(12)), NOW)).isEqualTo("12 min ago");
        assertThat(Times.relative(NOW.minus(Duration.ofHours(3)), NOW)).isEqualTo("3 h ago");
        assertThat(Times.relative(NOW.minus(Duration.ofHours(47)), NOW)).isEqualTo("47 h ago");
        assertThat(Times.relative(NOW.minus(Duration.ofDays(9)), NOW)).isEqualTo("9 d ago");
    }

    @Test
    void relativeTimesAheadOfNowSayIn() {
        assertThat(Times.relative(NOW.plusSeconds(20), NOW)).isEqualTo("in less than a minute");
        assertThat(Times.relative(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1), NOW))
                .isEqualTo("in 5 min");
        assertThat(Times.relative(NOW.plus(Duration.ofDays(6)).plusSeconds(1), NOW))
                .isEqualTo("in 6 d");
    }

    @Test
    void exactTimeHasSecondsAndTheZoneButNoFractionOutsideABrowser() {
        assertThat(Times.exact(NOW)).isEqualTo("2026-12-02 03:04:05 UTC");
        assertThat(Times.minutes(NOW)).isEqualTo("2026-12-02 03:04 UTC");
        assertThat(Times.exact(null)).isEmpty();
    }

    @Test
    void relativeSpanShowsTheExactTimeOnHover() {
        Span s = Times.of(NOW.minus(Duration.ofMinutes(3)), Clock.fixed(NOW, ZoneOffset.UTC), "never");

        assertThat(s.getText()).isEqualTo("3 min ago");
        assertThat(s.getElement().getAttribute("title")).isEqualTo("2026-12-02 03:01:05 UTC");
        assertThat(Times.of(null, Clock.fixed(NOW, ZoneOffset.UTC), "never").getText())
                .isEqualTo("never");
    }
}
