package io.bulkhead.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    @Test
    void aNameIsBlockedAfterItsFailuresForAboutTheWindow() {
        var throttle = new LoginThrottle(3, 100, Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.blockedFor("Alice", "10.0.0.1"))
                    .as("before failure %d", i + 1)
                    .isEmpty();
            throttle.failed("Alice", "10.0.0.1");
        }
        assertThat(throttle.blockedFor("alice ", "10.0.0.2"))
                .as("same name, other case and address")
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5)));
        assertThat(throttle.blockedFor("bob", "10.0.0.1")).as("another name").isEmpty();
    }

    @Test
    void anAddressIsBlockedAfterItsFailuresWhateverNamesItTries() {
        var throttle = new LoginThrottle(100, 4, Duration.ofMinutes(1));
        for (int i = 0; i < 4; i++) {
            throttle.failed("name-" + i, "192.0.2.7");
        }
        assertThat(throttle.blockedFor("fresh-name", "192.0.2.7")).isPresent();
        assertThat(throttle.blockedFor("fresh-name", "192.0.2.8")).isEmpty();
    }

    @Test
    void aSuccessClearsTheNamesFailures() {
        var throttle = new LoginThrottle(2, 100, Duration.ofMinutes(1));
        throttle.failed("carol", "a");
        throttle.succeeded("carol");
        throttle.failed("carol", "a");
        assertThat(throttle.blockedFor("carol", "a")).isEmpty();
    }

    @Test
    void waitsAreShownRoundedUp() {
        assertThat(LoginThrottle.humanize(Duration.ofMillis(200))).isEqualTo("1 second");
        assertThat(LoginThrottle.humanize(Duration.ofSeconds(42))).isEqualTo("42 seconds");
        assertThat(LoginThrottle.humanize(Duration.ofSeconds(61))).isEqualTo("2 minutes");
        assertThat(LoginThrottle.humanize(Duration.ofSeconds(60))).isEqualTo("1 minute");
    }
}
