package io.bulkhead.tokens;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.tokens.internal.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal access tokens for the REST API. A signed-in user creates tokens for themselves: named, with scopes
 * their roles can use, and an expiry up to the configured maximum ({@code BULKHEAD_API_TOKEN_MAX_DAYS}). The
 * token is shown once ({@link IssuedToken}); only its prefix and SHA-256 are stored. A token acts with the roles
 * and teams its owner had when it was created, never more; it can be revoked by its owner (or an admin), and every
 * use records when and from where it was last used.
 */
@Service
public class ApiTokens {
    /** Tokens look like {@code bkh_<12 hex>_<43 base64url>}. */
    public static final String TOKEN_START = "bkh_";

    public static final int MAX_NAME = 80;
    public static final int MAX_ACTIVE_PER_USER = 20;
    /** A token's use is audited on first use and then at most once per this interval. */
    public static final Duration USE_AUDIT_INTERVAL = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenStore store;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final Clock clock;
    private final int maxDays;
    private final int serviceAccountMaxDays;

    ApiTokens(
            TokenStore store,
            CurrentUsers users,
            AuditTrail audit,
            Clock clock,
            @Value("${bulkhead.api.token-max-days:90}") int maxDays,
            @Value("${bulkhead.api.service-account-max-days:30}") int serviceAccountMaxDays) {
        this.serviceAccountMaxDays = serviceAccountMaxDays;
        this.store = store;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.maxDays = maxDays;
    }

    /** The longest expiry a new token may have, in days. */
    public int maxDays() {
        users.require();
        return maxDays;
    }

