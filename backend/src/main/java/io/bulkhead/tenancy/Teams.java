package io.bulkhead.tenancy;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.tenancy.internal.TeamStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Team directory. Developers see their own teams; everyone else sees all. Admins add teams. */
@Service
public class Teams {
    private final TeamStore store;
    private final CurrentUsers users;
    private final AuditTrail audit;

    Teams(TeamStore store, CurrentUsers users, AuditTrail audit) {
        this.store = store;
        this.users = users;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<Team> visible() {
        CurrentUser u = users.require();
        return store.all().stream().filter(t -> u.canSeeTeam(t.id())).toList();
    }

    @Transactional(readOnly = true)
    public Optional<Team> find(String id) {
        return store.find(id);
    }

    /** Team id for an OIDC group name, if one is registered. Used by the login to map groups to teams. */
    @Transactional(readOnly = true)
    public Optional<String> teamForGroup(String group) {
        return store.all().stream()
                .filter(t -> t.oidcGroup().equals(group))
                .map(Team::id)
                .findFirst();
    }

    @Transactional
    public Team create(CurrentUser actor, Team team) {
        actor.require("create a team", Role.ADMIN);
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        if (team.id() == null
                || !team.id().matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
                || team.id().length() > 40) {
            errors.put("id", "Team id must be a lowercase DNS label of at most 40 characters.");
        } else if (store.find(team.id()).isPresent()) {
            errors.put("id", "A team with this id exists.");
        }
        if (!printable(team.displayName(), 100)) {
            errors.put("displayName", "Give a name of 1–100 characters without control characters.");
        }
        if (!printable(team.oidcGroup(), 200)) {
            errors.put("oidcGroup", "Give the group of 1–200 characters without control characters.");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        try {
            store.insert(team);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new ValidationException(Map.of("oidcGroup", "Another team already maps from this group."));
        }
        audit.record(
                actor,
                AuditEntry.of("team.created")
                        .target("team", team.id())
                        .team(team.id())
                        .change(null, Map.of("displayName", team.displayName(), "group", team.oidcGroup())));
        return team;
    }

    @Transactional(readOnly = true)
    public boolean exists(String id) {
        return store.find(id).isPresent();
    }

    private static boolean printable(@org.jspecify.annotations.Nullable String s, int max) {
        return s != null && !s.isBlank() && s.length() <= max && s.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
