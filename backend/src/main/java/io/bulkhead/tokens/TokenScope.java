package io.bulkhead.tokens;

import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.Role;
import java.util.Locale;

/**
 * What a token may be used for. Scopes only narrow: a token acts with its owner's roles and teams, and only on the
 * endpoints its scopes name. A scope the owner's roles could never use is refused at creation.
 */
public enum TokenScope {
    /** Every read: namespaces, exceptions, findings and scores, inventory, audit. */
    READ,
    /** Request, decide and decommission namespaces. */
    NAMESPACES,
    /** Request, decide, withdraw, revoke and renew exceptions. */
    EXCEPTIONS,
    /** Admin endpoints: clusters, tiers, audit verification. */
    ADMIN,
    /** Create, change, test and delete webhooks (of the caller's teams; platform webhooks for admins). */
    WEBHOOKS;

    /** The authority an API request made with this scope carries. */
    public String authority() {
        return "SCOPE_" + name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return switch (this) {
            case READ -> "Read";
            case NAMESPACES -> "Namespaces";
            case EXCEPTIONS -> "Exceptions";
            case ADMIN -> "Admin";
            case WEBHOOKS -> "Webhooks";
        };
    }

    /** Whether a user with these roles could ever act with this scope (never wider than the user's rights). */
    public boolean grantableTo(CurrentUser user) {
        return switch (this) {
            case READ -> !user.roles().isEmpty();
            case NAMESPACES, EXCEPTIONS -> user.hasAny(Role.DEVELOPER, Role.REVIEWER, Role.ADMIN);
            case ADMIN -> user.has(Role.ADMIN);
            case WEBHOOKS -> user.hasAny(Role.DEVELOPER, Role.ADMIN);
        };
    }

    /** The scope for a name as written in a request or a token ({@code read}, {@code namespaces}...), if any. */
    public static java.util.Optional<TokenScope> parse(String s) {
        for (TokenScope t : values()) {
            if (t.name().equalsIgnoreCase(s.strip())) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
