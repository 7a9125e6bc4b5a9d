-- Pod Security conformance (issue 12).
-- A finding of a control that the namespace's tier does not promise (a restricted-only check in a baseline-tier
-- namespace) is ADVICE: shown, but outside the score.
ALTER TABLE compliance_finding DROP CONSTRAINT compliance_finding_result_check;
ALTER TABLE compliance_finding
    ADD CONSTRAINT compliance_finding_result_check CHECK (result IN ('PASS', 'FAIL', 'WAIVED', 'ADVICE'));

-- A Pod Security control reports each offending field of a workload on its own (two probe hosts of one container
-- are two findings): the field path is part of the key.
ALTER TABLE compliance_finding DROP CONSTRAINT compliance_finding_pkey;
ALTER TABLE compliance_finding
    ADD PRIMARY KEY (namespace_id, control_id, workload_kind, workload_name, container, field);

-- The catalog (and scoring rule) version each snapshot was computed with; history before this migration is 1.
ALTER TABLE compliance_score ADD COLUMN catalog_version integer NOT NULL DEFAULT 1;

-- The inventory now keeps every field Pod Security reads (os, hostUsers, volume types, AppArmor annotations,
-- probe hosts, ...): the next LIST sync rewrites every stored workload, and the next evaluation its findings.
UPDATE inventory_workload SET resource_version = '';
UPDATE compliance_evaluation SET findings_hash = '';
