package io.bulkhead.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Opaque cursors for paged lists: the position plus a fingerprint of the filters, so a cursor used with other filters
 * is refused instead of silently paging something else. Limits are 1–{@value #MAX_LIMIT} (default
 * {@value #DEFAULT_LIMIT}).
 */
final class Cursors {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private Cursors() {}

    static int limit(@Nullable Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblems.invalid("limit", "Limit is 1 to " + MAX_LIMIT + ".");
        }
        return limit;
    }

    /** The offset a cursor stands for (0 without one). */
    static int offset(@Nullable String cursor, String filters) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int sep = s.indexOf(':');
            int offset = Integer.parseInt(s.substring(0, sep));
            if (offset < 0 || !s.substring(sep + 1).equals(Integer.toHexString(filters.hashCode()))) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (RuntimeException e) {
            throw ApiProblems.invalid("cursor", "Not a cursor of this list with these filters; start without one.");
        }
    }

    static @Nullable String next(int offset, int returned, int limit, int total, String filters) {
        int next = offset + returned;
        if (returned < limit || next >= total) {
            return null;
        }
        String s = next + ":" + Integer.toHexString(filters.hashCode());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A page from a facade's (offset, limit) list and its count. */
    static <T> Page<T> page(
            @Nullable String cursor,
            @Nullable Integer limit,
            String filters,
            java.util.function.BiFunction<Integer, Integer, List<T>> list,
            IntFunction<Integer> count) {
        int l = limit(limit);
        int o = offset(cursor, filters);
        List<T> items = list.apply(o, l);
        int total = count.apply(0);
        return new Page<>(items, next(o, items.size(), l, total, filters), total);
    }
}
