package io.bulkhead.clusters.internal;

import static io.bulkhead.db.jooq.Tables.CLUSTER;

import io.bulkhead.clusters.ClusterSummary;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/** jOOQ access to clusters. */
@Repository
public class ClusterStore {
    private final DSLContext db;

    ClusterStore(DSLContext db) {
        this.db = db;
    }

    public List<ClusterSummary> all() {
        // removed clusters (ClusterCapabilityProbe.markRemoved) keep their row but appear nowhere
        return db.selectFrom(CLUSTER)
                .where(CLUSTER.REMOVED_AT.isNull())
                .orderBy(CLUSTER.NAME)
                .fetch(ClusterStore::map);
    }

    public Optional<ClusterSummary> findByName(String name) {
        return db.selectFrom(CLUSTER)
                .where(CLUSTER.NAME.eq(name))
                .and(CLUSTER.REMOVED_AT.isNull())
                .fetchOptional(ClusterStore::map);
    }

    public boolean exists(String name) {
        return db.fetchExists(CLUSTER, CLUSTER.NAME.eq(name));
    }

    public void insert(
            String name,
            String displayName,
            @Nullable String apiUrl,
            String kind,
            byte @Nullable [] encryptedCredentials) {
        insert(name, displayName, apiUrl, kind, encryptedCredentials, null);
    }

    /** Inserts a cluster with its API server identity (unique: a second row of the same identity fails). */
    public void insert(
            String name,
            String displayName,
            @Nullable String apiUrl,
            String kind,
            byte @Nullable [] encryptedCredentials,
            @Nullable String apiServerUid) {
        db.insertInto(CLUSTER)
                .set(CLUSTER.ID, UUID.randomUUID())
                .set(CLUSTER.NAME, name)
                .set(CLUSTER.DISPLAY_NAME, displayName)
                .set(CLUSTER.API_URL, apiUrl)
                .set(CLUSTER.CONNECTION_KIND, kind)
                .set(CLUSTER.CREDENTIALS_ENCRYPTED, encryptedCredentials)
                .set(CLUSTER.API_SERVER_UID, apiServerUid)
                .execute();
    }

    /** The cluster registered with this API server identity, if any. */
    public Optional<String> nameByIdentity(String apiServerUid) {
        return db.select(CLUSTER.NAME)
                .from(CLUSTER)
                .where(CLUSTER.API_SERVER_UID.eq(apiServerUid))
                .fetchOptional(CLUSTER.NAME);
    }

    /** The API server identity recorded for a cluster (null before its first successful probe). */
    public @Nullable String identity(String name) {
        return db.select(CLUSTER.API_SERVER_UID)
                .from(CLUSTER)
                .where(CLUSTER.NAME.eq(name))
                .fetchOptional(CLUSTER.API_SERVER_UID)
                .orElse(null);
    }

    /** What {@link #claimIdentity} found. */
    public enum ClaimOutcome {
        /** The row has (now) this identity. */
        OK,
        /** The row was registered with another identity: the server behind it has changed. */
        MISMATCH,
        /** An earlier-registered row has this identity; {@code other} names it. */
        TAKEN,
        /** A later-registered row had this identity; it lost it and is marked unavailable ({@code other}). */
        TOOK_OVER
    }

    public record Claim(ClaimOutcome outcome, @Nullable String other) {}

