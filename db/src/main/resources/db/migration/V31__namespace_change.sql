-- Changes to a live namespace (tier move, quota, egress allowlist, ownership), from request through review to
-- apply. The desired settings before and after, and the preview the requester saw, are kept as JSON so that the
-- review and the audit show exactly what was asked for, whatever the namespace looks like later.
CREATE TABLE namespace_change (
    id                  uuid        PRIMARY KEY,
    namespace_id        uuid        NOT NULL REFERENCES managed_namespace (id),
    team                text        NOT NULL REFERENCES team (id),
    cluster             text        NOT NULL,
    namespace           text        NOT NULL,
    kind                text        NOT NULL CHECK (kind IN ('TIER_MOVE', 'QUOTA', 'EGRESS', 'OWNERSHIP')),
    before_settings     jsonb       NOT NULL,
    desired             jsonb       NOT NULL,
    preview             jsonb       NOT NULL,
    reason              text        NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
    acknowledged        boolean     NOT NULL DEFAULT false,
    review_reason       text,
    state               text        NOT NULL CHECK (state IN ('PENDING', 'APPROVED', 'APPLIED', 'REJECTED',
                                                              'WITHDRAWN', 'FAILED')),
    state_reason        text,
    requested_by        text        NOT NULL,
    requested_by_name   text        NOT NULL,
    requested_at        timestamptz NOT NULL,
    decided_by          text,
    decided_by_name     text,
    decided_at          timestamptz,
    decision_comment    text,
    target_generation   bigint,
    applied_at          timestamptz,
    updated_at          timestamptz NOT NULL,
    version             integer     NOT NULL DEFAULT 0
);

-- One change at a time per namespace: a second open one (waiting for review or approved and not yet applied)
-- cannot be stored, whatever races the service layer loses.
CREATE UNIQUE INDEX namespace_change_one_open_idx
    ON namespace_change (namespace_id) WHERE state IN ('PENDING', 'APPROVED');
CREATE INDEX namespace_change_namespace_idx ON namespace_change (namespace_id, requested_at DESC);
CREATE INDEX namespace_change_state_idx ON namespace_change (state, requested_at);
