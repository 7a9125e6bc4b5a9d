package io.bulkhead.audit;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What happened, on what, before and after. The actor, time and origin are added by {@link AuditTrail}.
 *
 * @param action dotted verb, e.g. {@code namespace.requested}, {@code auth.login}
 */
public record AuditEntry(
        String action,
        AuditOutcome outcome,
        @Nullable String targetType,
        @Nullable String targetId,
        @Nullable String team,
        @Nullable String cluster,
        @Nullable String namespace,
        @Nullable Map<String, ?> before,
        @Nullable Map<String, ?> after) {

    public AuditEntry {
        if (action.isBlank() || action.length() > 100) {
            throw new IllegalArgumentException("audit action must be 1-100 characters");
        }
        // a denial records what the caller sent; PostgreSQL text cannot hold NUL, and a denial must be recorded
        targetId = withoutNul(targetId);
        team = withoutNul(team);
        cluster = withoutNul(cluster);
        namespace = withoutNul(namespace);
    }

    private static @Nullable String withoutNul(@Nullable String s) {
        return s == null ? null : s.replace('\u0000', '\uFFFD');
    }

    /**
     * The audit entry of a refused action: {@code access.denied}, outcome DENIED, the refused action as target and
     * the team it concerned (no location: the caller sees their own denials and must not learn other teams' names).
     */
    public static AuditEntry accessDenied(String refused, @Nullable String team) {
        return of("access.denied")
                .outcome(AuditOutcome.DENIED)
                .target("action", refused)
                .team(team);
    }

    public static AuditEntry of(String action) {
        return new AuditEntry(action, AuditOutcome.SUCCESS, null, null, null, null, null, null, null);
    }

    public AuditEntry target(String type, @Nullable String id) {
        return new AuditEntry(action, outcome, type, id, team, cluster, namespace, before, after);
    }

    public AuditEntry team(@Nullable String team) {
        return new AuditEntry(action, outcome, targetType, targetId, team, cluster, namespace, before, after);
    }

    public AuditEntry location(@Nullable String cluster, @Nullable String namespace) {
        return new AuditEntry(action, outcome, targetType, targetId, team, cluster, namespace, before, after);
    }

    public AuditEntry change(@Nullable Map<String, ?> before, @Nullable Map<String, ?> after) {
        return new AuditEntry(action, outcome, targetType, targetId, team, cluster, namespace, before, after);
    }

    public AuditEntry outcome(AuditOutcome outcome) {
        return new AuditEntry(action, outcome, targetType, targetId, team, cluster, namespace, before, after);
    }
}
