package io.bulkhead.tokens;

import io.bulkhead.identity.CurrentUser;
import java.util.Set;

/**
 * A request authenticated by a token: who acts (the owner's roles and teams as they were when the token was made,
 * with the token named in the display name so the audit trail shows it) and what the token may do.
 */
public record TokenUse(CurrentUser user, ApiToken token, Set<TokenScope> scopes) {
    public TokenUse {
        scopes = Set.copyOf(scopes);
    }
}
