package io.bulkhead.compliance;

import java.util.Set;

/**
 * Source of active exceptions. The exceptions feature provides the bean; without one nothing is waived.
 * Implementations must not call back into compliance (no cycle).
 */
public interface Waivers {
    Set<Waiver> active(String cluster, String namespace);
}
