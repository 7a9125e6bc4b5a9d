-- What the last evaluation of each namespace found, as a hash of its failed and waived findings: a recompute that
-- finds the same writes nothing. compliance_finding keeps only failed and waived findings from now on (the passed
-- ones are counted in compliance_score.passed).
CREATE TABLE compliance_evaluation (
    namespace_id  uuid        PRIMARY KEY REFERENCES managed_namespace (id),
    findings_hash text        NOT NULL,
    evaluated_at  timestamptz NOT NULL
);

DELETE FROM compliance_finding WHERE result = 'PASS';
