package io.bulkhead.security;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

/**
 * Writes logins, failed logins and logouts to the audit trail. A portal login is recorded when the OIDC code
 * exchange succeeds; failed sign-ins at the embedded provider are recorded with the name that was tried.
 */
@Component
class AuthenticationAuditor implements LogoutHandler {
    private final AuditTrail audit;

    AuthenticationAuditor(AuditTrail audit) {
        this.audit = audit;
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        Authentication auth = event.getAuthentication();
        if (!(auth instanceof OAuth2LoginAuthenticationToken) || !(auth.getPrincipal() instanceof OidcUser)) {
            return; // the embedded provider's own form login is a step of the OIDC flow, not a portal login
        }
        CurrentUsers.from(auth)
                .ifPresent(user -> audit.recordIndependently(
                        user,
                        AuditEntry.of("auth.login")
                                .target("user", user.subject())
                                .change(null, describe(user)),
                        null));
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        String tried = String.valueOf(event.getAuthentication().getName());
        if (tried.length() > 100) {
            tried = tried.substring(0, 100);
        }
        audit.recordIndependently(
                new CurrentUser("anonymous:" + tried, tried, Set.of(), new TreeSet<>()),
                AuditEntry.of("auth.login-failed")
                        .outcome(AuditOutcome.FAILED)
                        .target("user", tried)
                        .change(
                                null,
                                Map.of("reason", event.getException().getClass().getSimpleName())),
                null);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, @Nullable Authentication auth) {
        CurrentUsers.from(auth)
                .ifPresent(user -> audit.recordIndependently(
                        user,
                        AuditEntry.of("auth.logout").target("user", user.subject()),
                        AuditTrail.Origin.of(request)));
    }

    private static Map<String, Object> describe(CurrentUser user) {
        return Map.of(
                "roles", user.roles().stream().map(Enum::name).sorted().toList(),
                "teams", user.teams().stream().toList());
    }
}
