package io.bulkhead.audit;

/**
 * An audit event with its target named for people: the namespace's name and cluster, the exception's control and
 * namespace, the cluster's name, instead of {@code namespace/<uuid>}. The raw target stays in {@link #event()}.
 */
public record NamedAuditEvent(AuditEvent event, String targetName) {}
