package io.bulkhead.api;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;

/**
 * An authenticated API request: by a personal access token ({@code tokenId} set) or by a bearer JWT of the OIDC
 * provider. The principal's name is the user's subject and its {@code name} attribute the display name the audit
 * trail records (naming the token for a token), which is how {@code CurrentUsers} reads any OAuth2 principal.
 */
final class ApiAuthentication extends AbstractAuthenticationToken {
    private final DefaultOAuth2AuthenticatedPrincipal principal;
    private final @Nullable UUID tokenId;
    private final String credentialsHint;

    ApiAuthentication(
            String subject,
            String displayName,
            Collection<? extends GrantedAuthority> authorities,
            @Nullable UUID tokenId,
            String credentialsHint) {
        super(authorities);
        this.principal = new DefaultOAuth2AuthenticatedPrincipal(
                subject, Map.of("sub", subject, "name", displayName), Set.copyOf(authorities));
        this.tokenId = tokenId;
        this.credentialsHint = credentialsHint;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return credentialsHint; // never the token itself
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }

    /** The personal access token that authenticated the request, or null for a JWT. */
    @Nullable
    UUID tokenId() {
        return tokenId;
    }

    String subject() {
        return principal.getName();
    }
}
