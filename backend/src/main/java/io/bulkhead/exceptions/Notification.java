package io.bulkhead.exceptions;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An in-app notification for the signed-in user (to them, or to a role they have). */
public record Notification(UUID id, String text, @Nullable String link, Instant createdAt, boolean read) {
    private static final DateTimeFormatter TEXT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * How a notification's text names a point in time: to the minute, in UTC ("2026-12-09 14:05 UTC"). The text is
     * stored once for every reader, so it cannot use a reader's zone; never the raw ISO form with nanoseconds.
     */
    public static String textTime(@Nullable Instant t) {
        return t == null ? "" : TEXT_TIME.format(t);
    }
}
