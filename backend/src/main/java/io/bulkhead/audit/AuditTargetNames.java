package io.bulkhead.audit;

import java.util.Collection;
import java.util.Map;

/**
 * Names the targets of one type for people ("Exception: Runs as non-root · payments-web on local" instead of
 * {@code exception/<uuid>}). Implemented by the feature that owns the target type; {@link AuditLog#namedPage} asks
 * each one once per page for all of that page's ids.
 */
public interface AuditTargetNames {

    /** The {@link AuditEvent#targetType()} this names, e.g. {@code exception}. */
    String targetType();

    /** Names of the given target ids, in one query; ids it does not know (any more) are left out. */
    Map<String, String> names(Collection<String> targetIds);
}
