package io.bulkhead.api;

import org.jspecify.annotations.Nullable;

/** A reviewer's decision (approve, reject, revoke) with its comment. */
public record DecisionBody(@Nullable String comment) {}
