-- Drift is what someone else did (issue 13). Each object row keeps what Bulkhead last applied to it (the desired
-- object as JSON, and a hash of it): a live object that no longer holds those fields was changed behind Bulkhead's
-- back (drift); one that still holds them but not the new desired state is Bulkhead's own change (a tier roll, an
-- exception), recorded as what it is. Rows from before this migration have none; the next pass fills them in.
ALTER TABLE namespace_object ADD COLUMN applied jsonb;
ALTER TABLE namespace_object ADD COLUMN applied_hash text;

-- A shared cluster-scoped object (a tier version's admission policy or binding) that a decommissioned namespace
-- no longer uses but other namespaces of the same tier version still do: RELEASED, not PRUNED, because it stays.
ALTER TABLE namespace_object DROP CONSTRAINT namespace_object_status_check;
ALTER TABLE namespace_object
    ADD CONSTRAINT namespace_object_status_check
        CHECK (status IN ('PENDING', 'APPLIED', 'FAILED', 'PRUNED', 'RELEASED'));
