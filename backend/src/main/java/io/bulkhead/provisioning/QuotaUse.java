package io.bulkhead.provisioning;

import org.jspecify.annotations.Nullable;

/**
 * One resource of a namespace's ResourceQuota as the cluster reports it in its status.
 *
 * @param resource e.g. {@code requests.cpu}, {@code pods}
 * @param used the amount in use (as the quota status says it, e.g. {@code 250m}); null until the cluster's quota
 *     controller reported it
 * @param hard the limit
 * @param percent used / hard in percent (0–100+, rounded), or -1 when the amounts cannot be compared
 */
public record QuotaUse(String resource, @Nullable String used, String hard, int percent) {}
