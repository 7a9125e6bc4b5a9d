-- The daily trend of closed days (before today), rolled up per team, cluster and tier: the sum of the scores
-- standing at the end of the day and how many there are. A trend over a year reads days × groups rows instead of a
-- year of snapshots of every namespace. Filled on first read and by the daily run; history written for a past day
-- (or a namespace ending on one) removes the rolled-up days from that day on, so they are recomputed.
CREATE TABLE compliance_rollup (
    day        date    NOT NULL,
    team       text    NOT NULL,
    cluster    text    NOT NULL,
    tier       text    NOT NULL,
    score_sum  numeric NOT NULL,
    namespaces integer NOT NULL CHECK (namespaces > 0),
    PRIMARY KEY (day, team, cluster, tier)
);

-- The days whose rollup is complete (a day may have no rows: nothing was scored yet).
CREATE TABLE compliance_rollup_day (
    day         date        PRIMARY KEY,
    computed_at timestamptz NOT NULL
);
