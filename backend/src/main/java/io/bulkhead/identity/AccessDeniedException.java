package io.bulkhead.identity;

/** Thrown by the service layer when the current user may not perform an action. */
public class AccessDeniedException extends org.springframework.security.access.AccessDeniedException {
    private final String action;

    public AccessDeniedException(String action, String reason) {
        super("Not allowed to " + action + ": " + reason);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
