-- Runs after every migration as the owner role. When the application connects as a separate role
-- (${appRole}), it gets full use of the ordinary tables and only SELECT/INSERT on the audit trail.
DO $$
DECLARE
    app_role text := '${appRole}';
BEGIN
    IF app_role <> '' AND app_role <> current_user
       AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role) THEN
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM %I', app_role);
        EXECUTE format('REVOKE ALL ON flyway_schema_history FROM %I', app_role);
        EXECUTE format('GRANT SELECT ON flyway_schema_history TO %I', app_role);
    END IF;
END;
$$;
