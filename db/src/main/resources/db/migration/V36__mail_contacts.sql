-- Where portal e-mail goes: the address, roles and teams a user had at their latest sign-in (from the identity
-- provider's claims), and their own opt-out of notification mail.
CREATE TABLE mail_contact (
    subject      text        PRIMARY KEY,
    display_name text        NOT NULL,
    email        text,
    roles        text[]      NOT NULL,
    teams        text[]      NOT NULL,
    opted_out    boolean     NOT NULL DEFAULT false,
    seen_at      timestamptz NOT NULL
);

CREATE INDEX mail_contact_teams ON mail_contact USING gin (teams);
