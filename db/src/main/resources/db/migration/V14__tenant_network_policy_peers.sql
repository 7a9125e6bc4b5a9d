-- What NetworkPolicies not made by Bulkhead open in a namespace: one entry per rule peer
-- ({policy, ingress, peer, cidr}), compared with the tier by the compliance control ns-no-tenant-widening.
ALTER TABLE inventory_namespace
    ADD COLUMN tenant_network_policy_peers jsonb NOT NULL DEFAULT '[]';
