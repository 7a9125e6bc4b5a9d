package io.bulkhead.audit;

import java.time.Instant;

/**
 * Published (as a Spring application event, in the writer's transaction) for every event the audit trail records,
 * so that features can react to what happened without each service publishing events of its own. Listeners that
 * send something out should listen after commit ({@code @TransactionalEventListener}): a rolled-back change was
 * never audited.
 */
public record AuditRecorded(AuditEntry entry, String actorSubject, String actorName, Instant at) {}
