package io.bulkhead.audit;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** How a target reads when no feature named it: from what the event itself carries (its location, its id). */
final class AuditTargets {
    private AuditTargets() {}

    static String name(AuditEvent e, Map<String, String> named) {
        String type = e.targetType();
        String id = e.targetId();
        if (type == null) {
            return location(e, "");
        }
        if (id != null && named.containsKey(id)) {
            return named.get(id);
        }
        return switch (type) {
            case "namespace" ->
                e.namespace() != null ? "Namespace " + location(e, "") : "Namespace (" + shortId(id) + ")";
            case "exception" ->
                e.namespace() != null ? "Exception in " + location(e, "") : "Exception (" + shortId(id) + ")";
            case "cluster" -> "Cluster " + nz(id);
            case "tier" -> "Tier " + nz(id).replace("@", " v");
            case "team" -> "Team " + nz(id);
            case "api-token" -> "Access token (" + shortId(id) + ")";
            case "action" -> nz(id);
            default -> id == null ? type : type + " " + id;
        };
    }

    /** "payments-web on local", "local", or {@code none}. */
    private static String location(AuditEvent e, String none) {
        if (e.namespace() != null && e.cluster() != null) {
            return e.namespace() + " on " + e.cluster();
        }
        if (e.cluster() != null) {
            return e.cluster();
        }
        return e.namespace() != null ? e.namespace() : none;
    }

    private static String shortId(@Nullable String id) {
        return id == null ? "" : id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }
}
