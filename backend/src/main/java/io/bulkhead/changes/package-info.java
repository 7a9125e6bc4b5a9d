/**
 * Changes to a live namespace (tier move, quota, egress allowlist) the way a namespace request goes: validation,
 * preview on the live namespace, automatic approval inside the tier's rules or four-eyes review, apply by the
 * reconciler, audit with before and after. One change at a time per namespace.
 */
@NullMarked
package io.bulkhead.changes;

import org.jspecify.annotations.NullMarked;
