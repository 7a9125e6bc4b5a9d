package io.bulkhead.tokens.internal;

import static io.bulkhead.db.jooq.Tables.API_TOKEN;

import io.bulkhead.tokens.ApiToken;
import io.bulkhead.tokens.TokenScope;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/** jOOQ access to personal access tokens: only the prefix and the SHA-256 of the token are stored. */
@Repository
public class TokenStore {
    private final DSLContext db;

    TokenStore(DSLContext db) {
        this.db = db;
    }

    /** A stored token with what authentication needs beside what its owner sees. */
    public record Stored(ApiToken token, byte[] secretHash, Set<String> roles, Set<String> teams) {}

    public void insert(ApiToken t, byte[] secretHash, Set<String> roles, Set<String> teams) {
        insert(t, secretHash, roles, teams, t.ownerSubject());
    }

    /** Inserts a token; {@code createdBy} is the person who made it (the owner, or a team member). */
    public void insert(ApiToken t, byte[] secretHash, Set<String> roles, Set<String> teams, String createdBy) {
        db.insertInto(API_TOKEN)
                .set(API_TOKEN.ID, t.id())
                .set(API_TOKEN.PREFIX, t.prefix())
                .set(API_TOKEN.SECRET_HASH, secretHash)
                .set(API_TOKEN.NAME, t.name())
                .set(API_TOKEN.OWNER_SUBJECT, t.ownerSubject())
                .set(API_TOKEN.OWNER_NAME, t.ownerName())
                .set(API_TOKEN.ROLES, roles.stream().sorted().toArray(String[]::new))
                .set(API_TOKEN.TEAMS, teams.stream().sorted().toArray(String[]::new))
                .set(
                        API_TOKEN.SCOPES,
                        t.scopes().stream().map(Enum::name).sorted().toArray(String[]::new))
                .set(API_TOKEN.CREATED_AT, odt(t.createdAt()))
                .set(API_TOKEN.EXPIRES_AT, odt(t.expiresAt()))
                .set(API_TOKEN.TEAM, t.team())
                .set(API_TOKEN.CREATED_BY, createdBy)
                .execute();
    }

    /** A team's service-account tokens, newest first. */
    public List<ApiToken> byTeam(String team) {
        return db.selectFrom(API_TOKEN)
                .where(API_TOKEN.TEAM.eq(team))
                .orderBy(API_TOKEN.CREATED_AT.desc())
                .fetch(TokenStore::token);
    }

    public int countActiveOfTeam(String team, Instant now) {
        return db.fetchCount(
                API_TOKEN,
                API_TOKEN.TEAM.eq(team).and(API_TOKEN.REVOKED_AT.isNull()).and(API_TOKEN.EXPIRES_AT.gt(odt(now))));
    }

    public List<ApiToken> byOwner(String subject) {
        return db.selectFrom(API_TOKEN)
                .where(API_TOKEN.OWNER_SUBJECT.eq(subject))
                .orderBy(API_TOKEN.CREATED_AT.desc())
                .fetch(TokenStore::token);
    }

    public int countActive(String subject, Instant now) {
        return db.fetchCount(
                API_TOKEN,
                API_TOKEN
                        .OWNER_SUBJECT
                        .eq(subject)
                        .and(API_TOKEN.REVOKED_AT.isNull())
                        .and(API_TOKEN.EXPIRES_AT.gt(odt(now))));
    }

    public Optional<ApiToken> find(UUID id) {
        return db.selectFrom(API_TOKEN).where(API_TOKEN.ID.eq(id)).fetchOptional(TokenStore::token);
    }

    /** The tokens with these ids (one query); unknown ids are left out. */
    public List<ApiToken> findAll(java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.selectFrom(API_TOKEN).where(API_TOKEN.ID.in(ids)).fetch(TokenStore::token);
    }

    public Optional<Stored> byPrefix(String prefix) {
        return db.selectFrom(API_TOKEN)
                .where(API_TOKEN.PREFIX.eq(prefix))
                .fetchOptional(r -> new Stored(
                        token(r),
                        r.get(API_TOKEN.SECRET_HASH),
                        Set.of(r.get(API_TOKEN.ROLES)),
                        Set.of(r.get(API_TOKEN.TEAMS))));
    }

    /** The owner's tokens that are neither revoked nor expired, with their stored rights. */
    public List<Stored> activeOf(String subject, Instant now) {
        return db.selectFrom(API_TOKEN)
                .where(API_TOKEN.OWNER_SUBJECT.eq(subject))
                .and(API_TOKEN.REVOKED_AT.isNull())
                .and(API_TOKEN.EXPIRES_AT.gt(odt(now)))
                .fetch(r -> new Stored(
                        token(r),
                        r.get(API_TOKEN.SECRET_HASH),
                        Set.of(r.get(API_TOKEN.ROLES)),
                        Set.of(r.get(API_TOKEN.TEAMS))));
    }

    public void narrow(UUID id, Set<String> roles, Set<String> teams, Set<TokenScope> scopes) {
        db.update(API_TOKEN)
                .set(API_TOKEN.ROLES, roles.stream().sorted().toArray(String[]::new))
                .set(API_TOKEN.TEAMS, teams.stream().sorted().toArray(String[]::new))
                .set(API_TOKEN.SCOPES, scopes.stream().map(Enum::name).sorted().toArray(String[]::new))
                .where(API_TOKEN.ID.eq(id))
                .execute();
    }

    public boolean revoke(UUID id, Instant now) {
        return db.update(API_TOKEN)
                        .set(API_TOKEN.REVOKED_AT, odt(now))
                        .where(API_TOKEN.ID.eq(id))
                        .and(API_TOKEN.REVOKED_AT.isNull())
                        .execute()
                == 1;
    }

    public void recordUse(UUID id, Instant now, @Nullable String ip) {
        db.update(API_TOKEN)
                .set(API_TOKEN.LAST_USED_AT, odt(now))
                .set(API_TOKEN.LAST_USED_IP, ip)
                .set(API_TOKEN.USE_COUNT, API_TOKEN.USE_COUNT.plus(1))
                .where(API_TOKEN.ID.eq(id))
                .execute();
    }

    private static ApiToken token(Record r) {
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        Arrays.stream(r.get(API_TOKEN.SCOPES))
                .map(TokenScope::parse)
                .flatMap(Optional::stream)
                .forEach(scopes::add);
        return new ApiToken(
                r.get(API_TOKEN.ID),
                r.get(API_TOKEN.NAME),
                r.get(API_TOKEN.PREFIX),
                r.get(API_TOKEN.OWNER_SUBJECT),
                r.get(API_TOKEN.OWNER_NAME),
                scopes,
                r.get(API_TOKEN.CREATED_AT).toInstant(),
                r.get(API_TOKEN.EXPIRES_AT).toInstant(),
                instant(r.get(API_TOKEN.REVOKED_AT)),
                instant(r.get(API_TOKEN.LAST_USED_AT)),
                r.get(API_TOKEN.LAST_USED_IP),
                r.get(API_TOKEN.USE_COUNT),
                r.get(API_TOKEN.TEAM));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime odt(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
