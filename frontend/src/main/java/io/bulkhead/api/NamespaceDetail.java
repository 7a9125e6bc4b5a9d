package io.bulkhead.api;

import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.ObjectStatus;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A namespace with its desired objects and what the last apply found, and its latest compliance score. */
public record NamespaceDetail(
        ManagedNamespace namespace,
        List<ObjectStatus> objects,
        @Nullable NamespaceScore score) {}
