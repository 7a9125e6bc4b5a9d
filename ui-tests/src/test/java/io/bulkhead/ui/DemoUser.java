package io.bulkhead.ui;

/** The embedded identity provider's demo accounts (password {@code demo}) and what the shell shows for each. */
public enum DemoUser {
    DEV_ALICE("dev-alice", "Alice Developer", "Team payments", "Developer"),
    DEV_BOB("dev-bob", "Bob Developer", "Team search", "Developer"),
    REVIEWER("reviewer", "Rita Reviewer", "All teams", "Security reviewer"),
    REVIEWER2("reviewer2", "Rahul Reviewer", "All teams", "Security reviewer"),
    MANAGER("manager", "Max Manager", "All teams", "Manager"),
    ADMIN("admin", "Ada Admin", "All teams", "Platform admin"),
    NEWCOMER("newcomer", "Nico Newcomer", "No team", "Developer");

    static final String PASSWORD = "demo";

    private final String username;
    private final String displayName;
    private final String teamsBadge;
    private final String roleBadge;

    DemoUser(String username, String displayName, String teamsBadge, String roleBadge) {
        this.username = username;
        this.displayName = displayName;
        this.teamsBadge = teamsBadge;
        this.roleBadge = roleBadge;
    }

    public String username() {
        return username;
    }

    public String displayName() {
        return displayName;
    }

    public String teamsBadge() {
        return teamsBadge;
    }

    public String roleBadge() {
        return roleBadge;
    }

    public boolean isAdmin() {
        return this == ADMIN;
    }

    public boolean isReviewer() {
        return this == REVIEWER || this == REVIEWER2;
    }
}
