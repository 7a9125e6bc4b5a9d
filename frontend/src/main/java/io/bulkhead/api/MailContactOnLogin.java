package io.bulkhead.api;

import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.mail.MailSettings;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * On every portal login, notification mail learns the user's address (the ID token's {@code email}), roles and
 * teams as the identity provider gives them now.
 */
@Component
class MailContactOnLogin {
    private final MailSettings mail;

    MailContactOnLogin(MailSettings mail) {
        this.mail = mail;
    }

    @EventListener
    void onLogin(AuthenticationSuccessEvent event) {
        var auth = event.getAuthentication();
        if (auth instanceof OAuth2LoginAuthenticationToken && auth.getPrincipal() instanceof OidcUser oidc) {
            CurrentUsers.from(auth).ifPresent(u -> mail.signedIn(u, oidc.getEmail()));
        }
    }
}
