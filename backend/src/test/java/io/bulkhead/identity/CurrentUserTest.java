package io.bulkhead.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CurrentUserTest {

    private static CurrentUser user(Set<Role> roles, String... teams) {
        return new CurrentUser("u", "U", roles, new TreeSet<>(Set.of(teams)));
    }

    @Test
    void developersSeeOnlyTheirOwnTeams() {
        CurrentUser dev = user(Set.of(Role.DEVELOPER), "payments");

        assertThat(dev.seesAllTeams()).isFalse();
        assertThat(dev.canSeeTeam("payments")).isTrue();
        assertThat(dev.canSeeTeam("search")).isFalse();
        assertThatThrownBy(() -> dev.requireVisible("read namespaces", "search"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Not allowed to read namespaces: not a member of team search");
    }

    @Test
    void reviewersManagersAndAdminsSeeEveryTeamButActOnlyForTheirOwn() {
        for (Role r : Set.of(Role.REVIEWER, Role.MANAGER, Role.ADMIN)) {
            CurrentUser u = user(Set.of(r), "platform");
            assertThat(u.seesAllTeams()).as(r.name()).isTrue();
            assertThat(u.canSeeTeam("payments")).as(r.name()).isTrue();
            assertThatThrownBy(() -> u.requireMember("request a namespace", "payments"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatCode(() -> u.requireMember("request a namespace", "platform"))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void requireNamesTheActionAndTheRolesNeeded() {
        CurrentUser dev = user(Set.of(Role.DEVELOPER));

        assertThatThrownBy(() -> dev.require("approve", Role.REVIEWER, Role.ADMIN))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Not allowed to approve: needs role [REVIEWER, ADMIN]")
                .extracting(e -> ((AccessDeniedException) e).action())
                .isEqualTo("approve");
        assertThatCode(() -> user(Set.of(Role.ADMIN)).require("approve", Role.REVIEWER, Role.ADMIN))
                .doesNotThrowAnyException();
    }

    @Test
    void nobodyWithoutRolesMayDoAnything() {
        CurrentUser none = user(Set.of());

        assertThat(none.hasAny(Role.values())).isFalse();
        assertThat(none.seesAllTeams()).isFalse();
        assertThat(none.primaryRoleLabel()).isEqualTo("No role");
    }

    @Test
    void primaryRoleIsTheMostPowerful() {
        assertThat(user(Set.of(Role.DEVELOPER, Role.ADMIN)).primaryRoleLabel()).isEqualTo("Platform admin");
        assertThat(user(Set.of(Role.DEVELOPER, Role.MANAGER, Role.REVIEWER)).primaryRoleLabel())
                .isEqualTo("Security reviewer");
        assertThat(user(Set.of(Role.DEVELOPER)).primaryRoleLabel()).isEqualTo("Developer");
    }

    @Test
    void isImmutable() {
        var teams = new TreeSet<>(Set.of("payments"));
        CurrentUser u = new CurrentUser("u", "U", Set.of(Role.DEVELOPER), teams);
        teams.add("search");

        assertThat(u.teams()).containsExactly("payments");
        assertThat(CurrentUser.SYSTEM.has(Role.ADMIN)).isTrue();
        assertThat(CurrentUser.SYSTEM.subject()).isEqualTo("system:bulkhead");
    }

    @Test
    void roleAuthoritiesArePrefixed() {
        assertThat(Role.DEVELOPER.authority()).isEqualTo("ROLE_DEVELOPER");
        assertThat(Role.TEAM_AUTHORITY_PREFIX).isEqualTo("TEAM_");
    }
}
