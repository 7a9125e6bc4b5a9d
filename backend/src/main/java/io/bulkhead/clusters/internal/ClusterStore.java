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
        return db.selectFrom(CLUSTER).orderBy(CLUSTER.NAME).fetch(ClusterStore::map);
    }

    public Optional<ClusterSummary> findByName(String name) {
        return db.selectFrom(CLUSTER).where(CLUSTER.NAME.eq(name)).fetchOptional(ClusterStore::map);
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
        db.insertInto(CLUSTER)
                .set(CLUSTER.ID, UUID.randomUUID())
                .set(CLUSTER.NAME, name)
                .set(CLUSTER.DISPLAY_NAME, displayName)
                .set(CLUSTER.API_URL, apiUrl)
                .set(CLUSTER.CONNECTION_KIND, kind)
                .set(CLUSTER.CREDENTIALS_ENCRYPTED, encryptedCredentials)
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
                .fetchOptional(CLUSTER.CONNECTION_KIND);
    }

    public void updateCredentials(String name, byte[] encrypted, @Nullable String apiUrl, String kind) {
        db.update(CLUSTER)
                .set(CLUSTER.CREDENTIALS_ENCRYPTED, encrypted)
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
