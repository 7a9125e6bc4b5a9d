-- An admin's request to bring a namespace that already exists in the cluster under Bulkhead. The namespace record is
-- an ordinary managed_namespace row (always reviewed); this row says that its first apply may claim the existing
-- namespace (set the owner annotation) instead of refusing it, and when that happened.
CREATE TABLE namespace_adoption (
    namespace_id  uuid        PRIMARY KEY REFERENCES managed_namespace (id),
    requested_at  timestamptz NOT NULL,
    claimed_at    timestamptz
);
