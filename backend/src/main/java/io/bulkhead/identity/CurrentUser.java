package io.bulkhead.identity;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The signed-in user as the service layer sees it.
 *
 * @param subject stable id from the identity provider ({@code sub})
 * @param displayName human-readable name for screens and the audit trail
 * @param roles portal roles mapped from groups
 * @param teams team ids the user belongs to
 */
public record CurrentUser(String subject, String displayName, Set<Role> roles, SortedSet<String> teams) {

    /** The identity used for work the portal does by itself (reconciler, scheduler). */
    public static final CurrentUser SYSTEM =
            new CurrentUser("system:bulkhead", "Bulkhead", Set.of(Role.ADMIN), new TreeSet<>());

    public CurrentUser {
        roles = Set.copyOf(roles);
        teams = new TreeSet<>(teams);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... wanted) {
        for (Role r : wanted) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }

    /** Reviewers, managers and admins see every team; developers only their own. */
    public boolean seesAllTeams() {
        return hasAny(Role.REVIEWER, Role.MANAGER, Role.ADMIN);
    }

    public boolean canSeeTeam(String team) {
        return seesAllTeams() || teams.contains(team);
    }

    public boolean isMemberOf(String team) {
        return teams.contains(team);
    }

    /** Throws {@link AccessDeniedException} unless the user has one of the roles. */
    public void require(String action, Role... wanted) {
        if (!hasAny(wanted)) {
            throw new AccessDeniedException(action, "needs role " + java.util.Arrays.toString(wanted));
        }
    }

    /** Throws unless the user may see the team's data. */
    public void requireVisible(String action, String team) {
        if (!canSeeTeam(team)) {
            throw new AccessDeniedException(action, "not a member of team " + team);
        }
    }

    /** Throws unless the user is a member of the team (acting on behalf of a team needs membership). */
    public void requireMember(String action, String team) {
        if (!isMemberOf(team)) {
            throw new AccessDeniedException(action, "not a member of team " + team);
        }
    }

    public String primaryRoleLabel() {
        for (Role r : new Role[] {Role.ADMIN, Role.REVIEWER, Role.MANAGER, Role.DEVELOPER}) {
            if (roles.contains(r)) {
                return r.label();
            }
        }
        return "No role";
    }
}
