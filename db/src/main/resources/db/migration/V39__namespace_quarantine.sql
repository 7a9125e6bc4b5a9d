-- Namespaces in quarantine. While a namespace has a row here the reconciler renders its quarantined desired state
-- (all traffic denied, the team's write access suspended, the team's own NetworkPolicies parked), so neither a
-- reconcile, a restart nor drift repair undoes it. Release marks the row RELEASING: the reconciler then renders
-- the namespace as before, puts the parked policies back and deletes the row. The history is in the audit trail.
CREATE TABLE namespace_quarantine (
    namespace_id        uuid        PRIMARY KEY REFERENCES managed_namespace (id),
    state               text        NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'RELEASING')),
    reason              text        NOT NULL CHECK (length(reason) BETWEEN 5 AND 1000),
    quarantined_by      text        NOT NULL,
    quarantined_by_name text        NOT NULL,
    quarantined_at      timestamptz NOT NULL,
    released_by         text,
    released_by_name    text,
    released_at         timestamptz,
    release_reason      text        CHECK (release_reason IS NULL OR length(release_reason) BETWEEN 5 AND 1000),
    -- the team's own NetworkPolicies taken out of the namespace while it is quarantined, by name
    parked_policies     jsonb       NOT NULL DEFAULT '{}'::jsonb
);
