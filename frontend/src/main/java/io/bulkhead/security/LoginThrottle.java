package io.bulkhead.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Counts failed sign-ins at the embedded provider per user name and per client address (Bucket4j token buckets,
 * in memory, refilled all at once after the window) and says how long a name or an address must wait once it has
 * used up its failures. Kept to a bounded number of keys (least recently used dropped), so a flood of made-up
 * names cannot exhaust memory; the per-address limit caps such a flood anyway.
 */
final class LoginThrottle {

    private static final int MAX_KEYS = 10_000;

    private final int perUser;
    private final int perAddress;
    private final Duration window;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_KEYS;
        }
    };

    LoginThrottle(int perUser, int perAddress, Duration window) {
        if (perUser < 1 || perAddress < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("login throttle needs positive limits and window");
        }
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.window = window;
    }

    /** How long this name or address must still wait before it may try again; empty if it may try now. */
    Optional<Duration> blockedFor(@Nullable String username, @Nullable String address) {
        long nanos = Math.max(waitNanos(userKey(username), perUser), waitNanos(addressKey(address), perAddress));
        return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }

    /** Records one failed attempt of this name from this address. */
    void failed(@Nullable String username, @Nullable String address) {
        bucket(userKey(username), perUser).tryConsume(1);
        bucket(addressKey(address), perAddress).tryConsume(1);
    }

    /** A successful sign-in clears the name's failures (not the address's: others may share it). */
    void succeeded(@Nullable String username) {
        synchronized (buckets) {
            buckets.remove(userKey(username));
        }
    }

    private long waitNanos(String key, int capacity) {
        Bucket b;
        synchronized (buckets) {
            b = buckets.get(key);
        }
        if (b == null) {
            return 0;
        }
        var probe = b.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
    }

    private Bucket bucket(String key, int capacity) {
        synchronized (buckets) {
            return buckets.computeIfAbsent(
                    key,
                    k -> Bucket.builder()
                            .addLimit(Bandwidth.builder()
                                    .capacity(capacity)
                                    .refillIntervally(capacity, window)
                                    .build())
                            .build());
        }
    }

    private static String userKey(@Nullable String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return "user:" + (name.length() > 200 ? name.substring(0, 200) : name);
    }

    private static String addressKey(@Nullable String address) {
        return "addr:" + (address == null ? "?" : address);
    }

    /** "4 minutes", "1 minute", "30 seconds": rounded up, for the sign-in page. */
    static String humanize(Duration d) {
        long seconds = Math.max(1, (d.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
