package io.bulkhead.identity;

/** Portal roles. Granted authorities are {@code ROLE_<name>}. */
public enum Role {
    DEVELOPER,
    REVIEWER,
    MANAGER,
    ADMIN;

    public static final String TEAM_AUTHORITY_PREFIX = "TEAM_";

    public String authority() {
        return "ROLE_" + name();
    }

    public String label() {
        return switch (this) {
            case DEVELOPER -> "Developer";
            case REVIEWER -> "Security reviewer";
            case MANAGER -> "Manager";
            case ADMIN -> "Platform admin";
        };
    }
}
