-- The identity of the API server behind a cluster record: the UID of its kube-system namespace. One API server
-- may be registered once only (a second record of the same server would let one team's namespaces be taken over
-- through the other record). Rows registered before this migration get it on their next successful probe.
ALTER TABLE cluster ADD COLUMN api_server_uid text;
ALTER TABLE cluster ADD CONSTRAINT cluster_api_server_uid_key UNIQUE (api_server_uid);
