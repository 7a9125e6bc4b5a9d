package io.bulkhead.security;

import io.bulkhead.identity.Role;
import io.bulkhead.tenancy.Teams;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.stereotype.Component;

/**
 * Maps the groups claim of the ID token to portal roles ({@code ROLE_*}) and teams ({@code TEAM_*}). A team
 * group is either one registered on a team or {@code <teamGroupPrefix><team>}; team membership implies the
 * developer role.
 */
@Component
public class GroupAuthoritiesMapper implements GrantedAuthoritiesMapper {

    private final OidcProperties props;
    private final Teams teams;

    GroupAuthoritiesMapper(OidcProperties props, Teams teams) {
        this.props = props;
        this.teams = teams;
    }

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<GrantedAuthority> mapped = new HashSet<>();
        for (GrantedAuthority a : authorities) {
            if (a instanceof OidcUserAuthority oidc) {
                Object claim = oidc.getIdToken().getClaims().get(props.groupsClaim());
                if (claim == null && oidc.getUserInfo() != null) {
                    claim = oidc.getUserInfo().getClaims().get(props.groupsClaim());
                }
                if (claim instanceof Collection<?> groups) {
                    for (Object g : groups) {
                        mapGroup(String.valueOf(g), mapped);
                    }
                }
            }
        }
        return mapped;
    }

    /** Adds the roles and team a group grants (the same mapping for the UI login and API bearer JWTs). */
    public void mapGroup(String group, Set<GrantedAuthority> into) {
        for (Map.Entry<String, List<String>> e : props.roleGroups().entrySet()) {
            if (e.getValue().contains(group)) {
                into.add(new SimpleGrantedAuthority(
                        Role.valueOf(e.getKey().toUpperCase()).authority()));
            }
        }
        String team = teams.teamForGroup(group).orElse(null);
        if (team == null
                && group.startsWith(props.teamGroupPrefix())
                && group.length() > props.teamGroupPrefix().length()) {
            String candidate = group.substring(props.teamGroupPrefix().length());
            if (teams.exists(candidate)) {
                team = candidate;
            }
        }
        if (team != null) {
            into.add(new SimpleGrantedAuthority(Role.TEAM_AUTHORITY_PREFIX + team));
            into.add(new SimpleGrantedAuthority(Role.DEVELOPER.authority()));
        }
    }
}
