-- A namespace's page shows the events about it and about its exceptions: one query by exact target ids
-- (AuditLog.forTargets), newest first. Without this index it reads the table from the newest event backwards.
CREATE INDEX audit_event_target_id_idx ON audit_event (target_id, seq DESC);
