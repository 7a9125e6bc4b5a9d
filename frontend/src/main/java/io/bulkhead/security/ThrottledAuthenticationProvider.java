package io.bulkhead.security;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The embedded provider's password check behind {@link LoginThrottle}: a name or address that used up its failed
 * attempts is refused before its password is looked at, with "Too many attempts, try again in …" (shown on the
 * sign-in page). Throttled attempts publish no failure event, so they write no audit rows.
 */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider delegate;
    private final LoginThrottle throttle;

    ThrottledAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    @Override
    public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String name = authentication.getName();
        String address = address(authentication);
        Optional<Duration> wait = throttle.blockedFor(name, address);
        if (wait.isPresent()) {
            throw new LoginThrottledException(
                    "Too many attempts, try again in " + LoginThrottle.humanize(wait.get()) + ".");
        }
        try {
            Authentication result = delegate.authenticate(authentication);
            if (result != null) {
                throttle.succeeded(name);
            }
            return result;
        } catch (BadCredentialsException e) {
            throttle.failed(name, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    private static @Nullable String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
    }

    /** Refused for too many failed attempts (an account-status failure: no other provider is asked). */
    static final class LoginThrottledException extends AccountStatusException {
        LoginThrottledException(String message) {
            super(message);
        }
    }
}
