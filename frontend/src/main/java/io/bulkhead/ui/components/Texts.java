package io.bulkhead.ui.components;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Small text helpers of the screens. */
public final class Texts {
    private Texts() {}

    /** The text, or "" for none. */
    public static String orEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }

    /** A UUID from a route or query parameter; empty for anything that is not one (a forged or cut address). */
    public static Optional<UUID> parseId(@Nullable String s) {
        if (s == null || s.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
