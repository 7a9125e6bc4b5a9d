package io.bulkhead.provisioning;

import java.util.UUID;

/**
 * Published inside the transaction that started a namespace's decommissioning: from then on it is no longer live
 * (its objects are being deleted), so other features stop counting it, e.g. compliance ends its score line.
 */
public record NamespaceDecommissioned(UUID namespaceId) {}
