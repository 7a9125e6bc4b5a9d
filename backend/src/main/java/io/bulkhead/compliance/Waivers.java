package io.bulkhead.compliance;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where compliance learns which failed findings are excepted: implemented by the exceptions feature (approved
 * exceptions in force, each waiving exactly the findings of its control and scope). Optional: without a bean
 * nothing is waived. Implementations must not call back into compliance.
 */
public interface Waivers {
    /** The waivers in force now for each of the managed namespaces (those without any may be left out). */
    Map<UUID, Set<Waiver>> active(Collection<UUID> namespaceIds);
}
