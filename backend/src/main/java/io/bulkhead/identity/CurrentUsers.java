package io.bulkhead.identity;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Reads the {@link CurrentUser} from Spring Security's context. Roles come from {@code ROLE_*} authorities and
 * teams from {@code TEAM_*} authorities, which the login maps from the groups claim.
 */
@Component
public class CurrentUsers {

    /** The signed-in user, or an {@link AccessDeniedException} when nobody is signed in. */
    public CurrentUser require() {
        return find().orElseThrow(() -> new AccessDeniedException("act", "not signed in"));
    }

    public Optional<CurrentUser> find() {
        return from(SecurityContextHolder.getContext().getAuthentication());
    }

    public static Optional<CurrentUser> from(Authentication auth) {
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        TreeSet<String> teams = new TreeSet<>();
        for (GrantedAuthority ga : auth.getAuthorities()) {
            String a = ga.getAuthority();
            if (a == null) {
                continue;
            }
            if (a.startsWith("ROLE_")) {
                try {
                    roles.add(Role.valueOf(a.substring(5)));
                } catch (IllegalArgumentException ignored) {
                    // an authority of another system, not a portal role
                }
            } else if (a.startsWith(Role.TEAM_AUTHORITY_PREFIX)) {
                teams.add(a.substring(Role.TEAM_AUTHORITY_PREFIX.length()));
            }
        }
        String subject = auth.getName();
        String display = subject;
        Object principal = auth.getPrincipal();
        if (principal instanceof OidcUser oidc) {
            subject = oidc.getSubject();
            display = firstNonBlank(oidc.getFullName(), oidc.getPreferredUsername(), oidc.getSubject());
        } else if (principal instanceof OAuth2AuthenticatedPrincipal p) {
            Object name = p.getAttribute("name");
            display = name != null ? name.toString() : p.getName();
        }
        return Optional.of(new CurrentUser(subject, display, roles, teams));
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "unknown";
    }
}
