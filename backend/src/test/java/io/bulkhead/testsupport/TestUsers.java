package io.bulkhead.testsupport;

import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Signed-in users for tests, as the login would make them: authorities {@code ROLE_<role>} and
 * {@code TEAM_<team>}. {@link #signIn} puts one in the current thread's security context until closed.
 */
public final class TestUsers {

    private TestUsers() {}

    public static Authentication developer(String subject, String... teams) {
        return authentication(subject, Set.of(Role.DEVELOPER), teams);
    }

    public static Authentication reviewer(String subject) {
        return authentication(subject, Set.of(Role.REVIEWER));
    }

    public static Authentication manager(String subject) {
        return authentication(subject, Set.of(Role.MANAGER));
    }

    public static Authentication admin(String subject) {
        return authentication(subject, Set.of(Role.ADMIN));
    }

    public static Authentication authentication(String subject, Set<Role> roles, String... teams) {
        List<String> authorities = new ArrayList<>();
        roles.forEach(r -> authorities.add(r.authority()));
        for (String t : teams) {
            authorities.add(Role.TEAM_AUTHORITY_PREFIX + t);
        }
        return new TestingAuthenticationToken(subject, "n/a", authorities.toArray(String[]::new));
    }

    /** The {@link CurrentUser} the service layer sees for these roles and teams (for calls that take an actor). */
    public static CurrentUser user(String subject, Set<Role> roles, String... teams) {
        return new CurrentUser(subject, subject, roles, new TreeSet<>(List.of(teams)));
    }

    /** Signs the user in on this thread; closing restores the previous security context. */
    public static SignedIn signIn(Authentication authentication) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        return new SignedIn(previous);
    }

    /** A sign-in scope for try-with-resources. */
    public static final class SignedIn implements AutoCloseable {
        private final SecurityContext previous;

        private SignedIn(SecurityContext previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous.getAuthentication() == null) {
                SecurityContextHolder.clearContext();
            } else {
                SecurityContextHolder.setContext(previous);
            }
        }
    }
}
