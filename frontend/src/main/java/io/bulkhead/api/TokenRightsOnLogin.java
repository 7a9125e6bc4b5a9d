package io.bulkhead.api;

import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.tokens.ApiTokens;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * On every portal login, the user's personal access tokens are narrowed to the roles and teams the identity
 * provider gives them now: a token never keeps rights its owner has lost since it was made.
 */
@Component
class TokenRightsOnLogin {
    private final ApiTokens tokens;

    TokenRightsOnLogin(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @EventListener
    void onLogin(AuthenticationSuccessEvent event) {
        var auth = event.getAuthentication();
        if (auth instanceof OAuth2LoginAuthenticationToken && auth.getPrincipal() instanceof OidcUser) {
            CurrentUsers.from(auth).ifPresent(tokens::narrowTo);
        }
    }
}
