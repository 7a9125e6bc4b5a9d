-- Exceptions are requested for a finding: the control is the compliance control the findings name (e.g.
-- pss-run-as-non-root), the scope can narrow to one workload kind and one container, and the cluster change that
-- makes it true (the mechanism: a lowered Pod Security level, an admission-rule exclusion, an extra egress rule, a
-- larger quota preset, or none) is decided by the backend when the request is made and stored, so what the
-- reviewer previewed is what is applied.
ALTER TABLE policy_exception
    ADD COLUMN workload_kind   text CHECK (workload_kind IS NULL OR length(workload_kind) <= 40),
    ADD COLUMN container       text CHECK (container IS NULL OR length(container) <= 63),
    ADD COLUMN mechanism       text,
    ADD COLUMN mechanism_value text;

-- Rows from before: the control was the mechanism itself.
UPDATE policy_exception SET mechanism = control, mechanism_value = control_value;

-- Admission-rule exceptions from before name the control those rules enforce, so they waive its findings.
UPDATE policy_exception SET control = 'tier-runtime-class' WHERE control = 'admission:requireRuntimeClass';
UPDATE policy_exception SET control = 'nsa-read-only-root-fs' WHERE control = 'admission:readOnlyRootFilesystem';
UPDATE policy_exception SET control = 'nsa-resource-limits' WHERE control = 'admission:resourceLimits';
UPDATE policy_exception SET control = 'img-digest' WHERE control = 'admission:imageDigestAndRegistry';

ALTER TABLE policy_exception ALTER COLUMN mechanism SET NOT NULL;
