-- The audit page filters by substrings (case-insensitive) of the actor, action, team and target. At millions of
-- events a substring that matches few rows would read the whole table; trigram indexes find them directly (pg_trgm
-- is a trusted extension shipped with PostgreSQL; the database owner may create it). Patterns of fewer than three
-- characters cannot use them and fall back to reading newest first. The actor and target expressions are exactly
-- the ones AuditStore filters on, so the planner matches them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX audit_event_action_trgm ON audit_event USING gin (action gin_trgm_ops);
CREATE INDEX audit_event_actor_trgm ON audit_event USING gin ((actor_subject || ' ' || actor_name) gin_trgm_ops);
CREATE INDEX audit_event_team_trgm ON audit_event USING gin (team gin_trgm_ops);
CREATE INDEX audit_event_target_trgm ON audit_event USING gin (
    (coalesce(target_type, '') || '/' || coalesce(target_id, '') || ' ' || coalesce(cluster, '') || '/'
        || coalesce(namespace, '')) gin_trgm_ops);
