package io.bulkhead.provisioning;

import java.util.UUID;

/**
 * Published (inside the transaction that changed them) when the exemptions of a namespace changed: provisioning
 * then re-reconciles the namespace once that transaction has committed.
 */
public record ExemptionsChanged(UUID namespaceId) {}
