package io.bulkhead.provisioning;

import java.util.List;
import java.util.UUID;

/**
 * Where provisioning learns which approved exceptions are in force for a namespace. Implemented by the exceptions
 * feature; provisioning depends only on this interface, so the dependency points from exceptions to provisioning.
 * Without an implementation, namespaces render exactly their tier.
 */
public interface ExemptionSource {

    /** The exemptions in force now for the namespace (empty when none). Must not widen after expiry. */
    List<Exemption> activeFor(UUID namespaceId);

    /** The exemptions in force now for each of the namespaces (those without any may be left out). */
    default java.util.Map<UUID, List<Exemption>> activeFor(java.util.Collection<UUID> namespaceIds) {
        java.util.Map<UUID, List<Exemption>> m = new java.util.HashMap<>();
        namespaceIds.forEach(id -> m.put(id, activeFor(id)));
        return m;
    }
}
