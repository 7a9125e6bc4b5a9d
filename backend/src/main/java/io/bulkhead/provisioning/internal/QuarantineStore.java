package io.bulkhead.provisioning.internal;

import static io.bulkhead.db.jooq.Tables.MANAGED_NAMESPACE;
import static io.bulkhead.db.jooq.Tables.NAMESPACE_QUARANTINE;

import io.bulkhead.provisioning.Quarantine;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** jOOQ access to namespace quarantines and the team NetworkPolicies parked while one lasts. */
@Repository
public class QuarantineStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACTIVE = "ACTIVE";
    private static final String RELEASING = "RELEASING";
    private final DSLContext db;

    QuarantineStore(DSLContext db) {
        this.db = db;
    }

    /** The namespace's quarantine, in force or being released. */
    public Optional<Quarantine> find(UUID namespaceId) {
        return db.selectFrom(NAMESPACE_QUARANTINE)
                .where(NAMESPACE_QUARANTINE.NAMESPACE_ID.eq(namespaceId))
                .fetchOptional()
                .map(QuarantineStore::map);
    }

    /** Whether the namespace's quarantine is in force (its desired state is the quarantined one). */
    public boolean inForce(UUID namespaceId) {
        return db.fetchExists(
                NAMESPACE_QUARANTINE,
                NAMESPACE_QUARANTINE.NAMESPACE_ID.eq(namespaceId).and(NAMESPACE_QUARANTINE.STATE.eq(ACTIVE)));
    }

    /** The namespaces of {@code cluster} whose quarantine is in force (one query for a reconcile pass). */
    public Set<UUID> inForce(String cluster) {
        return db.select(NAMESPACE_QUARANTINE.NAMESPACE_ID)
                .from(NAMESPACE_QUARANTINE)
                .join(MANAGED_NAMESPACE)
                .on(MANAGED_NAMESPACE.ID.eq(NAMESPACE_QUARANTINE.NAMESPACE_ID))
                .where(MANAGED_NAMESPACE.CLUSTER.eq(cluster).and(NAMESPACE_QUARANTINE.STATE.eq(ACTIVE)))
                .fetchSet(NAMESPACE_QUARANTINE.NAMESPACE_ID);
    }

    /** The ids among {@code ids} that have a quarantine row (in force or being released). */
    public Set<UUID> withRow(Collection<UUID> ids) {
        return db.select(NAMESPACE_QUARANTINE.NAMESPACE_ID)
                .from(NAMESPACE_QUARANTINE)
                .where(NAMESPACE_QUARANTINE.NAMESPACE_ID.in(ids))
                .fetchSet(NAMESPACE_QUARANTINE.NAMESPACE_ID);
    }

    /** Stores a new quarantine; false when the namespace has one already. */
    public boolean insert(UUID namespaceId, String reason, String by, String byName, Instant at) {
        return db.insertInto(NAMESPACE_QUARANTINE)
                        .set(NAMESPACE_QUARANTINE.NAMESPACE_ID, namespaceId)
                        .set(NAMESPACE_QUARANTINE.STATE, ACTIVE)
                        .set(NAMESPACE_QUARANTINE.REASON, reason)
                        .set(NAMESPACE_QUARANTINE.QUARANTINED_BY, by)
                        .set(NAMESPACE_QUARANTINE.QUARANTINED_BY_NAME, byName)
                        .set(NAMESPACE_QUARANTINE.QUARANTINED_AT, utc(at))
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }

    /** Marks an active quarantine as being released; false when it is not active. */
    public boolean release(UUID namespaceId, String reason, String by, String byName, Instant at) {
        return db.update(NAMESPACE_QUARANTINE)
                        .set(NAMESPACE_QUARANTINE.STATE, RELEASING)
                        .set(NAMESPACE_QUARANTINE.RELEASE_REASON, reason)
                        .set(NAMESPACE_QUARANTINE.RELEASED_BY, by)
                        .set(NAMESPACE_QUARANTINE.RELEASED_BY_NAME, byName)
                        .set(NAMESPACE_QUARANTINE.RELEASED_AT, utc(at))
                        .where(NAMESPACE_QUARANTINE.NAMESPACE_ID.eq(namespaceId))
                        .and(NAMESPACE_QUARANTINE.STATE.eq(ACTIVE))
                        .execute()
                == 1;
    }

    /** The parked team NetworkPolicies (name → the policy as JSON) of the namespace's quarantine row. */
    public Map<String, String> parked(UUID namespaceId) {
        return db.select(NAMESPACE_QUARANTINE.PARKED_POLICIES)
                .from(NAMESPACE_QUARANTINE)
                .where(NAMESPACE_QUARANTINE.NAMESPACE_ID.eq(namespaceId))
                .fetchOptional(NAMESPACE_QUARANTINE.PARKED_POLICIES)
                .map(j -> JSON.readValue(j.data(), new TypeReference<LinkedHashMap<String, String>>() {}))
                .map(m -> (Map<String, String>) m)
                .orElse(Map.of());
    }

    /**
     * Adds policies to the parked ones; a name parked already keeps its first (pre-quarantine) version. Only while
     * the quarantine is active.
     */
    public void park(UUID namespaceId, Map<String, String> policies) {
        // jsonb || keeps the right-hand side's value for a name in both: the stored one goes right
        db.update(NAMESPACE_QUARANTINE)
                .set(
                        NAMESPACE_QUARANTINE.PARKED_POLICIES,
                        org.jooq.impl.DSL.field(
                                "{0} || {1}",
                                NAMESPACE_QUARANTINE.PARKED_POLICIES.getDataType(),
                                org.jooq.impl.DSL.val(JSONB.valueOf(JSON.writeValueAsString(policies))),
                                NAMESPACE_QUARANTINE.PARKED_POLICIES))
                .where(NAMESPACE_QUARANTINE.NAMESPACE_ID.eq(namespaceId))
                .and(NAMESPACE_QUARANTINE.STATE.eq(ACTIVE))
                .execute();
    }

    /** Deletes a released quarantine (its parked policies are back); false when it is not being released. */
    public boolean finishRelease(UUID namespaceId) {
        return db.deleteFrom(NAMESPACE_QUARANTINE)
                        .where(NAMESPACE_QUARANTINE.NAMESPACE_ID.eq(namespaceId))
                        .and(NAMESPACE_QUARANTINE.STATE.eq(RELEASING))
                        .execute()
                == 1;
    }

    private static Quarantine map(Record r) {
        var q = r.into(NAMESPACE_QUARANTINE);
        return new Quarantine(
                q.getNamespaceId(),
                q.getState().equals(ACTIVE),
                q.getReason(),
                q.getQuarantinedBy(),
                q.getQuarantinedByName(),
                q.getQuarantinedAt().toInstant());
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