    /** Scopes the signed-in user's roles can use (what the creation form offers). */
    public Set<TokenScope> grantableScopes() {
        CurrentUser user = users.require();
        Set<TokenScope> out = EnumSet.noneOf(TokenScope.class);
        for (TokenScope s : TokenScope.values()) {
            if (s.grantableTo(user)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Creates a token for the signed-in user. Field messages ({@link ValidationException}) for a bad name, no or
     * ungrantable scopes, an expiry outside 1..max days, or too many active tokens. The secret is in the result
     * only.
     */
    @Transactional
    public IssuedToken create(@Nullable String name, @Nullable Set<TokenScope> scopes, int days) {
        CurrentUser user = users.require();
        if (user.roles().isEmpty()) {
            throw new AccessDeniedException("create API tokens", "no portal role");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String n = name == null ? "" : name.strip();
        nameError(n, "Name the token (what uses it, e.g. 'ci-deploy').").ifPresent(e -> errors.put("name", e));
        if (scopes == null || scopes.isEmpty()) {
            errors.put("scopes", "Choose at least one scope.");
        } else {
            List<String> refused = scopes.stream()
                    .filter(s -> !s.grantableTo(user))
                    .map(TokenScope::label)
                    .sorted()
                    .toList();
            if (!refused.isEmpty()) {
                errors.put("scopes", "Your role cannot use the scope(s) " + String.join(", ", refused) + ".");
            }
        }
        if (days < 1 || days > maxDays) {
            errors.put("expiresInDays", "Choose an expiry of 1 to " + maxDays + " days.");
        }
        Instant now = clock.instant();
        if (errors.isEmpty() && store.countActive(user.subject(), now) >= MAX_ACTIVE_PER_USER) {
            errors.put("name", "You have " + MAX_ACTIVE_PER_USER + " active tokens; revoke one first.");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Set<String> roles = new TreeSet<>();
        user.roles().forEach(r -> roles.add(r.name()));
        for (int attempt = 0; ; attempt++) {
            String prefix = HexFormat.of().formatHex(randomBytes(6));
            String secret = TOKEN_START + prefix + "_"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
            ApiToken t = new ApiToken(
                    UUID.randomUUID(),
                    n,
                    prefix,
                    user.subject(),
                    user.displayName(),
                    scopes,
                    now,
                    now.plus(Duration.ofDays(days)),
                    null,
                    null,
                    null,
                    0,
                    null);
            try {
                store.insert(t, sha256(secret), roles, user.teams());
            } catch (DuplicateKeyException e) {
                if (attempt < 3) {
                    continue; // a prefix collision (48 random bits): draw again
                }
                throw e;
            }
            audit.record(
                    user,
                    entry("api-token.created", t)
                            .change(
                                    null,
                                    Map.of(
                                            "name", t.name(),
                                            "prefix", t.prefix(),
                                            "scopes", scopeNames(t.scopes()),
                                            "expiresAt", t.expiresAt().toString())));
            return new IssuedToken(t, secret);
        }
    }

    /** The signed-in user's own tokens, newest first (never anyone else's, admins included). */
    @Transactional(readOnly = true)
    public List<ApiToken> mine() {
        return store.byOwner(users.require().subject());
    }

    /** Subject prefix of a team service account (the acting identity in the audit trail). */
    public static final String SERVICE_ACCOUNT_SUBJECT = "service-account:";

    /** Scopes a team service account may have: a team member's, never admin. */
    public static final Set<TokenScope> SERVICE_ACCOUNT_SCOPES =
            Set.copyOf(EnumSet.of(TokenScope.READ, TokenScope.NAMESPACES, TokenScope.EXCEPTIONS));

    /** The longest expiry of a team service account's token, in days (set by the admin). */
    public int serviceAccountMaxDays() {
        users.require();
        return serviceAccountMaxDays;
    }

    /**
     * Creates a team service account: a token that acts for {@code team} (as a developer of that team only), not for
     * the member who creates it. Members of the team only; scopes read, namespaces, exceptions (and none the creator
     * could not use); expiry 1 to {@code BULKHEAD_API_SERVICE_ACCOUNT_MAX_DAYS}. Audited with the creator as actor;
     * everything the token then does is audited with the service account as actor.
     */
    @Transactional
    public IssuedToken createForTeam(String team, @Nullable String name, @Nullable Set<TokenScope> scopes, int days) {
        CurrentUser user = users.require();
        user.requireMember("create service accounts for team " + team, team);
        Map<String, String> errors = new LinkedHashMap<>();
        String n = name == null ? "" : name.strip();
        nameError(n, "Name the service account (what uses it, e.g. 'argocd').").ifPresent(e -> errors.put("name", e));
        if (scopes == null || scopes.isEmpty()) {
            errors.put("scopes", "Choose at least one scope.");
        } else {
            List<String> refused = scopes.stream()
                    .filter(s -> !SERVICE_ACCOUNT_SCOPES.contains(s) || !s.grantableTo(user))
                    .map(TokenScope::label)
                    .sorted()
                    .toList();
            if (!refused.isEmpty()) {
                errors.put(
                        "scopes", "A team service account cannot use the scope(s) " + String.join(", ", refused) + ".");
            }
        }
        if (days < 1 || days > serviceAccountMaxDays) {
            errors.put("expiresInDays", "Choose an expiry of 1 to " + serviceAccountMaxDays + " days.");
        }
        Instant now = clock.instant();
        if (errors.isEmpty() && store.countActiveOfTeam(team, now) >= MAX_ACTIVE_PER_USER) {
            errors.put(
                    "name",
                    "Team " + team + " has " + MAX_ACTIVE_PER_USER + " active service accounts; revoke one first.");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        for (int attempt = 0; ; attempt++) {
            String prefix = HexFormat.of().formatHex(randomBytes(6));
            String secret = TOKEN_START + prefix + "_"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
            UUID id = UUID.randomUUID();
            ApiToken t = new ApiToken(
                    id,
                    n,
                    prefix,
                    SERVICE_ACCOUNT_SUBJECT + id,
                    "Service account of team " + team,
                    scopes,
                    now,
                    now.plus(Duration.ofDays(days)),
                    null,
                    null,
                    null,
                    0,
                    team);
            try {
                store.insert(t, sha256(secret), Set.of(Role.DEVELOPER.name()), Set.of(team), user.subject());
            } catch (DuplicateKeyException e) {
                if (attempt < 3) {
                    continue;
                }
                throw e;
            }
            audit.record(
                    user,
                    entry("service-account.created", t)
                            .team(team)
                            .change(
                                    null,
                                    Map.of(
                                            "name", t.name(),
                                            "prefix", t.prefix(),
                                            "scopes", scopeNames(t.scopes()),
                                            "expiresAt", t.expiresAt().toString())));
            return new IssuedToken(t, secret);
        }
    }

    /** A team's service accounts, newest first: for its members and admins (anyone else: an empty list). */
    @Transactional(readOnly = true)
    public List<ApiToken> teamAccounts(String team) {
        CurrentUser user = users.require();
        if (!user.isMemberOf(team) && !user.has(Role.ADMIN)) {
            return List.of();
        }
        return store.byTeam(team);
    }

    /**
     * Revokes a token: its owner, an admin, or for a team service account any member of its team. Anyone else gets
     * "no such token".
     */
    @Transactional
    public ApiToken revoke(UUID id) {
        CurrentUser user = users.require();
        ApiToken t = store.find(id)
                .filter(x -> x.ownerSubject().equals(user.subject())
                        || user.has(Role.ADMIN)
                        || x.team() != null && user.isMemberOf(x.team()))
                .orElseThrow(() -> new ValidationException(Map.of("id", "No such token.")));
        if (t.revokedAt() != null) {
            return t;
        }
        store.revoke(id, clock.instant());
        audit.record(
                user,
                entry(t.serviceAccount() ? "service-account.revoked" : "api-token.revoked", t)
                        .team(t.team())
                        .change(Map.of("state", "ACTIVE"), Map.of("state", "REVOKED")));
        return store.find(id).orElseThrow();
    }

    /**
     * The login's follow-up: narrows the user's active tokens to the roles and teams they have now (a token never
     * keeps rights its owner has lost), dropping scopes the remaining roles cannot use; audited per changed token.
     * Returns how many tokens changed.
     */
    @Transactional
    public int narrowTo(CurrentUser user) {
        int changed = 0;
        Set<String> roles = new TreeSet<>();
        user.roles().forEach(r -> roles.add(r.name()));
        for (TokenStore.Stored s : store.activeOf(user.subject(), clock.instant())) {
            Set<String> keptRoles = new TreeSet<>(s.roles());
            keptRoles.retainAll(roles);
            Set<String> keptTeams = new TreeSet<>(s.teams());
            keptTeams.retainAll(user.teams());
            Set<Role> asRoles = EnumSet.noneOf(Role.class);
            keptRoles.forEach(r -> asRoles.add(Role.valueOf(r)));
            CurrentUser narrowed =
                    new CurrentUser(user.subject(), user.displayName(), asRoles, new TreeSet<>(keptTeams));
            Set<TokenScope> keptScopes = EnumSet.noneOf(TokenScope.class);
            s.token().scopes().stream().filter(x -> x.grantableTo(narrowed)).forEach(keptScopes::add);
            if (keptRoles.equals(s.roles())
                    && keptTeams.equals(s.teams())
                    && keptScopes.equals(s.token().scopes())) {
                continue;
            }
            store.narrow(s.token().id(), keptRoles, keptTeams, keptScopes);
            audit.record(
                    CurrentUser.SYSTEM,
                    entry("api-token.narrowed", s.token())
                            .change(
                                    Map.of(
                                            "roles",
                                            List.copyOf(new TreeSet<>(s.roles())),
                                            "teams",
                                            List.copyOf(new TreeSet<>(s.teams())),
                                            "scopes",
                                            scopeNames(s.token().scopes())),
                                    Map.of(
                                            "roles",
                                            List.copyOf(keptRoles),
                                            "teams",
                                            List.copyOf(keptTeams),
                                            "scopes",
                                            scopeNames(keptScopes))));
            changed++;
        }
        return changed;
    }

    /**
     * The portal's own authentication of an API request: the token's owner as they were at creation (display name
     * naming the token, so every audited action shows it) if the token is known, matches its hash, and is neither
     * revoked nor expired. Records the use. A refused token is audited (by prefix, never the secret).
     */
    @Transactional
    public Optional<TokenUse> authenticate(String presented, @Nullable String ip) {
        if (!presented.startsWith(TOKEN_START) || presented.length() > 200) {
            return Optional.empty();
        }
        String rest = presented.substring(TOKEN_START.length());
        int sep = rest.indexOf('_');
        if (sep != 12) {
            return Optional.empty();
        }
        String prefix = rest.substring(0, sep);
        if (!prefix.matches("[0-9a-f]{12}")) {
            return Optional.empty();
        }
        Optional<TokenStore.Stored> stored = store.byPrefix(prefix);
        if (stored.isEmpty() || !MessageDigest.isEqual(stored.get().secretHash(), sha256(presented))) {
            return Optional.empty();
        }
        ApiToken t = stored.get().token();
        Instant now = clock.instant();
        if (!t.active(now)) {
            audit.recordIndependently(
                    new CurrentUser(t.ownerSubject(), actorName(t), Set.of(), new TreeSet<>()),
                    entry("api-token.refused", t)
                            .outcome(AuditOutcome.DENIED)
                            .change(null, Map.of("reason", t.status(now))),
                    null);
            return Optional.empty();
        }
        store.recordUse(t.id(), now, ip);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        stored.get().roles().forEach(r -> {
            try {
                roles.add(Role.valueOf(r));
            } catch (IllegalArgumentException ignored) {
                // a role this version no longer has
            }
        });
        CurrentUser acting = new CurrentUser(
                t.ownerSubject(),
                actorName(t),
                roles,
                new TreeSet<>(stored.get().teams()));
        if (t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.minus(USE_AUDIT_INTERVAL))) {
            // the first use, and then one event per hour of use (every change it makes is audited by itself)
            Map<String, Object> used = new LinkedHashMap<>();
            used.put("prefix", t.prefix());
            if (ip != null) {
                used.put("ip", ip);
            }
            audit.record(acting, entry("api-token.used", t).change(null, used));
        }
        return Optional.of(new TokenUse(acting, t, t.scopes()));
    }

    /** How the audit trail names an actor using a token: the owner and the token. */
    public static String actorName(ApiToken t) {
        return t.ownerName() + " (token " + t.name() + ", bkh_" + t.prefix() + ")";
    }

    private static List<String> scopeNames(Set<TokenScope> scopes) {
        return scopes.stream()
                .map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
                .sorted()
                .toList();
    }

    private static AuditEntry entry(String action, ApiToken t) {
        return AuditEntry.of(action).target("api-token", t.id().toString());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is wrong with a token's or service account's name, if anything ({@code missing}: the hint to give). */
    private static java.util.Optional<String> nameError(String name, String missing) {
        if (name.isEmpty()) {
            return java.util.Optional.of(missing);
        } else if (name.length() > MAX_NAME) {
            return java.util.Optional.of("At most " + MAX_NAME + " characters.");
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            return java.util.Optional.of("Use printable characters only.");
        }
        return java.util.Optional.empty();
    }
}
