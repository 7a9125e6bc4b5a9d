-- Inventory of registered clusters, kept current by the inventory sync. Only the security-relevant facts of a
-- pod template are stored (jsonb), never whole objects.
CREATE TABLE inventory_namespace (
    cluster              text        NOT NULL,
    namespace            text        NOT NULL,
    labels               jsonb       NOT NULL DEFAULT '{}',
    resource_quotas      text[]      NOT NULL DEFAULT '{}',
    limit_ranges         text[]      NOT NULL DEFAULT '{}',
    default_deny_ingress boolean     NOT NULL DEFAULT false,
    default_deny_egress  boolean     NOT NULL DEFAULT false,
    service_accounts     jsonb       NOT NULL DEFAULT '{}',
    observed_at          timestamptz NOT NULL,
    PRIMARY KEY (cluster, namespace)
);

-- Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and bare Pods (pods and jobs owned by a controller are
-- represented by their owner).
CREATE TABLE inventory_workload (
    cluster          text        NOT NULL,
    namespace        text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod')),
    name             text        NOT NULL,
    uid              text        NOT NULL,
    template         jsonb       NOT NULL,
    images           text[]      NOT NULL DEFAULT '{}',
    resource_version text        NOT NULL,
    observed_at      timestamptz NOT NULL,
    PRIMARY KEY (cluster, namespace, kind, name)
);
-- "where does this image run": images holds every reference and its registry/repository name
CREATE INDEX inventory_workload_images_idx ON inventory_workload USING gin (images);

-- The current findings of each managed namespace (replaced on every evaluation).
CREATE TABLE compliance_finding (
    namespace_id  uuid        NOT NULL REFERENCES managed_namespace (id),
    cluster       text        NOT NULL,
    namespace     text        NOT NULL,
    workload_kind text        NOT NULL DEFAULT '',
    workload_name text        NOT NULL DEFAULT '',
    container     text        NOT NULL DEFAULT '',
    control_id    text        NOT NULL,
    severity      text        NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    field         text        NOT NULL,
    actual        text        NOT NULL,
    expected      text        NOT NULL,
    fix           text        NOT NULL,
    result        text        NOT NULL CHECK (result IN ('PASS', 'FAIL', 'WAIVED')),
    evaluated_at  timestamptz NOT NULL,
    PRIMARY KEY (namespace_id, control_id, workload_kind, workload_name, container)
);
CREATE INDEX compliance_finding_control_idx ON compliance_finding (control_id) WHERE result = 'FAIL';

-- Score history: a snapshot on every change and at least daily, kept bulkhead.compliance.retention-days.
CREATE TABLE compliance_score (
    id           bigserial    PRIMARY KEY,
    namespace_id uuid         NOT NULL REFERENCES managed_namespace (id),
    cluster      text         NOT NULL,
    namespace    text         NOT NULL,
    team         text         NOT NULL,
    tier         text         NOT NULL,
    score        numeric(4,1) NOT NULL CHECK (score BETWEEN 0 AND 100),
    passed       integer      NOT NULL,
    failed       integer      NOT NULL,
    waived       integer      NOT NULL,
    computed_at  timestamptz  NOT NULL
);
CREATE INDEX compliance_score_time_idx ON compliance_score (computed_at);
CREATE INDEX compliance_score_namespace_idx ON compliance_score (namespace_id, computed_at DESC);
CREATE INDEX compliance_score_team_idx ON compliance_score (team, computed_at);
