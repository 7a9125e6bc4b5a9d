-- When a namespace stopped being live (decommissioned): its last score no longer carries forward in the daily trend
-- from that day on. Set once, by compliance, when it sees the namespace gone; a namespace never comes back.
ALTER TABLE compliance_evaluation ADD COLUMN ended_at timestamptz;
