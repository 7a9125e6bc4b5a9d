package io.bulkhead.compliance;

import java.util.Set;

/**
 * An extra source of waivers (approved exceptions already come through provisioning's {@code ExemptionSource}).
 * Optional: without a bean nothing else is waived. Implementations must not call back into compliance.
 */
public interface Waivers {
    Set<Waiver> active(String cluster, String namespace);
}
