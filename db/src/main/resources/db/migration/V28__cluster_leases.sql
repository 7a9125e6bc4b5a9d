-- Each registered cluster is owned by one replica at a time: its informers, reconcile passes and inventory writes.
-- A lease is taken and renewed by single statements (INSERT ... ON CONFLICT ... WHERE expired OR mine), always
-- in database time, so replicas with skewed clocks agree. The fencing token grows by one on every acquisition:
-- a write carries the token its replica acquired and is refused once another replica took over.
-- No foreign key to cluster: a lease row outlives nothing it guards (a removed cluster's lease just expires).
CREATE TABLE cluster_lease (
    cluster     text        PRIMARY KEY,
    holder      text        NOT NULL,
    token       bigint      NOT NULL CHECK (token > 0),
    acquired_at timestamptz NOT NULL,
    renewed_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX cluster_lease_holder_idx ON cluster_lease (holder);

-- The replicas alive now, each renewing its row with its leases: the fair share of clusters is
-- ceil(clusters / live replicas).
CREATE TABLE replica_heartbeat (
    replica    text        PRIMARY KEY,
    started_at timestamptz NOT NULL,
    seen_at    timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
