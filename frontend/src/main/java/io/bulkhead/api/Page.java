package io.bulkhead.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list. Pass {@code nextCursor} as {@code cursor} (with the same filters) for the next page; it is
 * null on the last page.
 *
 * @param total how many items match the filters
 */
public record Page<T>(List<T> items, @Nullable String nextCursor, int total) {}
