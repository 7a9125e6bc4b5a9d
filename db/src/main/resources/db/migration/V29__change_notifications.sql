-- Changes every replica must show at once, whichever replica made them: PostgreSQL notifies all listeners
-- (one connection per replica, see DatabaseNotifications) after the writing transaction commits. Payloads carry
-- keys only; listeners re-read through the facades, with the signed-in user's rights.
CREATE FUNCTION bulkhead_notify_namespace() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('bulkhead_namespace',
                      json_build_object('id', NEW.id, 'cluster', NEW.cluster, 'team', NEW.team,
                                        'state', NEW.state)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER managed_namespace_notify
    AFTER INSERT OR UPDATE OF state, state_reason, generation, applied_generation, needs_review
    ON managed_namespace
    FOR EACH ROW EXECUTE FUNCTION bulkhead_notify_namespace();

CREATE FUNCTION bulkhead_notify_notification() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('bulkhead_notification',
                      json_build_object('id', NEW.id, 'subject', NEW.recipient_subject,
                                        'role', NEW.recipient_role)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER notification_notify
    AFTER INSERT ON notification
    FOR EACH ROW EXECUTE FUNCTION bulkhead_notify_notification();