    /**
     * Records that cluster {@code name} reaches the API server with identity {@code uid}, in one transaction. When
     * another row has the identity, the earlier-registered row keeps it (or gets it): the later one is marked
     * {@code UNAVAILABLE} with a reason naming the earlier one and loses the identity.
     */
    public Claim claimIdentity(String name, String uid) {
        return db.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            var me = tx.select(CLUSTER.API_SERVER_UID, CLUSTER.CREATED_AT)
                    .from(CLUSTER)
                    .where(CLUSTER.NAME.eq(name))
                    .forUpdate()
                    .fetchOptional();
            if (me.isEmpty()) {
                return new Claim(ClaimOutcome.MISMATCH, null);
            }
            String mine = me.get().value1();
            if (uid.equals(mine)) {
                return new Claim(ClaimOutcome.OK, null);
            }
            if (mine != null) {
                return new Claim(ClaimOutcome.MISMATCH, null);
            }
            var holder = tx.select(CLUSTER.NAME, CLUSTER.CREATED_AT)
                    .from(CLUSTER)
                    .where(CLUSTER.API_SERVER_UID.eq(uid))
                    .forUpdate()
                    .fetchOptional();
            if (holder.isEmpty()) {
                tx.update(CLUSTER)
                        .set(CLUSTER.API_SERVER_UID, uid)
                        .where(CLUSTER.NAME.eq(name))
                        .execute();
                return new Claim(ClaimOutcome.OK, null);
            }
            String other = holder.get().value1();
            OffsetDateTime mineAt = me.get().value2();
            OffsetDateTime otherAt = holder.get().value2();
            boolean otherEarlier = otherAt.isBefore(mineAt) || (otherAt.isEqual(mineAt) && other.compareTo(name) < 0);
            if (otherEarlier) {
                return new Claim(ClaimOutcome.TAKEN, other);
            }
            tx.update(CLUSTER)
                    .set(CLUSTER.API_SERVER_UID, (String) null)
                    .set(CLUSTER.STATUS, "UNAVAILABLE")
                    .set(CLUSTER.STATUS_REASON, duplicateReason(other, name))
                    .where(CLUSTER.NAME.eq(other))
                    .execute();
            tx.update(CLUSTER)
                    .set(CLUSTER.API_SERVER_UID, uid)
                    .where(CLUSTER.NAME.eq(name))
                    .execute();
            return new Claim(ClaimOutcome.TOOK_OVER, other);
        });
    }

    /** The reason a later registration of an already registered API server is not used. */
    public static String duplicateReason(String later, String earlier) {
        return "The API server of cluster " + later + " is already registered as cluster " + earlier
                + " (same kube-system namespace UID). Bulkhead does not use " + later
                + ": two records of one API server would let one team's namespaces be taken over through the other.";
    }

    public void markUnavailable(String name, String reason, Instant at) {
        db.update(CLUSTER)
                .set(CLUSTER.STATUS, "UNAVAILABLE")
                .set(CLUSTER.STATUS_REASON, reason)
                .set(CLUSTER.LAST_PROBE_AT, at.atOffset(ZoneOffset.UTC))
                .where(CLUSTER.NAME.eq(name))
                .execute();
    }

    public void recordProbe(
            String name,
            String status,
            @Nullable String reason,
            @Nullable String version,
            @Nullable String apiUrl,
            List<String> runtimeClasses,
            Instant at) {
        var q = db.update(CLUSTER)
                .set(CLUSTER.STATUS, status)
                .set(CLUSTER.STATUS_REASON, reason)
                .set(CLUSTER.SERVER_VERSION, version)
                .set(CLUSTER.RUNTIME_CLASSES, runtimeClasses.toArray(String[]::new))
                .set(CLUSTER.LAST_PROBE_AT, at.atOffset(ZoneOffset.UTC));
        if (apiUrl != null) {
            q = q.set(CLUSTER.API_URL, apiUrl);
        }
        q.where(CLUSTER.NAME.eq(name)).execute();
    }

    public Optional<String> connectionKind(String name) {
        return db.select(CLUSTER.CONNECTION_KIND)
                .from(CLUSTER)
                .where(CLUSTER.NAME.eq(name))
                .and(CLUSTER.REMOVED_AT.isNull())
                .fetchOptional(CLUSTER.CONNECTION_KIND);
    }

    /** New credentials, with the identity of the API server they reach (read and checked by the caller). */
    public void updateCredentials(
            String name, byte[] encrypted, @Nullable String apiUrl, String kind, @Nullable String apiServerUid) {
        db.update(CLUSTER)
                .set(CLUSTER.CREDENTIALS_ENCRYPTED, encrypted)
                .set(CLUSTER.API_SERVER_UID, apiServerUid)
                .set(CLUSTER.API_URL, apiUrl)
                .set(CLUSTER.CONNECTION_KIND, kind)
                .set(CLUSTER.VERSION, CLUSTER.VERSION.plus(1))
                .where(CLUSTER.NAME.eq(name))
                .execute();
    }

    public byte @Nullable [] credentials(String name) {
        return db.select(CLUSTER.CREDENTIALS_ENCRYPTED)
                .from(CLUSTER)
                .where(CLUSTER.NAME.eq(name))
                .fetchOptional(CLUSTER.CREDENTIALS_ENCRYPTED)
                .orElse(null);
    }

    private static ClusterSummary map(Record r0) {
        var r = r0.into(CLUSTER);
        OffsetDateTime probe = r.getLastProbeAt();
        return new ClusterSummary(
                r.getId(),
                r.getName(),
                r.getDisplayName(),
                r.getApiUrl(),
                r.getConnectionKind(),
                r.getStatus(),
                r.getStatusReason(),
                r.getServerVersion(),
                r.getRuntimeClasses() == null ? List.of() : Arrays.asList(r.getRuntimeClasses()),
                probe == null ? null : probe.toInstant());
    }
}
