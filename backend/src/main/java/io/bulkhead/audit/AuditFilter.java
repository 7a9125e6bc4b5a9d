package io.bulkhead.audit;

import io.bulkhead.platform.ValidationException;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Filter for the audit log. Every text is matched case-insensitively as a substring; blanks mean "any".
 * Throws a {@link ValidationException} (fields {@code actor}, {@code action}, {@code team}, {@code target},
 * {@code from}) with a message meant for the user when a value is unusable.
 */
public record AuditFilter(
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable String actor,
        @Nullable String action,
        @Nullable String team,
        @Nullable String target) {

    public static final int MAX_TEXT = 200;
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null);

    public AuditFilter {
        actor = clean("Actor", actor);
        action = clean("Action", action);
        team = clean("Team", team);
        target = clean("Target", target);
        if (from != null && to != null && from.isAfter(to)) {
            throw new ValidationException(Map.of("from", "The start of the time range must be before its end."));
        }
    }

    private static @Nullable String clean(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        String key = field.toLowerCase(java.util.Locale.ROOT);
        if (v.length() > MAX_TEXT) {
            throw new ValidationException(
                    Map.of(key, field + " filter is too long: at most " + MAX_TEXT + " characters."));
        }
        if (v.indexOf('\u0000') >= 0) {
            // PostgreSQL text cannot hold NUL: it would fail the query instead of matching nothing
            throw new ValidationException(Map.of(key, field + " filter: remove the NUL character."));
        }
        return v;
    }
}
