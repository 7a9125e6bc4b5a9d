package io.bulkhead.webhooks.internal;

import static io.bulkhead.db.jooq.Tables.WEBHOOK_ATTEMPT;
import static io.bulkhead.db.jooq.Tables.WEBHOOK_DELIVERY;
import static io.bulkhead.db.jooq.Tables.WEBHOOK_ENDPOINT;

import io.bulkhead.webhooks.PortalEventType;
import io.bulkhead.webhooks.WebhookDelivery;
import io.bulkhead.webhooks.WebhookEndpoint;
import io.bulkhead.webhooks.WebhookFormat;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/** jOOQ access to webhook endpoints, their deliveries and the tries of each (the delivery log). */
@Repository
public class WebhookStore {
    private final DSLContext db;

    WebhookStore(DSLContext db) {
        this.db = db;
    }

    /** An endpoint with its encrypted secret, for delivery. */
    public record Stored(WebhookEndpoint endpoint, byte[] secretEncrypted) {}

    /** A delivery as the sender needs it. */
    public record Pending(UUID id, UUID endpointId, PortalEventType type, String body, String state, int attempts) {}

    public void insert(WebhookEndpoint e, byte[] secretEncrypted) {
        db.insertInto(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.ID, e.id())
                .set(WEBHOOK_ENDPOINT.TEAM, e.team())
                .set(WEBHOOK_ENDPOINT.NAME, e.name())
                .set(WEBHOOK_ENDPOINT.URL, e.url())
                .set(WEBHOOK_ENDPOINT.FORMAT, e.format().name())
                .set(WEBHOOK_ENDPOINT.EVENTS, names(e.events()))
                .set(WEBHOOK_ENDPOINT.SCORE_THRESHOLD, e.scoreThreshold())
                .set(WEBHOOK_ENDPOINT.SECRET_ENCRYPTED, secretEncrypted)
                .set(WEBHOOK_ENDPOINT.ENABLED, e.enabled())
                .set(WEBHOOK_ENDPOINT.CREATED_BY, e.createdBy())
                .set(WEBHOOK_ENDPOINT.CREATED_AT, odt(e.createdAt()))
                .set(WEBHOOK_ENDPOINT.UPDATED_AT, odt(e.updatedAt()))
                .execute();
    }

    public void update(WebhookEndpoint e) {
        db.update(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.NAME, e.name())
                .set(WEBHOOK_ENDPOINT.URL, e.url())
                .set(WEBHOOK_ENDPOINT.FORMAT, e.format().name())
                .set(WEBHOOK_ENDPOINT.EVENTS, names(e.events()))
                .set(WEBHOOK_ENDPOINT.SCORE_THRESHOLD, e.scoreThreshold())
                .set(WEBHOOK_ENDPOINT.ENABLED, e.enabled())
                .set(WEBHOOK_ENDPOINT.UPDATED_AT, odt(e.updatedAt()))
                .where(WEBHOOK_ENDPOINT.ID.eq(e.id()))
                .execute();
    }

    public void replaceSecret(UUID id, byte[] secretEncrypted, Instant now) {
        db.update(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.SECRET_ENCRYPTED, secretEncrypted)
                .set(WEBHOOK_ENDPOINT.UPDATED_AT, odt(now))
                .where(WEBHOOK_ENDPOINT.ID.eq(id))
                .execute();
    }

    public boolean delete(UUID id) {
        return db.deleteFrom(WEBHOOK_ENDPOINT).where(WEBHOOK_ENDPOINT.ID.eq(id)).execute() == 1;
    }

    public Optional<WebhookEndpoint> find(UUID id) {
        return db.selectFrom(WEBHOOK_ENDPOINT).where(WEBHOOK_ENDPOINT.ID.eq(id)).fetchOptional(WebhookStore::endpoint);
    }

