package io.bulkhead.provisioning.internal;

import static io.bulkhead.db.jooq.Tables.DRIFT_EVENT;
import static io.bulkhead.db.jooq.Tables.MANAGED_NAMESPACE;
import static io.bulkhead.db.jooq.Tables.NAMESPACE_ADOPTION;
import static io.bulkhead.db.jooq.Tables.NAMESPACE_OBJECT;

import io.bulkhead.db.jooq.tables.records.ManagedNamespaceRecord;
import io.bulkhead.db.jooq.tables.records.NamespaceObjectRecord;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.ObjectStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** jOOQ access to managed namespaces, their objects and drift events. */
@Repository
public class NamespaceStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final DSLContext db;

    NamespaceStore(DSLContext db) {
        this.db = db;
    }

    /** Filter for lists: any null field means "any". {@code teams} null = every team. */
    public record Query(
            @Nullable Collection<String> teams,
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String tier,
            @Nullable Set<NamespaceState> states,
            @Nullable String text) {}

    public void insert(ManagedNamespace n) {
        db.insertInto(MANAGED_NAMESPACE)
                .set(MANAGED_NAMESPACE.ID, n.id())
                .set(MANAGED_NAMESPACE.CLUSTER, n.cluster())
                .set(MANAGED_NAMESPACE.NAME, n.name())
                .set(MANAGED_NAMESPACE.TEAM, n.team())
                .set(MANAGED_NAMESPACE.TIER, n.tier())
                .set(MANAGED_NAMESPACE.TIER_VERSION, n.tierVersion())
                .set(MANAGED_NAMESPACE.QUOTA_PRESET, n.quotaPreset())
                .set(MANAGED_NAMESPACE.EGRESS, JSONB.valueOf(JSON.writeValueAsString(n.egress())))
                .set(MANAGED_NAMESPACE.PURPOSE, n.purpose())
                .set(MANAGED_NAMESPACE.STATE, n.state().name())
                .set(MANAGED_NAMESPACE.STATE_REASON, n.stateReason())
                .set(MANAGED_NAMESPACE.NEEDS_REVIEW, n.needsReview())
                .set(MANAGED_NAMESPACE.REVIEW_REASON, n.reviewReason())
                .set(MANAGED_NAMESPACE.REQUESTED_BY, n.requestedBy())
                .set(MANAGED_NAMESPACE.REQUESTED_BY_NAME, n.requestedByName())
                .set(MANAGED_NAMESPACE.REQUESTED_AT, utc(n.requestedAt()))
                .set(MANAGED_NAMESPACE.DECIDED_BY, n.decidedBy())
                .set(MANAGED_NAMESPACE.DECIDED_BY_NAME, n.decidedByName())
                .set(MANAGED_NAMESPACE.DECIDED_AT, utc(n.decidedAt()))
                .set(MANAGED_NAMESPACE.DECISION_COMMENT, n.decisionComment())
                .set(MANAGED_NAMESPACE.UPDATED_AT, utc(n.updatedAt()))
                .execute();
    }

    /** Marks a namespace record as the adoption of an existing namespace (its first apply may claim it). */
    public void insertAdoption(java.util.UUID id, java.time.Instant at) {
        db.insertInto(NAMESPACE_ADOPTION)
                .set(NAMESPACE_ADOPTION.NAMESPACE_ID, id)
                .set(NAMESPACE_ADOPTION.REQUESTED_AT, utc(at))
                .execute();
    }

    /** True when the record is an adoption whose namespace has not been claimed yet. */
    public boolean adoptionPending(java.util.UUID id) {
        return db.fetchExists(
                NAMESPACE_ADOPTION, NAMESPACE_ADOPTION.NAMESPACE_ID.eq(id), NAMESPACE_ADOPTION.CLAIMED_AT.isNull());
    }

    /** True when the record is an adoption (claimed or not). */
    public boolean isAdoption(java.util.UUID id) {
        return db.fetchExists(NAMESPACE_ADOPTION, NAMESPACE_ADOPTION.NAMESPACE_ID.eq(id));
    }

    public void markAdopted(java.util.UUID id, java.time.Instant at) {
        db.update(NAMESPACE_ADOPTION)
                .set(NAMESPACE_ADOPTION.CLAIMED_AT, utc(at))
                .where(NAMESPACE_ADOPTION.NAMESPACE_ID.eq(id))
                .execute();
    }

    public boolean nameTaken(String cluster, String name) {
        return db.fetchExists(
                MANAGED_NAMESPACE,
                MANAGED_NAMESPACE.CLUSTER.eq(cluster),
                MANAGED_NAMESPACE.NAME.eq(name),
                MANAGED_NAMESPACE.STATE.notIn("DELETED", "REJECTED"));
    }

    /** The record that holds the name in the cluster, else the latest one that did (rejected or deleted). */
    public Optional<ManagedNamespace> findByName(String cluster, String name) {
        return db.selectFrom(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.CLUSTER.eq(cluster))
                .and(MANAGED_NAMESPACE.NAME.eq(name))
                .orderBy(
                        DSL.when(MANAGED_NAMESPACE.STATE.in("DELETED", "REJECTED"), 1)
                                .otherwise(0),
                        MANAGED_NAMESPACE.REQUESTED_AT.desc())
                .limit(1)
                .fetchOptional(NamespaceStore::map);
    }

    public Optional<ManagedNamespace> find(UUID id) {
        return db.selectFrom(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.ID.eq(id))
                .fetchOptional(NamespaceStore::map);
    }

    /** Many namespaces by id (one query); ids without a namespace are left out. */
    public Map<UUID, ManagedNamespace> find(Collection<UUID> ids) {
        Map<UUID, ManagedNamespace> m = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            db.selectFrom(MANAGED_NAMESPACE)
                    .where(MANAGED_NAMESPACE.ID.eq(DSL.any(ids.toArray(UUID[]::new))))
                    .forEach(r -> m.put(r.getId(), map(r)));
        }
        return m;
    }

    /**
     * A namespace with the status of its objects, as one reconcile pass starts from; {@code appliedHashes}: the hash
     * of what Bulkhead last applied to each object, by key (the objects themselves are read on demand, {@link
     * #applied}).
     */
    public record Loaded(ManagedNamespace namespace, List<ObjectStatus> objects, Map<String, String> appliedHashes) {
        /** Keys of the objects an earlier pass applied (finding one of them missing is drift). */
        public Set<String> appliedKeys() {
            return objects.stream()
                    .filter(o -> o.status().equals("APPLIED"))
                    .map(ObjectStatus::key)
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
    }

    /** The object columns a pass reads (not the applied objects themselves, which are read only when needed). */
    private static final List<org.jooq.Field<?>> STATUS_FIELDS = List.of(
            NAMESPACE_OBJECT.NAMESPACE_ID,
            NAMESPACE_OBJECT.OBJECT_KEY,
            NAMESPACE_OBJECT.API_VERSION,
            NAMESPACE_OBJECT.KIND,
            NAMESPACE_OBJECT.OBJECT_NAMESPACE,
            NAMESPACE_OBJECT.NAME,
            NAMESPACE_OBJECT.STATUS,
            NAMESPACE_OBJECT.MESSAGE,
            NAMESPACE_OBJECT.RESOURCE_VERSION,
            NAMESPACE_OBJECT.UPDATED_AT,
            NAMESPACE_OBJECT.APPLIED_HASH);

    /** {@link #find} and {@link #objects} in one round trip. */
    public Optional<Loaded> findWithObjects(UUID id) {
        return db.select(
                        MANAGED_NAMESPACE,
                        DSL.multiset(DSL.select(STATUS_FIELDS)
                                        .from(NAMESPACE_OBJECT)
                                        .where(NAMESPACE_OBJECT.NAMESPACE_ID.eq(MANAGED_NAMESPACE.ID))
                                        .orderBy(NAMESPACE_OBJECT.OBJECT_KEY))
                                .convertFrom(r -> r.map(o -> o.into(NAMESPACE_OBJECT))))
                .from(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.ID.eq(id))
                .fetchOptional(r -> {
                    Map<String, String> hashes = new HashMap<>();
                    r.value2().forEach(o -> {
                        if (o.getAppliedHash() != null) {
                            hashes.put(o.getObjectKey(), o.getAppliedHash());
                        }
                    });
                    return new Loaded(
                            map(r.value1()),
                            r.value2().stream()
                                    .map(NamespaceStore::objectStatus)
                                    .toList(),
                            hashes);
                });
    }

    /** What Bulkhead last applied to one object of a namespace (JSON), if it was recorded. */
    public Optional<String> applied(UUID id, String key) {
        return db.select(NAMESPACE_OBJECT.APPLIED)
                .from(NAMESPACE_OBJECT)
                .where(NAMESPACE_OBJECT.NAMESPACE_ID.eq(id))
                .and(NAMESPACE_OBJECT.OBJECT_KEY.eq(key))
                .fetchOptional(NAMESPACE_OBJECT.APPLIED)
                .map(JSONB::data);
    }

    /** Locks the row for the rest of the transaction (decisions, state changes). */
    public Optional<ManagedNamespace> lock(UUID id) {
        return db.selectFrom(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.ID.eq(id))
                .forUpdate()
                .fetchOptional(NamespaceStore::map);
    }

    public List<ManagedNamespace> page(Query q, int offset, int limit) {
        return db.selectFrom(MANAGED_NAMESPACE)
                .where(conditions(q))
                .orderBy(MANAGED_NAMESPACE.REQUESTED_AT.desc(), MANAGED_NAMESPACE.ID)
                .offset(offset)
                .limit(limit)
                .fetch(NamespaceStore::map);
    }

    public int count(Query q) {
        return db.fetchCount(MANAGED_NAMESPACE, conditions(q));
    }

    public List<ManagedNamespace> inStates(String cluster, Set<NamespaceState> states) {
        return db.selectFrom(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.CLUSTER.eq(cluster))
                .and(MANAGED_NAMESPACE.STATE.in(states.stream().map(Enum::name).toList()))
                .orderBy(MANAGED_NAMESPACE.NAME)
                .fetch(NamespaceStore::map);
    }

    /** The record of namespace {@code name} in {@code cluster} that is reconciled (live or decommissioning), if any. */
    public Optional<UUID> reconciledId(String cluster, String name) {
        return db.select(MANAGED_NAMESPACE.ID)
                .from(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.CLUSTER.eq(cluster))
                .and(MANAGED_NAMESPACE.NAME.eq(name))
                .and(MANAGED_NAMESPACE.STATE.in("APPROVED", "PROVISIONING", "READY", "FAILED", "DECOMMISSIONING"))
                .limit(1)
                .fetchOptional(MANAGED_NAMESPACE.ID);
    }

    /** One live namespace of {@code cluster} at that tier version (one pass repairs the version's shared policies). */
    public Optional<UUID> liveOfTierVersion(String cluster, String tier, int version) {
        return db.select(MANAGED_NAMESPACE.ID)
                .from(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.CLUSTER.eq(cluster))
                .and(MANAGED_NAMESPACE.TIER.eq(tier))
                .and(MANAGED_NAMESPACE.TIER_VERSION.eq(version))
                .and(MANAGED_NAMESPACE.STATE.in("READY", "FAILED"))
                .orderBy(MANAGED_NAMESPACE.NAME)
                .limit(1)
                .fetchOptional(MANAGED_NAMESPACE.ID);
    }

    public List<String> clustersWithWork() {
        return db.selectDistinct(MANAGED_NAMESPACE.CLUSTER)
                .from(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.STATE.in("APPROVED", "PROVISIONING", "READY", "FAILED", "DECOMMISSIONING"))
                .fetch(MANAGED_NAMESPACE.CLUSTER);
    }

    private static List<Condition> conditions(Query q) {
        List<Condition> c = new ArrayList<>();
        if (q.teams() != null) {
            c.add(MANAGED_NAMESPACE.TEAM.in(q.teams()));
        }
        if (q.team() != null) {
            c.add(MANAGED_NAMESPACE.TEAM.eq(q.team()));
        }
        if (q.cluster() != null) {
            c.add(MANAGED_NAMESPACE.CLUSTER.eq(q.cluster()));
        }
        if (q.tier() != null) {
            c.add(MANAGED_NAMESPACE.TIER.eq(q.tier()));
        }
        if (q.states() != null && !q.states().isEmpty()) {
            c.add(MANAGED_NAMESPACE.STATE.in(q.states().stream().map(Enum::name).toList()));
        }
        if (q.text() != null && !q.text().isBlank()) {
            c.add(MANAGED_NAMESPACE
                    .NAME
                    .containsIgnoreCase(q.text())
                    .or(MANAGED_NAMESPACE.PURPOSE.containsIgnoreCase(q.text())));
        }
        return c;
    }

    /** Moves to a state; bumps the optimistic-lock version. Returns false when {@code expectedVersion} is stale. */
    public boolean transition(UUID id, int expectedVersion, NamespaceState to, @Nullable String reason, Instant now) {
        return db.update(MANAGED_NAMESPACE)
                        .set(MANAGED_NAMESPACE.STATE, to.name())
                        .set(MANAGED_NAMESPACE.STATE_REASON, reason)
                        .set(MANAGED_NAMESPACE.UPDATED_AT, utc(now))
                        .set(MANAGED_NAMESPACE.VERSION, MANAGED_NAMESPACE.VERSION.plus(1))
                        .where(MANAGED_NAMESPACE.ID.eq(id))
                        .and(MANAGED_NAMESPACE.VERSION.eq(expectedVersion))
                        .execute()
                == 1;
    }

    public boolean decide(
            UUID id, int expectedVersion, NamespaceState to, String by, String byName, String comment, Instant now) {
        return db.update(MANAGED_NAMESPACE)
                        .set(MANAGED_NAMESPACE.STATE, to.name())
                        .set(MANAGED_NAMESPACE.DECIDED_BY, by)
                        .set(MANAGED_NAMESPACE.DECIDED_BY_NAME, byName)
                        .set(MANAGED_NAMESPACE.DECIDED_AT, utc(now))
                        .set(MANAGED_NAMESPACE.DECISION_COMMENT, comment)
                        .set(MANAGED_NAMESPACE.UPDATED_AT, utc(now))
                        .set(MANAGED_NAMESPACE.VERSION, MANAGED_NAMESPACE.VERSION.plus(1))
                        .where(MANAGED_NAMESPACE.ID.eq(id))
                        .and(MANAGED_NAMESPACE.VERSION.eq(expectedVersion))
                        .execute()
                == 1;
    }

    /** Changes the tier version (roll forward/back) and bumps the generation so the reconciler re-applies. */
    public void setTierVersion(UUID id, int tierVersion, Instant now) {
        db.update(MANAGED_NAMESPACE)
                .set(MANAGED_NAMESPACE.TIER_VERSION, tierVersion)
                .set(MANAGED_NAMESPACE.GENERATION, MANAGED_NAMESPACE.GENERATION.plus(1))
                .set(MANAGED_NAMESPACE.UPDATED_AT, utc(now))
                .set(MANAGED_NAMESPACE.VERSION, MANAGED_NAMESPACE.VERSION.plus(1))
                .where(MANAGED_NAMESPACE.ID.eq(id))
                .execute();
    }

    /**
     * Sets the changeable settings (tier, version, quota preset, egress) and bumps the generation so the reconciler
     * re-applies; returns the new generation, or empty when the namespace is gone.
     */
    public Optional<Long> setSettings(UUID id, io.bulkhead.provisioning.DesiredSettings s, Instant now) {
        return db.update(MANAGED_NAMESPACE)
                .set(MANAGED_NAMESPACE.TIER, s.tier())
                .set(MANAGED_NAMESPACE.TIER_VERSION, s.tierVersion())
                .set(MANAGED_NAMESPACE.QUOTA_PRESET, s.quotaPreset())
                .set(MANAGED_NAMESPACE.EGRESS, JSONB.valueOf(JSON.writeValueAsString(s.egress())))
                .set(MANAGED_NAMESPACE.GENERATION, MANAGED_NAMESPACE.GENERATION.plus(1))
                .set(MANAGED_NAMESPACE.UPDATED_AT, utc(now))
                .set(MANAGED_NAMESPACE.VERSION, MANAGED_NAMESPACE.VERSION.plus(1))
                .where(MANAGED_NAMESPACE.ID.eq(id))
                .returning(MANAGED_NAMESPACE.GENERATION)
                .fetchOptional(MANAGED_NAMESPACE.GENERATION);
    }

    /**
     * Bumps the generation (the desired objects changed without a settings change: a quarantine or its release) so
     * the reconciler re-applies and the apply is recorded as Bulkhead's own update.
     */
    public boolean bumpGeneration(UUID id, Instant now) {
        return db.update(MANAGED_NAMESPACE)
                        .set(MANAGED_NAMESPACE.GENERATION, MANAGED_NAMESPACE.GENERATION.plus(1))
                        .set(MANAGED_NAMESPACE.UPDATED_AT, utc(now))
                        .set(MANAGED_NAMESPACE.VERSION, MANAGED_NAMESPACE.VERSION.plus(1))
                        .where(MANAGED_NAMESPACE.ID.eq(id))
                        .execute()
                == 1;
    }

    private static final Set<String> LEFT = Set.of("DECOMMISSIONING", "DELETED", "REJECTED");

    /**
     * Records a finished apply: state, reason, generation applied and reconcile time (no version bump). A namespace
     * that moved to decommissioning meanwhile keeps that state.
     */
    public void recordApply(UUID id, NamespaceState state, @Nullable String reason, long generation, Instant now) {
        var current = db.select(
                        MANAGED_NAMESPACE.STATE, MANAGED_NAMESPACE.STATE_REASON, MANAGED_NAMESPACE.APPLIED_GENERATION)
                .from(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.ID.eq(id))
                .fetchOne();
        if (current != null && LEFT.contains(current.value1())) {
            // decommissioned (or deleted) while this pass ran: the pass's outcome must not bring the namespace back
            db.update(MANAGED_NAMESPACE)
                    .set(MANAGED_NAMESPACE.LAST_RECONCILED_AT, utc(now))
                    .where(MANAGED_NAMESPACE.ID.eq(id))
                    .execute();
            return;
        }
        boolean changed = current == null
                || !state.name().equals(current.value1())
                || !java.util.Objects.equals(reason, current.value2())
                || generation != current.value3();
        var update = db.update(MANAGED_NAMESPACE).set(MANAGED_NAMESPACE.LAST_RECONCILED_AT, utc(now));
        if (changed) {
            update = update.set(MANAGED_NAMESPACE.STATE, state.name())
                    .set(MANAGED_NAMESPACE.STATE_REASON, reason)
                    .set(MANAGED_NAMESPACE.APPLIED_GENERATION, generation)
                    .set(MANAGED_NAMESPACE.UPDATED_AT, utc(now))
                    .set(MANAGED_NAMESPACE.VERSION, MANAGED_NAMESPACE.VERSION.plus(1));
        }
        update.where(MANAGED_NAMESPACE.ID.eq(id)).execute();
    }

    /** Sets the reconcile time of namespaces a pass found unchanged, in one statement (no version bump). */
    public int touch(Collection<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        return db.update(MANAGED_NAMESPACE)
                .set(MANAGED_NAMESPACE.LAST_RECONCILED_AT, utc(now))
                .where(MANAGED_NAMESPACE.ID.in(ids))
                .execute();
    }

    /** The results that differ from the recorded statuses {@code existing} (status, message or resourceVersion). */
    static List<Applier.ObjectResult> changed(List<ObjectStatus> existing, List<Applier.ObjectResult> results) {
        Map<String, ObjectStatus> byKey = new java.util.HashMap<>();
        existing.forEach(o -> byKey.put(o.key(), o));
        return results.stream()
                .filter(r -> {
                    ObjectStatus old = byKey.get(r.key());
                    return old == null
                            || !old.status().equals(r.status())
                            || !java.util.Objects.equals(old.message(), r.message())
                            || !java.util.Objects.equals(old.resourceVersion(), r.resourceVersion());
                })
                .toList();
    }

    /** What Bulkhead applied to an object: the JSON and its hash. */
    public record Applied(String json, String hash) {}

    /**
     * Upserts object statuses against the statuses {@code existing} read at the start of the pass (under the pass's
     * namespace lock): only rows whose status, message or resourceVersion changed are written, in one batch; and
     * {@code applied}, by key, what was applied to objects whose applied state changed.
     */
    public int recordObjects(
            UUID id,
            List<ObjectStatus> existing,
            List<Applier.ObjectResult> results,
            List<String> pruned,
            Map<String, Applied> applied,
            Instant now) {
        List<org.jooq.Query> upserts = new ArrayList<>();
        List<Applier.ObjectResult> changed = new ArrayList<>(changed(existing, results));
        Set<String> changedKeys =
                changed.stream().map(Applier.ObjectResult::key).collect(java.util.stream.Collectors.toSet());
        results.stream()
                .filter(r -> applied.containsKey(r.key()) && !changedKeys.contains(r.key()))
                .forEach(changed::add);
        for (Applier.ObjectResult r : changed) {
            Applied a = applied.get(r.key());
            if (a != null) {
                upserts.add(db.insertInto(NAMESPACE_OBJECT)
                        .set(NAMESPACE_OBJECT.NAMESPACE_ID, id)
                        .set(NAMESPACE_OBJECT.OBJECT_KEY, r.key())
                        .set(NAMESPACE_OBJECT.API_VERSION, r.apiVersion())
                        .set(NAMESPACE_OBJECT.KIND, r.kind())
                        .set(NAMESPACE_OBJECT.OBJECT_NAMESPACE, r.namespace())
                        .set(NAMESPACE_OBJECT.NAME, r.name())
                        .set(NAMESPACE_OBJECT.STATUS, r.status())
                        .set(NAMESPACE_OBJECT.MESSAGE, r.message())
                        .set(NAMESPACE_OBJECT.RESOURCE_VERSION, r.resourceVersion())
                        .set(NAMESPACE_OBJECT.APPLIED, JSONB.valueOf(a.json()))
                        .set(NAMESPACE_OBJECT.APPLIED_HASH, a.hash())
                        .set(NAMESPACE_OBJECT.UPDATED_AT, utc(now))
                        .onConflict(NAMESPACE_OBJECT.NAMESPACE_ID, NAMESPACE_OBJECT.OBJECT_KEY)
                        .doUpdate()
                        .set(NAMESPACE_OBJECT.STATUS, r.status())
                        .set(NAMESPACE_OBJECT.MESSAGE, r.message())
                        .set(NAMESPACE_OBJECT.RESOURCE_VERSION, r.resourceVersion())
                        .set(NAMESPACE_OBJECT.APPLIED, JSONB.valueOf(a.json()))
                        .set(NAMESPACE_OBJECT.APPLIED_HASH, a.hash())
                        .set(NAMESPACE_OBJECT.UPDATED_AT, utc(now)));
                continue;
            }
            upserts.add(db.insertInto(NAMESPACE_OBJECT)
                    .set(NAMESPACE_OBJECT.NAMESPACE_ID, id)
                    .set(NAMESPACE_OBJECT.OBJECT_KEY, r.key())
                    .set(NAMESPACE_OBJECT.API_VERSION, r.apiVersion())
                    .set(NAMESPACE_OBJECT.KIND, r.kind())
                    .set(NAMESPACE_OBJECT.OBJECT_NAMESPACE, r.namespace())
                    .set(NAMESPACE_OBJECT.NAME, r.name())
                    .set(NAMESPACE_OBJECT.STATUS, r.status())
                    .set(NAMESPACE_OBJECT.MESSAGE, r.message())
                    .set(NAMESPACE_OBJECT.RESOURCE_VERSION, r.resourceVersion())
                    .set(NAMESPACE_OBJECT.UPDATED_AT, utc(now))
                    .onConflict(NAMESPACE_OBJECT.NAMESPACE_ID, NAMESPACE_OBJECT.OBJECT_KEY)
                    .doUpdate()
                    .set(NAMESPACE_OBJECT.STATUS, r.status())
                    .set(NAMESPACE_OBJECT.MESSAGE, r.message())
                    .set(NAMESPACE_OBJECT.RESOURCE_VERSION, r.resourceVersion())
                    .set(NAMESPACE_OBJECT.UPDATED_AT, utc(now)));
        }
        int writes = upserts.size();
        if (!upserts.isEmpty()) {
            db.batch(upserts).execute();
        }
        if (!pruned.isEmpty()) {
            writes += db.update(NAMESPACE_OBJECT)
                    .set(NAMESPACE_OBJECT.STATUS, "PRUNED")
                    .set(NAMESPACE_OBJECT.UPDATED_AT, utc(now))
                    .where(NAMESPACE_OBJECT.NAMESPACE_ID.eq(id))
                    .and(NAMESPACE_OBJECT.OBJECT_KEY.in(pruned))
                    .execute();
        }
        return writes;
    }

    /**
     * Marks every object of a decommissioned namespace PRUNED, except {@code released}: shared objects that stay in
     * the cluster for other namespaces (marked RELEASED).
     */
    public void markAllPruned(UUID id, Collection<String> released, Instant now) {
        db.update(NAMESPACE_OBJECT)
                .set(NAMESPACE_OBJECT.STATUS, "PRUNED")
                .set(NAMESPACE_OBJECT.UPDATED_AT, utc(now))
                .where(NAMESPACE_OBJECT.NAMESPACE_ID.eq(id))
                .and(NAMESPACE_OBJECT.OBJECT_KEY.notIn(released))
                .execute();
        if (!released.isEmpty()) {
            db.update(NAMESPACE_OBJECT)
                    .set(NAMESPACE_OBJECT.STATUS, "RELEASED")
                    .set(NAMESPACE_OBJECT.UPDATED_AT, utc(now))
                    .where(NAMESPACE_OBJECT.NAMESPACE_ID.eq(id))
                    .and(NAMESPACE_OBJECT.OBJECT_KEY.in(released))
                    .execute();
        }
    }

    /** Marks shared objects a namespace no longer uses but that stay for others RELEASED; returns how many. */
    public int markReleased(UUID id, Collection<String> keys, Instant now) {
        return db.update(NAMESPACE_OBJECT)
                .set(NAMESPACE_OBJECT.STATUS, "RELEASED")
                .set(NAMESPACE_OBJECT.UPDATED_AT, utc(now))
                .where(NAMESPACE_OBJECT.NAMESPACE_ID.eq(id))
                .and(NAMESPACE_OBJECT.OBJECT_KEY.in(keys))
                .execute();
    }

    public List<ObjectStatus> objects(UUID id) {
        return db.select(STATUS_FIELDS)
                .from(NAMESPACE_OBJECT)
                .where(NAMESPACE_OBJECT.NAMESPACE_ID.eq(id))
                .orderBy(NAMESPACE_OBJECT.OBJECT_KEY)
                .fetch(r -> objectStatus(r.into(NAMESPACE_OBJECT)));
    }

    private static ObjectStatus objectStatus(NamespaceObjectRecord r) {
        return new ObjectStatus(
                r.getObjectKey(),
                r.getApiVersion(),
                r.getKind(),
                r.getObjectNamespace(),
                r.getName(),
                r.getStatus(),
                r.getMessage(),
                r.getResourceVersion(),
                r.getUpdatedAt().toInstant());
    }

    /** The ids of the namespaces in any of the states. */
    public Set<UUID> ids(Set<NamespaceState> states) {
        return new java.util.HashSet<>(db.select(MANAGED_NAMESPACE.ID)
                .from(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.STATE.in(
                        states.stream().map(Enum::name).toList()))
                .fetch(MANAGED_NAMESPACE.ID));
    }

    /** The objects of many namespaces, by namespace id (one query). */
    public Map<UUID, List<ObjectStatus>> objects(Collection<UUID> ids) {
        Map<UUID, List<ObjectStatus>> m = new HashMap<>();
        if (ids.isEmpty()) {
            return m;
        }
        db.select(STATUS_FIELDS)
                .from(NAMESPACE_OBJECT)
                .where(NAMESPACE_OBJECT.NAMESPACE_ID.eq(DSL.any(ids.toArray(UUID[]::new))))
                .orderBy(NAMESPACE_OBJECT.NAMESPACE_ID, NAMESPACE_OBJECT.OBJECT_KEY)
                .forEach(rec -> {
                    NamespaceObjectRecord r = rec.into(NAMESPACE_OBJECT);
                    m.computeIfAbsent(r.getNamespaceId(), k -> new ArrayList<>())
                            .add(objectStatus(r));
                });
        return m;
    }

    public void recordDrift(
            @Nullable UUID id,
            String cluster,
            @Nullable String namespace,
            String key,
            String change,
            @Nullable String manager,
            boolean repaired,
            Instant now) {
        db.insertInto(DRIFT_EVENT)
                .set(DRIFT_EVENT.NAMESPACE_ID, id)
                .set(DRIFT_EVENT.CLUSTER, cluster)
                .set(DRIFT_EVENT.NAMESPACE, namespace)
                .set(DRIFT_EVENT.OBJECT_KEY, key)
                .set(DRIFT_EVENT.CHANGE, change)
                .set(DRIFT_EVENT.FIELD_MANAGER, manager)
                .set(DRIFT_EVENT.DETECTED_AT, utc(now))
                .set(DRIFT_EVENT.REPAIRED, repaired)
                .execute();
    }

    public int driftCountSince(Instant since) {
        return db.fetchCount(DRIFT_EVENT, DRIFT_EVENT.DETECTED_AT.ge(utc(since)));
    }

    public int countInState(Set<NamespaceState> states) {
        return db.fetchCount(
                MANAGED_NAMESPACE,
                MANAGED_NAMESPACE.STATE.in(states.stream().map(Enum::name).toList()));
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static ManagedNamespace map(ManagedNamespaceRecord r) {
        List<EgressRule> egress = JSON.readValue(r.getEgress().data(), new TypeReference<List<EgressRule>>() {});
        return new ManagedNamespace(
                r.getId(),
                r.getCluster(),
                r.getName(),
                r.getTeam(),
                r.getTier(),
                r.getTierVersion(),
                r.getQuotaPreset(),
                egress,
                r.getPurpose(),
                NamespaceState.valueOf(r.getState()),
                r.getStateReason(),
                r.getNeedsReview(),
                r.getReviewReason(),
                r.getRequestedBy(),
                r.getRequestedByName(),
                r.getRequestedAt().toInstant(),
                r.getDecidedBy(),
                r.getDecidedByName(),
                r.getDecidedAt() == null ? null : r.getDecidedAt().toInstant(),
                r.getDecisionComment(),
                r.getGeneration(),
                r.getAppliedGeneration(),
                r.getLastReconciledAt() == null ? null : r.getLastReconciledAt().toInstant(),
                r.getUpdatedAt().toInstant(),
                r.getVersion());
    }
}
