-- Audit events are written in two steps so that concurrent writers never wait on one another. In the writer's
-- own transaction an event is only staged here (it commits or rolls back with the change it describes; no lock
-- is shared between writers). Right after that transaction commits, the chainer links every committed staged
-- event onto the chain in audit_event — one batch, one lock on the chain head, sequence numbers without gaps —
-- and deletes them here. A periodic sweep chains what a crash left behind. before/after hold the canonical JSON
-- that the event's hash covers, as text, so chaining does not re-encode them.
CREATE TABLE audit_pending (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      uuid        NOT NULL UNIQUE,
    occurred_at   timestamptz NOT NULL,
    actor_subject text        NOT NULL,
    actor_name    text        NOT NULL,
    action        text        NOT NULL,
    outcome       text        NOT NULL CHECK (outcome IN ('SUCCESS', 'DENIED', 'FAILED')),
    target_type   text,
    target_id     text,
    team          text,
    cluster       text,
    namespace     text,
    before_state  text,
    after_state   text,
    source_ip     text,
    user_agent    text
);
