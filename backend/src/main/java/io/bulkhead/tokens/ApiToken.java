package io.bulkhead.tokens;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A personal access token as its owner sees it: never the secret, only the prefix that identifies it.
 *
 * @param prefix the public start of the token ({@code bkh_<prefix>_…}), for recognising it
 * @param useCount how many API requests it authenticated
 * @param team for a team service account: the team it acts for (then {@code ownerSubject} is the account's own
 *     {@code service-account:<id>}, not a person); null for a personal token
 */
public record ApiToken(
        UUID id,
        String name,
        String prefix,
        String ownerSubject,
        String ownerName,
        Set<TokenScope> scopes,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant revokedAt,
        @Nullable Instant lastUsedAt,
        @Nullable String lastUsedIp,
        long useCount,
        @Nullable String team) {

    public ApiToken {
        scopes = Set.copyOf(scopes);
    }

    /** Whether this is a team service account's token (acts for the team, not a person). */
    public boolean serviceAccount() {
        return team != null;
    }

    /** Usable at {@code now}: neither revoked nor expired. */
    public boolean active(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    /** "Active", "Expired" or "Revoked" at {@code now}. */
    public String status(Instant now) {
        return revokedAt != null ? "Revoked" : now.isBefore(expiresAt) ? "Active" : "Expired";
    }
}
