package io.bulkhead.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.testsupport.TestUsers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

class CurrentUsersTest {

    private final CurrentUsers users = new CurrentUsers();

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void mapsRoleAndTeamAuthoritiesAndIgnoresOthers() {
        var auth = new TestingAuthenticationToken(
                "dana",
                "n/a",
                "ROLE_DEVELOPER",
                "TEAM_payments",
                "TEAM_search",
                "ROLE_SUPERUSER",
                "SCOPE_openid",
                "OIDC_USER");

        CurrentUser u = CurrentUsers.from(auth).orElseThrow();

        assertThat(u.subject()).isEqualTo("dana");
        assertThat(u.displayName()).isEqualTo("dana");
        assertThat(u.roles()).containsExactly(Role.DEVELOPER);
        assertThat(u.teams()).containsExactly("payments", "search");
    }

    @Test
    void mapsEveryPortalRole() {
        var auth = new TestingAuthenticationToken(
                "root", "n/a", "ROLE_DEVELOPER", "ROLE_REVIEWER", "ROLE_MANAGER", "ROLE_ADMIN");

        assertThat(CurrentUsers.from(auth).orElseThrow().roles()).containsExactlyInAnyOrder(Role.values());
    }

    @Test
    void nobodyWhenNotSignedInAnonymousOrUnauthenticated() {
        assertThat(users.find()).isEmpty();
        assertThat(CurrentUsers.from(null)).isEmpty();
        assertThat(CurrentUsers.from(new AnonymousAuthenticationToken(
                        "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"))))
                .isEmpty();
        assertThat(CurrentUsers.from(new TestingAuthenticationToken("x", "y"))).isEmpty();
    }

    @Test
    void requireThrowsTheServiceLayersAccessDeniedWhenNobodyIsSignedIn() {
        org.assertj.core.api.Assertions.assertThatThrownBy(users::require)
                .isInstanceOf(AccessDeniedException.class)
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class)
                .hasMessage("Not allowed to act: not signed in");
    }

    @Test
    void readsTheSignedInUserFromTheSecurityContext() {
        try (var ignored = TestUsers.signIn(TestUsers.developer("erin", "payments"))) {
            CurrentUser u = users.require();
            assertThat(u.subject()).isEqualTo("erin");
            assertThat(u.roles()).containsExactly(Role.DEVELOPER);
            assertThat(u.teams()).containsExactly("payments");
        }
        assertThat(users.find()).isEmpty();
    }

    @Test
    void oidcUserGivesSubjectAndDisplayName() {
        OidcIdToken token = new OidcIdToken(
                "token",
                Instant.now(),
                Instant.now().plusSeconds(60),
                Map.of("sub", "8f3c-42", "name", "Frank Fischer", "preferred_username", "frank"));
        var principal = new DefaultOidcUser(
                AuthorityUtils.createAuthorityList("ROLE_MANAGER", "TEAM_search"), token, "preferred_username");
        var auth = new TestingAuthenticationToken(principal, "n/a", List.copyOf(principal.getAuthorities()));

        CurrentUser u = CurrentUsers.from(auth).orElseThrow();

        assertThat(u.subject()).isEqualTo("8f3c-42");
        assertThat(u.displayName()).isEqualTo("Frank Fischer");
        assertThat(u.roles()).isEqualTo(Set.of(Role.MANAGER));
        assertThat(u.teams()).containsExactly("search");
    }

    @Test
    void oidcUserWithoutNameFallsBackToPreferredUsername() {
        OidcIdToken token = new OidcIdToken(
                "token",
                Instant.now(),
                Instant.now().plusSeconds(60),
                Map.of("sub", "8f3c-43", "preferred_username", "gina"));
        var principal = new DefaultOidcUser(AuthorityUtils.createAuthorityList("ROLE_DEVELOPER"), token);
        var auth = new TestingAuthenticationToken(principal, "n/a", List.copyOf(principal.getAuthorities()));

        assertThat(CurrentUsers.from(auth).orElseThrow().displayName()).isEqualTo("gina");
    }
}
