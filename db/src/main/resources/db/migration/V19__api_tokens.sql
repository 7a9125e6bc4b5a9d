-- Personal access tokens for the REST API. The token itself is never stored: only its lookup prefix and the
-- SHA-256 of the whole token (a high-entropy random secret, so a plain hash is enough). A token carries the roles
-- and teams its owner had when it was created, narrowed by its scopes; it never grows with later group changes.
CREATE TABLE api_token (
    id              uuid        PRIMARY KEY,
    prefix          text        NOT NULL UNIQUE,
    secret_hash     bytea       NOT NULL,
    name            text        NOT NULL,
    owner_subject   text        NOT NULL,
    owner_name      text        NOT NULL,
    roles           text[]      NOT NULL,
    teams           text[]      NOT NULL,
    scopes          text[]      NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    last_used_at    timestamptz,
    last_used_ip    text,
    use_count       bigint      NOT NULL DEFAULT 0,
    CONSTRAINT api_token_name_length CHECK (char_length(name) BETWEEN 1 AND 80),
    CONSTRAINT api_token_expiry_after_creation CHECK (expires_at > created_at)
);

CREATE INDEX api_token_owner ON api_token (owner_subject, created_at DESC);
