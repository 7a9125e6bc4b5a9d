-- Teams come from OIDC groups; the table holds their display data and the group that maps to them.
CREATE TABLE team (
    id           text PRIMARY KEY CHECK (id ~ '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' AND length(id) <= 40),
    display_name text NOT NULL,
    oidc_group   text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cluster (
    id                    uuid        PRIMARY KEY,
    name                  text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' AND length(name) <= 40),
    display_name          text        NOT NULL,
    api_url               text,
    connection_kind       text        NOT NULL CHECK (connection_kind IN ('LOCAL', 'KUBECONFIG', 'TOKEN')),
    credentials_encrypted bytea,
    status                text        NOT NULL DEFAULT 'UNKNOWN' CHECK (status IN ('UNKNOWN', 'REACHABLE', 'UNREACHABLE', 'UNAVAILABLE')),
    status_reason         text,
    server_version        text,
    runtime_classes       text[]      NOT NULL DEFAULT '{}',
    last_probe_at         timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    version               integer     NOT NULL DEFAULT 0
);

CREATE TABLE tier (
    name        text    PRIMARY KEY CHECK (name ~ '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'),
    title       text    NOT NULL,
    summary     text    NOT NULL,
    sort_order  integer NOT NULL DEFAULT 0
);

CREATE TABLE tier_version (
    tier         text        NOT NULL REFERENCES tier (name),
    version      integer     NOT NULL CHECK (version > 0),
    bundle_yaml  text        NOT NULL,
    bundle_sha256 char(64)   NOT NULL,
    published_at timestamptz NOT NULL,
    published_by text        NOT NULL,
    PRIMARY KEY (tier, version)
);
