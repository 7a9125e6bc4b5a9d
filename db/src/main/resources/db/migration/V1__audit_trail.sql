-- Append-only, hash-chained audit trail. Every feature writes here.
CREATE TABLE audit_event (
    seq           bigint      PRIMARY KEY,
    id            uuid        NOT NULL UNIQUE,
    occurred_at   timestamptz NOT NULL,
    actor_subject text        NOT NULL,
    actor_name    text        NOT NULL,
    action        text        NOT NULL,
    outcome       text        NOT NULL DEFAULT 'SUCCESS' CHECK (outcome IN ('SUCCESS', 'DENIED', 'FAILED')),
    target_type   text,
    target_id     text,
    team          text,
    cluster       text,
    namespace     text,
    before_state  jsonb,
    after_state   jsonb,
    source_ip     text,
    user_agent    text,
    prev_hash     char(64)    NOT NULL,
    hash          char(64)    NOT NULL UNIQUE
);

CREATE INDEX audit_event_occurred_at_idx ON audit_event (occurred_at DESC);
CREATE INDEX audit_event_team_idx ON audit_event (team, occurred_at DESC);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_subject);
CREATE INDEX audit_event_action_idx ON audit_event (action);

-- The head of the chain: one row, locked by every append so concurrent writers cannot fork the chain.
CREATE TABLE audit_chain_head (
    id        smallint PRIMARY KEY CHECK (id = 1),
    last_seq  bigint   NOT NULL,
    last_hash char(64) NOT NULL
);
INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, repeat('0', 64));

CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();

CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
