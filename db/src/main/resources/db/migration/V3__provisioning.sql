-- Desired state of every namespace Bulkhead manages, from request to deletion. The reconciler makes clusters
-- match this table.
CREATE TABLE managed_namespace (
    id                 uuid        PRIMARY KEY,
    cluster            text        NOT NULL REFERENCES cluster (name),
    name               text        NOT NULL CHECK (name ~ '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' AND length(name) <= 63),
    team               text        NOT NULL REFERENCES team (id),
    tier               text        NOT NULL REFERENCES tier (name),
    tier_version       integer     NOT NULL,
    quota_preset       text        NOT NULL,
    egress             jsonb       NOT NULL DEFAULT '[]',
    purpose            text        NOT NULL DEFAULT '',
    state              text        NOT NULL CHECK (state IN ('REQUESTED', 'APPROVED', 'REJECTED', 'PROVISIONING', 'READY',
                                                              'FAILED', 'DECOMMISSIONING', 'DELETED')),
    state_reason       text,
    needs_review       boolean     NOT NULL,
    review_reason      text,
    requested_by       text        NOT NULL,
    requested_by_name  text        NOT NULL,
    requested_at       timestamptz NOT NULL,
    decided_by         text,
    decided_by_name    text,
    decided_at         timestamptz,
    decision_comment   text,
    generation         bigint      NOT NULL DEFAULT 1,
    applied_generation bigint      NOT NULL DEFAULT 0,
    last_reconciled_at timestamptz,
    updated_at         timestamptz NOT NULL,
    version            integer     NOT NULL DEFAULT 0,
    FOREIGN KEY (tier, tier_version) REFERENCES tier_version (tier, version)
);

-- A name is taken in a cluster until the namespace is deleted or its request rejected.
CREATE UNIQUE INDEX managed_namespace_live_name_idx
    ON managed_namespace (cluster, name) WHERE state NOT IN ('DELETED', 'REJECTED');
CREATE INDEX managed_namespace_team_idx ON managed_namespace (team);
CREATE INDEX managed_namespace_state_idx ON managed_namespace (state);

-- What the last apply did to each desired object, read back from the API server.
CREATE TABLE namespace_object (
    namespace_id     uuid        NOT NULL REFERENCES managed_namespace (id),
    object_key       text        NOT NULL,
    api_version      text        NOT NULL,
    kind             text        NOT NULL,
    object_namespace text,
    name             text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('PENDING', 'APPLIED', 'FAILED', 'PRUNED')),
    message          text,
    resource_version text,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (namespace_id, object_key)
);

-- Drift found by the reconciler (also in the audit trail), for the admin dashboard.
CREATE TABLE drift_event (
    id            bigserial   PRIMARY KEY,
    namespace_id  uuid        REFERENCES managed_namespace (id),
    cluster       text        NOT NULL,
    namespace     text,
    object_key    text        NOT NULL,
    change        text        NOT NULL,
    field_manager text,
    detected_at   timestamptz NOT NULL,
    repaired      boolean     NOT NULL
);
CREATE INDEX drift_event_detected_idx ON drift_event (detected_at DESC);

-- db-scheduler (PostgreSQL-backed, safe with several replicas).
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
