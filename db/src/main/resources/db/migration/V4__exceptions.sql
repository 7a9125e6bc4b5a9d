-- Policy exceptions: a justified, time-limited hole in one control of one namespace, from request through
-- four-eyes review to activation in the cluster and expiry. The reconciler reads the ACTIVE ones.
CREATE TABLE policy_exception (
    id                 uuid        PRIMARY KEY,
    namespace_id       uuid        NOT NULL REFERENCES managed_namespace (id),
    team               text        NOT NULL REFERENCES team (id),
    cluster            text        NOT NULL,
    namespace          text        NOT NULL,
    tier               text        NOT NULL,
    control            text        NOT NULL,
    control_value      text,
    scope              text        NOT NULL CHECK (scope IN ('NAMESPACE', 'WORKLOADS')),
    workloads          text[]      NOT NULL DEFAULT '{}',
    justification      text        NOT NULL CHECK (length(justification) BETWEEN 20 AND 2000),
    ticket_url         text        CHECK (ticket_url IS NULL OR length(ticket_url) <= 500),
    duration_days      integer     NOT NULL CHECK (duration_days >= 1),
    state              text        NOT NULL CHECK (state IN ('PENDING', 'APPROVED', 'ACTIVE', 'EXPIRED', 'REJECTED',
                                                              'WITHDRAWN', 'REVOKED')),
    requested_by       text        NOT NULL,
    requested_by_name  text        NOT NULL,
    requested_at       timestamptz NOT NULL,
    approvals_required integer     NOT NULL CHECK (approvals_required BETWEEN 1 AND 2),
    approvals          integer     NOT NULL DEFAULT 0,
    activated_at       timestamptz,
    expires_at         timestamptz,
    closed_at          timestamptz,
    closed_reason      text,
    renewal_of         uuid        REFERENCES policy_exception (id),
    reminded_7d_at     timestamptz,
    reminded_1d_at     timestamptz,
    version            integer     NOT NULL DEFAULT 0,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX policy_exception_namespace_idx ON policy_exception (namespace_id, state);
CREATE INDEX policy_exception_state_idx ON policy_exception (state, requested_at);
CREATE INDEX policy_exception_team_idx ON policy_exception (team);

-- Reviewers' decisions. One approve-or-reject per reviewer and exception, so two approvals come from two
-- different people; a revocation is recorded beside it (the approver may be the one who revokes).
CREATE TABLE exception_decision (
    exception_id  uuid        NOT NULL REFERENCES policy_exception (id),
    reviewer      text        NOT NULL,
    reviewer_name text        NOT NULL,
    decision      text        NOT NULL CHECK (decision IN ('APPROVE', 'REJECT', 'REVOKE')),
    comment       text        NOT NULL DEFAULT '',
    decided_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX exception_decision_once_idx
    ON exception_decision (exception_id, reviewer) WHERE decision IN ('APPROVE', 'REJECT');

-- In-app notifications, to one user (subject) or to everyone with a role (e.g. REVIEWER).
CREATE TABLE notification (
    id                uuid        PRIMARY KEY,
    recipient_subject text,
    recipient_role    text,
    text              text        NOT NULL,
    link              text,
    created_at        timestamptz NOT NULL,
    read_at           timestamptz,
    CHECK ((recipient_subject IS NULL) <> (recipient_role IS NULL))
);
CREATE INDEX notification_subject_idx ON notification (recipient_subject, created_at DESC);
CREATE INDEX notification_role_idx ON notification (recipient_role, created_at DESC);

-- Who has read a role notification (a subject notification keeps read_at on its own row).
CREATE TABLE notification_read (
    notification_id uuid        NOT NULL REFERENCES notification (id),
    subject         text        NOT NULL,
    read_at         timestamptz NOT NULL,
    PRIMARY KEY (notification_id, subject)
);
