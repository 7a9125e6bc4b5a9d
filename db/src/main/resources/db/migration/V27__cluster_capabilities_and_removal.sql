-- What a cluster's API server offers the tiers, as the last capability probe found it (null: not probed yet or
-- could not be told), and the removal of a cluster record. A removed cluster keeps its row, because the history of
-- its decommissioned namespaces names it, but loses its credentials and its API server identity (so that server can
-- be registered again) and no longer appears anywhere.
ALTER TABLE cluster ADD COLUMN pod_security_admission      boolean;
ALTER TABLE cluster ADD COLUMN validating_admission_policy boolean;
ALTER TABLE cluster ADD COLUMN capabilities_probed_at      timestamptz;
ALTER TABLE cluster ADD COLUMN capabilities_server_version text;
ALTER TABLE cluster ADD COLUMN removed_at                  timestamptz;
