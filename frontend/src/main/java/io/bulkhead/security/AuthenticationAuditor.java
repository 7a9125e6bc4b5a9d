package io.bulkhead.security;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

/**
 * Writes logins, failed logins and logouts to the audit trail. A portal login is recorded when the OIDC code
 * exchange succeeds; failed sign-ins at the embedded provider are recorded without trusting the typed name.
 */
@Component
class AuthenticationAuditor implements LogoutHandler {
    private final AuditTrail audit;
    private final ObjectProvider<UserDetailsService> users;

    AuthenticationAuditor(AuditTrail audit, ObjectProvider<UserDetailsService> users) {
        this.audit = audit;
        this.users = users;
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

    /**
     * A failed sign-in names the account only when it exists at the embedded provider; a name nobody has is
     * recorded as {@code (unknown)} with a short SHA-256 fingerprint, so typed text never reaches the trail. The
     * number of such rows is bounded by the login throttle (throttled attempts publish no event).
     */
    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        String tried = String.valueOf(event.getAuthentication().getName());
        boolean known = knownUser(tried);
        String target = known ? tried : "(unknown)";
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("reason", event.getException().getClass().getSimpleName());
        if (!known) {
            change.put("nameFingerprint", fingerprint(tried));
        }
        audit.recordIndependently(
                new CurrentUser("anonymous", "anonymous", Set.of(), new TreeSet<>()),
                AuditEntry.of("auth.login-failed")
                        .outcome(AuditOutcome.FAILED)
                        .target("user", target)
                        .change(null, change),
                null);
    }

    private boolean knownUser(String name) {
        UserDetailsService users = this.users.getIfAvailable();
        if (users == null || name.isEmpty() || name.length() > 100) {
            return false;
        }
        try {
            return users.loadUserByUsername(name) != null;
        } catch (UsernameNotFoundException e) {
            return false;
        }
    }

    static String fingerprint(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
