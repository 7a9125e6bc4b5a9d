package io.bulkhead.provisioning;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A reconcile pass recorded its apply of a namespace: the desired state up to {@code generation} is in the cluster
 * ({@code state} Ready) or could not be applied ({@code state} Failed, with the reason). Published inside the
 * transaction that records it, so listeners' writes commit with it.
 */
public record NamespaceApplied(
        UUID namespaceId,
        long generation,
        NamespaceState state,
        @Nullable String reason) {}
