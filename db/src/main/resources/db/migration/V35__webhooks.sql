-- Outgoing webhooks. An endpoint belongs to a team (it sees only that team's events) or, with team NULL, to the
-- platform admins (it sees every team's events). The signing secret is encrypted at rest with the credentials key
-- (AES-256-GCM, the endpoint id bound as associated data); the database never holds it in clear.
CREATE TABLE webhook_endpoint (
    id               uuid        PRIMARY KEY,
    team             text,
    name             text        NOT NULL,
    url              text        NOT NULL,
    format           text        NOT NULL CHECK (format IN ('BULKHEAD', 'SLACK')),
    events           text[]      NOT NULL,
    score_threshold  integer     NOT NULL DEFAULT 80 CHECK (score_threshold BETWEEN 1 AND 100),
    secret_encrypted bytea       NOT NULL,
    enabled          boolean     NOT NULL DEFAULT true,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT webhook_endpoint_name_length CHECK (char_length(name) BETWEEN 1 AND 80),
    CONSTRAINT webhook_endpoint_url_length CHECK (char_length(url) BETWEEN 1 AND 2000)
);

CREATE INDEX webhook_endpoint_team ON webhook_endpoint (team);

-- One event for one endpoint. Its body is fixed when the event happens (the signature covers exactly it); every
-- try is a row in webhook_attempt, the endpoint's delivery log.
CREATE TABLE webhook_delivery (
    id            uuid        PRIMARY KEY,
    endpoint_id   uuid        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_type    text        NOT NULL,
    event_id      uuid        NOT NULL,
    body          text        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts      integer     NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL,
    next_try_at   timestamptz,
    finished_at   timestamptz
);

CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, created_at DESC);

CREATE TABLE webhook_attempt (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id   uuid        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt       integer     NOT NULL,
    attempted_at  timestamptz NOT NULL,
    status_code   integer,
    error         text,
    duration_ms   integer     NOT NULL
);

CREATE INDEX webhook_attempt_delivery ON webhook_attempt (delivery_id, attempt);

