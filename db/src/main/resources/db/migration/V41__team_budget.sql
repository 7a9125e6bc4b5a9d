-- A team's quota budget per cluster, set by an admin: the sum of the ResourceQuotas of the team's live namespaces in
-- that cluster (requests.cpu, requests.memory, requests.storage) and how many namespaces it may have there. A null
-- amount means no limit on that resource. Requests and quota changes that fit in what is left are approved
-- automatically (where the tier's rules allow it); the rest wait for a reviewer, with the overrun in the reason.
CREATE TABLE team_budget (
    team            text        NOT NULL REFERENCES team (id),
    cluster         text        NOT NULL,
    cpu             text        CHECK (length(cpu) <= 40),
    memory          text        CHECK (length(memory) <= 40),
    storage         text        CHECK (length(storage) <= 40),
    namespaces      integer     CHECK (namespaces BETWEEN 0 AND 10000),
    updated_by      text        NOT NULL,
    updated_by_name text        NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (team, cluster)
);
CREATE INDEX team_budget_cluster_idx ON team_budget (cluster);
