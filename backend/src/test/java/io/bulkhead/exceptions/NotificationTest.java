package io.bulkhead.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationTest {

    @Test
    void textTimesAreToTheMinuteInUtcWithoutNanoseconds() {
        assertThat(Notification.textTime(Instant.parse("2026-12-09T14:05:59.123456789Z")))
                .isEqualTo("2026-12-09 14:05 UTC");
        assertThat(Notification.textTime(null)).isEmpty();
    }
}