    public Optional<Stored> stored(UUID id) {
        return db.selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ID.eq(id))
                .fetchOptional(r -> new Stored(endpoint(r), r.get(WEBHOOK_ENDPOINT.SECRET_ENCRYPTED)));
    }

    /**
     * Endpoints in a scope: {@code teams} null means every endpoint (admins); otherwise those of the given teams,
     * plus the platform endpoints when {@code platform}. Sorted by team then name.
     */
    public List<WebhookEndpoint> list(@Nullable Collection<String> teams, boolean platform, int offset, int limit) {
        return db.selectFrom(WEBHOOK_ENDPOINT)
                .where(scope(teams, platform))
                .orderBy(WEBHOOK_ENDPOINT.TEAM.asc().nullsFirst(), WEBHOOK_ENDPOINT.NAME, WEBHOOK_ENDPOINT.ID)
                .offset(offset)
                .limit(limit)
                .fetch(WebhookStore::endpoint);
    }

    public int count(@Nullable Collection<String> teams, boolean platform) {
        return db.fetchCount(WEBHOOK_ENDPOINT, scope(teams, platform));
    }

    private static Condition scope(@Nullable Collection<String> teams, boolean platform) {
        if (teams == null) {
            return DSL.noCondition();
        }
        Condition c = teams.isEmpty() ? DSL.falseCondition() : WEBHOOK_ENDPOINT.TEAM.in(teams);
        return platform ? c.or(WEBHOOK_ENDPOINT.TEAM.isNull()) : c;
    }

    /** Enabled endpoints that may want an event of this team: the team's and the platform's. */
    public List<WebhookEndpoint> candidates(@Nullable String team) {
        Condition c = WEBHOOK_ENDPOINT.TEAM.isNull();
        if (team != null) {
            c = c.or(WEBHOOK_ENDPOINT.TEAM.eq(team));
        }
        return db.selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ENABLED.isTrue())
                .and(c)
                .fetch(WebhookStore::endpoint);
    }

    public void insertDelivery(UUID id, UUID endpointId, PortalEventType type, UUID eventId, String body, Instant now) {
        db.insertInto(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.ID, id)
                .set(WEBHOOK_DELIVERY.ENDPOINT_ID, endpointId)
                .set(WEBHOOK_DELIVERY.EVENT_TYPE, type.name())
                .set(WEBHOOK_DELIVERY.EVENT_ID, eventId)
                .set(WEBHOOK_DELIVERY.BODY, body)
                .set(WEBHOOK_DELIVERY.STATE, "PENDING")
                .set(WEBHOOK_DELIVERY.CREATED_AT, odt(now))
                .set(WEBHOOK_DELIVERY.NEXT_TRY_AT, odt(now))
                .execute();
    }

    public Optional<Pending> pending(UUID deliveryId) {
        return db.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .fetchOptional(r -> new Pending(
                        r.get(WEBHOOK_DELIVERY.ID),
                        r.get(WEBHOOK_DELIVERY.ENDPOINT_ID),
                        PortalEventType.valueOf(r.get(WEBHOOK_DELIVERY.EVENT_TYPE)),
                        r.get(WEBHOOK_DELIVERY.BODY),
                        r.get(WEBHOOK_DELIVERY.STATE),
                        r.get(WEBHOOK_DELIVERY.ATTEMPTS)));
    }

    /** Records one try and the delivery's new state ({@code nextTry} null: no further try). */
    public void recordAttempt(
            UUID deliveryId,
            int attempt,
            Instant at,
            @Nullable Integer status,
            @Nullable String error,
            int durationMs,
            String state,
            @Nullable Instant nextTry) {
        db.insertInto(WEBHOOK_ATTEMPT)
                .set(WEBHOOK_ATTEMPT.DELIVERY_ID, deliveryId)
                .set(WEBHOOK_ATTEMPT.ATTEMPT, attempt)
                .set(WEBHOOK_ATTEMPT.ATTEMPTED_AT, odt(at))
                .set(WEBHOOK_ATTEMPT.STATUS_CODE, status)
                .set(WEBHOOK_ATTEMPT.ERROR, error)
                .set(WEBHOOK_ATTEMPT.DURATION_MS, durationMs)
                .execute();
        db.update(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.ATTEMPTS, attempt)
                .set(WEBHOOK_DELIVERY.STATE, state)
                .set(WEBHOOK_DELIVERY.NEXT_TRY_AT, nextTry == null ? null : odt(nextTry))
                .set(WEBHOOK_DELIVERY.FINISHED_AT, state.equals("PENDING") ? null : odt(at))
                .where(WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .execute();
    }

    public @Nullable Instant nextTryAt(UUID deliveryId) {
        OffsetDateTime t = db.select(WEBHOOK_DELIVERY.NEXT_TRY_AT)
                .from(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .and(WEBHOOK_DELIVERY.STATE.eq("PENDING"))
                .fetchOne(WEBHOOK_DELIVERY.NEXT_TRY_AT);
        return t == null ? null : t.toInstant();
    }

    /** An endpoint's deliveries, newest first, with their tries. */
    public List<WebhookDelivery> deliveries(UUID endpointId, int offset, int limit) {
        List<Record> rows = db.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpointId))
                .orderBy(WEBHOOK_DELIVERY.CREATED_AT.desc(), WEBHOOK_DELIVERY.ID)
                .offset(offset)
                .limit(limit)
                .fetch()
                .map(r -> (Record) r);
        List<UUID> ids = rows.stream().map(r -> r.get(WEBHOOK_DELIVERY.ID)).toList();
        Map<UUID, List<WebhookDelivery.Attempt>> tries = ids.isEmpty()
                ? Map.of()
                : db
                        .selectFrom(WEBHOOK_ATTEMPT)
                        .where(WEBHOOK_ATTEMPT.DELIVERY_ID.in(ids))
                        .orderBy(WEBHOOK_ATTEMPT.ATTEMPT)
                        .fetch()
                        .stream()
                        .collect(Collectors.groupingBy(
                                r -> r.get(WEBHOOK_ATTEMPT.DELIVERY_ID),
                                Collectors.mapping(
                                        r -> new WebhookDelivery.Attempt(
                                                r.get(WEBHOOK_ATTEMPT.ATTEMPT),
                                                r.get(WEBHOOK_ATTEMPT.ATTEMPTED_AT)
                                                        .toInstant(),
                                                r.get(WEBHOOK_ATTEMPT.STATUS_CODE),
                                                r.get(WEBHOOK_ATTEMPT.ERROR),
                                                r.get(WEBHOOK_ATTEMPT.DURATION_MS)),
                                        Collectors.toList())));
        return rows.stream()
                .map(r -> new WebhookDelivery(
                        r.get(WEBHOOK_DELIVERY.ID),
                        r.get(WEBHOOK_DELIVERY.ENDPOINT_ID),
                        PortalEventType.valueOf(r.get(WEBHOOK_DELIVERY.EVENT_TYPE)),
                        r.get(WEBHOOK_DELIVERY.EVENT_ID),
                        r.get(WEBHOOK_DELIVERY.STATE),
                        r.get(WEBHOOK_DELIVERY.ATTEMPTS),
                        r.get(WEBHOOK_DELIVERY.CREATED_AT).toInstant(),
                        instant(r.get(WEBHOOK_DELIVERY.NEXT_TRY_AT)),
                        instant(r.get(WEBHOOK_DELIVERY.FINISHED_AT)),
                        tries.getOrDefault(r.get(WEBHOOK_DELIVERY.ID), List.of())))
                .toList();
    }

    /** Pending deliveries whose next try was due before {@code before} (their task may have been lost). */
    public List<UUID> overdue(Instant before) {
        return db.select(WEBHOOK_DELIVERY.ID)
                .from(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.STATE.eq("PENDING"))
                .and(WEBHOOK_DELIVERY.NEXT_TRY_AT.lt(odt(before)))
                .limit(500)
                .fetch(WEBHOOK_DELIVERY.ID);
    }

    public int countDeliveries(UUID endpointId) {
        return db.fetchCount(WEBHOOK_DELIVERY, WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpointId));
    }

    private static WebhookEndpoint endpoint(Record r) {
        Set<PortalEventType> events = EnumSet.noneOf(PortalEventType.class);
        Arrays.stream(r.get(WEBHOOK_ENDPOINT.EVENTS))
                .map(PortalEventType::parse)
                .flatMap(Optional::stream)
                .forEach(events::add);
        return new WebhookEndpoint(
                r.get(WEBHOOK_ENDPOINT.ID),
                r.get(WEBHOOK_ENDPOINT.TEAM),
                r.get(WEBHOOK_ENDPOINT.NAME),
                r.get(WEBHOOK_ENDPOINT.URL),
                WebhookFormat.valueOf(r.get(WEBHOOK_ENDPOINT.FORMAT)),
                events,
                r.get(WEBHOOK_ENDPOINT.SCORE_THRESHOLD),
                r.get(WEBHOOK_ENDPOINT.ENABLED),
                r.get(WEBHOOK_ENDPOINT.CREATED_BY),
                r.get(WEBHOOK_ENDPOINT.CREATED_AT).toInstant(),
                r.get(WEBHOOK_ENDPOINT.UPDATED_AT).toInstant());
    }

    private static String[] names(Set<PortalEventType> events) {
        return events.stream().map(Enum::name).sorted().toArray(String[]::new);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime odt(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
