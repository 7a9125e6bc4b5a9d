package io.bulkhead.changes.internal;

import static io.bulkhead.db.jooq.Tables.NAMESPACE_CHANGE;

import io.bulkhead.changes.ChangeKind;
import io.bulkhead.changes.ChangePreview;
import io.bulkhead.changes.ChangeState;
import io.bulkhead.changes.NamespaceChange;
import io.bulkhead.db.jooq.tables.records.NamespaceChangeRecord;
import io.bulkhead.provisioning.DesiredSettings;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Converter;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.EnumConverter;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code namespace_change} table. States and kinds go through jOOQ converters, settings and preview as JSON. */
@Repository
public class ChangeStore {
    static final Converter<String, ChangeState> STATE = new EnumConverter<>(String.class, ChangeState.class);
    static final Converter<String, ChangeKind> KIND = new EnumConverter<>(String.class, ChangeKind.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;

    ChangeStore(DSLContext db) {
        this.db = db;
    }

    /**
     * Stores a new change; false when the namespace already has an open one (the partial unique index refuses it,
     * also when two requests race).
     */
    public boolean insert(NamespaceChange c) {
        try {
            db.insertInto(NAMESPACE_CHANGE)
                    .set(NAMESPACE_CHANGE.ID, c.id())
                    .set(NAMESPACE_CHANGE.NAMESPACE_ID, c.namespaceId())
                    .set(NAMESPACE_CHANGE.TEAM, c.team())
                    .set(NAMESPACE_CHANGE.CLUSTER, c.cluster())
                    .set(NAMESPACE_CHANGE.NAMESPACE, c.namespace())
                    .set(NAMESPACE_CHANGE.KIND, KIND.to(c.kind()))
                    .set(NAMESPACE_CHANGE.BEFORE_SETTINGS, json(c.before()))
                    .set(NAMESPACE_CHANGE.DESIRED, json(c.after()))
                    .set(NAMESPACE_CHANGE.PREVIEW, json(c.preview()))
                    .set(NAMESPACE_CHANGE.REASON, c.reason())
                    .set(NAMESPACE_CHANGE.ACKNOWLEDGED, c.acknowledged())
                    .set(NAMESPACE_CHANGE.REVIEW_REASON, c.reviewReason())
                    .set(NAMESPACE_CHANGE.STATE, STATE.to(c.state()))
                    .set(NAMESPACE_CHANGE.REQUESTED_BY, c.requestedBy())
                    .set(NAMESPACE_CHANGE.REQUESTED_BY_NAME, c.requestedByName())
                    .set(NAMESPACE_CHANGE.REQUESTED_AT, utc(c.requestedAt()))
                    .set(NAMESPACE_CHANGE.UPDATED_AT, utc(c.updatedAt()))
                    .execute();
            return true;
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<NamespaceChange> find(UUID id) {
        return db.selectFrom(NAMESPACE_CHANGE).where(NAMESPACE_CHANGE.ID.eq(id)).fetchOptional(ChangeStore::map);
    }

    /** The change, locked until the transaction ends. */
    public Optional<NamespaceChange> lock(UUID id) {
        return db.selectFrom(NAMESPACE_CHANGE)
                .where(NAMESPACE_CHANGE.ID.eq(id))
                .forUpdate()
                .fetchOptional(ChangeStore::map);
    }

    /** The namespace's open change (waiting or being applied), if any. */
    public Optional<NamespaceChange> open(UUID namespaceId) {
        return db.selectFrom(NAMESPACE_CHANGE)
                .where(NAMESPACE_CHANGE.NAMESPACE_ID.eq(namespaceId))
                .and(NAMESPACE_CHANGE.STATE.in(STATE.to(ChangeState.PENDING), STATE.to(ChangeState.APPROVED)))
                .fetchOptional(ChangeStore::map);
    }

    /** The namespace's changes, newest first. */
    public List<NamespaceChange> ofNamespace(UUID namespaceId, int limit) {
        return db.selectFrom(NAMESPACE_CHANGE)
                .where(NAMESPACE_CHANGE.NAMESPACE_ID.eq(namespaceId))
                .orderBy(NAMESPACE_CHANGE.REQUESTED_AT.desc())
                .limit(limit)
                .fetch(ChangeStore::map);
    }

    /** Changes in any of {@code states}, oldest first. */
    public List<NamespaceChange> inStates(Collection<ChangeState> states, int limit) {
        return db.selectFrom(NAMESPACE_CHANGE)
                .where(NAMESPACE_CHANGE.STATE.in(states.stream().map(STATE::to).toList()))
                .orderBy(NAMESPACE_CHANGE.REQUESTED_AT.asc())
                .limit(limit)
                .fetch(ChangeStore::map);
    }

    /** Records a decision (or withdrawal) with optimistic locking; false when {@code expectedVersion} is stale. */
    public boolean decide(
            UUID id,
            int expectedVersion,
            ChangeState to,
            @Nullable String by,
            @Nullable String byName,
            @Nullable String comment,
            @Nullable Long targetGeneration,
            Instant now) {
        return db.update(NAMESPACE_CHANGE)
                        .set(NAMESPACE_CHANGE.STATE, STATE.to(to))
                        .set(NAMESPACE_CHANGE.DECIDED_BY, by)
                        .set(NAMESPACE_CHANGE.DECIDED_BY_NAME, byName)
                        .set(NAMESPACE_CHANGE.DECIDED_AT, utc(now))
                        .set(NAMESPACE_CHANGE.DECISION_COMMENT, comment)
                        .set(NAMESPACE_CHANGE.TARGET_GENERATION, targetGeneration)
                        .set(NAMESPACE_CHANGE.UPDATED_AT, utc(now))
                        .set(NAMESPACE_CHANGE.VERSION, NAMESPACE_CHANGE.VERSION.plus(1))
                        .where(NAMESPACE_CHANGE.ID.eq(id))
                        .and(NAMESPACE_CHANGE.VERSION.eq(expectedVersion))
                        .execute()
                == 1;
    }

    /** Moves an approved change of the namespace whose target generation is applied to Applied; returns it. */
    public Optional<NamespaceChange> markApplied(UUID namespaceId, long appliedGeneration, Instant now) {
        return db.update(NAMESPACE_CHANGE)
                .set(NAMESPACE_CHANGE.STATE, STATE.to(ChangeState.APPLIED))
                .set(NAMESPACE_CHANGE.STATE_REASON, (String) null)
                .set(NAMESPACE_CHANGE.APPLIED_AT, utc(now))
                .set(NAMESPACE_CHANGE.UPDATED_AT, utc(now))
                .set(NAMESPACE_CHANGE.VERSION, NAMESPACE_CHANGE.VERSION.plus(1))
                .where(NAMESPACE_CHANGE.NAMESPACE_ID.eq(namespaceId))
                .and(NAMESPACE_CHANGE.STATE.eq(STATE.to(ChangeState.APPROVED)))
                .and(NAMESPACE_CHANGE.TARGET_GENERATION.le(appliedGeneration))
                .returning()
                .fetchOptional(ChangeStore::map);
    }

    /** Notes why the apply of the namespace's approved change did not succeed yet (it stays approved: retried). */
    public int noteApplyProblem(UUID namespaceId, String reason, Instant now) {
        return db.update(NAMESPACE_CHANGE)
                .set(NAMESPACE_CHANGE.STATE_REASON, reason)
                .set(NAMESPACE_CHANGE.UPDATED_AT, utc(now))
                .where(NAMESPACE_CHANGE.NAMESPACE_ID.eq(namespaceId))
                .and(NAMESPACE_CHANGE.STATE.eq(STATE.to(ChangeState.APPROVED)))
                .and(NAMESPACE_CHANGE.STATE_REASON.isDistinctFrom(reason))
                .execute();
    }

    /** Closes the namespace's open changes as failed (the namespace left while they waited). */
    public int failOpen(UUID namespaceId, String reason, Instant now) {
        return db.update(NAMESPACE_CHANGE)
                .set(NAMESPACE_CHANGE.STATE, STATE.to(ChangeState.FAILED))
                .set(NAMESPACE_CHANGE.STATE_REASON, reason)
                .set(NAMESPACE_CHANGE.UPDATED_AT, utc(now))
                .set(NAMESPACE_CHANGE.VERSION, NAMESPACE_CHANGE.VERSION.plus(1))
                .where(NAMESPACE_CHANGE.NAMESPACE_ID.eq(namespaceId))
                .and(NAMESPACE_CHANGE.STATE.in(STATE.to(ChangeState.PENDING), STATE.to(ChangeState.APPROVED)))
                .execute();
    }

    private static JSONB json(Object o) {
        return JSONB.valueOf(JSON.writeValueAsString(o));
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static NamespaceChange map(NamespaceChangeRecord r) {
        return new NamespaceChange(
                r.getId(),
                r.getNamespaceId(),
                r.getTeam(),
                r.getCluster(),
                r.getNamespace(),
                KIND.from(r.getKind()),
                JSON.readValue(r.getBeforeSettings().data(), DesiredSettings.class),
                JSON.readValue(r.getDesired().data(), DesiredSettings.class),
                JSON.readValue(r.getPreview().data(), ChangePreview.class),
                r.getReason(),
                r.getAcknowledged(),
                r.getReviewReason(),
                STATE.from(r.getState()),
                r.getStateReason(),
                r.getRequestedBy(),
                r.getRequestedByName(),
                r.getRequestedAt().toInstant(),
                r.getDecidedBy(),
                r.getDecidedByName(),
                r.getDecidedAt() == null ? null : r.getDecidedAt().toInstant(),
                r.getDecisionComment(),
                r.getTargetGeneration(),
                r.getAppliedAt() == null ? null : r.getAppliedAt().toInstant(),
                r.getUpdatedAt().toInstant(),
                r.getVersion());
    }
}
