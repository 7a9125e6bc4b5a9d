package io.bulkhead.clusters.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.springframework.stereotype.Repository;

/**
 * The cluster leases and replica heartbeats in PostgreSQL (table {@code cluster_lease}, {@code replica_heartbeat}).
 * Every decision is one statement evaluated in database time: two replicas can never both hold a lease, and a
 * replica whose clock is off cannot stretch its own.
 */
@Repository
public class LeaseStore {
    private final DSLContext db;

    LeaseStore(DSLContext db) {
        this.db = db;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /**
     * Takes or extends the lease of {@code cluster} for {@code holder} when it is free, expired or already the
     * holder's; returns its fencing token (unchanged on a renewal of a live lease, one more on every new
     * acquisition), or empty when another replica holds it or the cluster has been removed.
     */
    public Optional<Long> acquire(String cluster, String holder, Duration duration) {
        // a takeover must not commit while the previous owner's fenced writes run (their key-share lock on the row):
        // lock the row first, without waiting: a locked lease is tried again at the next renewal
        try {
            db.execute("SELECT 1 FROM cluster_lease WHERE cluster = ? FOR UPDATE NOWAIT", cluster);
        } catch (RuntimeException e) {
            if (lockNotAvailable(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return db.resultQuery("""
                        INSERT INTO cluster_lease AS l (cluster, holder, token, acquired_at, renewed_at, expires_at)
                        SELECT ?, ?, 1, now(), now(), now() + make_interval(secs => ?)
                        WHERE NOT EXISTS (SELECT 1 FROM cluster WHERE name = ? AND removed_at IS NOT NULL)
                        ON CONFLICT (cluster) DO UPDATE SET
                            holder = excluded.holder,
                            token = CASE WHEN l.holder = excluded.holder AND l.expires_at > now()
                                         THEN l.token ELSE l.token + 1 END,
                            acquired_at = CASE WHEN l.holder = excluded.holder AND l.expires_at > now()
                                               THEN l.acquired_at ELSE now() END,
                            renewed_at = now(),
                            expires_at = excluded.expires_at
                        WHERE l.expires_at <= now() OR l.holder = excluded.holder
                        RETURNING token""", cluster, holder, seconds(duration), cluster)
                .fetchOptional(r -> r.get(0, Long.class));
    }

    /** PostgreSQL's lock_not_available (55P03), however jOOQ or Spring wrapped it. */
    private static boolean lockNotAvailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Renews every live lease of {@code holder} in one statement; returns the renewed ones (cluster → token). A
     * lease missing from the answer has expired (and may have been taken over) or its cluster was removed: the
     * holder's leases of removed clusters (one acquired in a race with the removal) are deleted, never renewed.
     */
    public Map<String, Long> renewAll(String holder, Duration duration) {
        Map<String, Long> renewed = new LinkedHashMap<>();
        db.execute("""
                DELETE FROM cluster_lease l USING cluster c
                WHERE l.holder = ? AND c.name = l.cluster AND c.removed_at IS NOT NULL""", holder);
        db.resultQuery("""
                        UPDATE cluster_lease l SET renewed_at = now(), expires_at = now() + make_interval(secs => ?)
                        WHERE holder = ? AND expires_at > now()
                          AND NOT EXISTS (SELECT 1 FROM cluster c WHERE c.name = l.cluster AND c.removed_at IS NOT NULL)
                        RETURNING cluster, token""", seconds(duration), holder)
                .fetch()
                .forEach(r -> renewed.put(r.get(0, String.class), r.get(1, Long.class)));
        return renewed;
    }

    /** Gives up leases at once (expired now; the token stays, so the next holder gets a higher one). */
    public int release(String holder, List<String> clusters) {
        if (clusters.isEmpty()) {
            return 0;
        }
        return db.execute(
                "UPDATE cluster_lease SET expires_at = now() WHERE holder = ? AND cluster = ANY(?) AND expires_at > now()",
                holder,
                clusters.toArray(String[]::new));
    }

    /**
     * Deletes the lease of a removed cluster, in the caller's transaction (the removal's): its owner finds the lease
     * gone at its next renewal and stops the cluster's work, its fencing check fails at once, and no replica takes
     * it again ({@link #acquire} and {@link #unowned} skip removed clusters). Waits for fenced writes in progress.
     */
    public int forget(String cluster) {
        return db.execute("DELETE FROM cluster_lease WHERE cluster = ?", cluster);
    }

    /**
     * The fencing check, in the caller's transaction: true when {@code holder} still holds {@code cluster} with
     * {@code token}. The row stays key-share-locked until the transaction ends, so no takeover commits in between
     * ({@link #acquire} locks the row for update first). The holder's own renewals (an update of no key column)
     * do not wait for that lock: a busy writer never holds up the renewal of the lease it writes under.
     */
    public boolean fence(String cluster, String holder, long token) {
        return db.fetchOptional("""
                                SELECT 1 FROM cluster_lease
                                WHERE cluster = ? AND holder = ? AND token = ? AND expires_at > now()
                                FOR KEY SHARE""", cluster, holder, token).isPresent();
    }

    /** Records that {@code replica} is alive for another {@code duration}. */
    public void heartbeat(String replica, Duration duration) {
        db.execute("""
                INSERT INTO replica_heartbeat AS h (replica, started_at, seen_at, expires_at)
                VALUES (?, now(), now(), now() + make_interval(secs => ?))
                ON CONFLICT (replica) DO UPDATE SET seen_at = now(), expires_at = excluded.expires_at""", replica, seconds(duration));
    }

    /** Removes the heartbeat of a replica that stops (and those long dead). */
    public void leave(String replica) {
        db.execute("DELETE FROM replica_heartbeat WHERE replica = ? OR expires_at < now() - interval '1 day'", replica);
    }

    /**
     * Replicas alive now, and the clusters to share among them (registered ones not removed, and any under a live
     * lease).
     */
    public Record2<Integer, Integer> liveReplicasAndClusters() {
        return db.resultQuery("""
                        SELECT (SELECT count(*) FROM replica_heartbeat WHERE expires_at > now())::int,
                               (SELECT count(*) FROM (SELECT name FROM cluster WHERE removed_at IS NULL
                                                      UNION SELECT cluster FROM cluster_lease
                                                            WHERE expires_at > now()) c)::int""")
                .coerce(org.jooq.impl.DSL.field("r", Integer.class), org.jooq.impl.DSL.field("c", Integer.class))
                .fetchSingle();
    }

    /** Registered clusters (not removed) nobody holds a live lease of, in a stable order. */
    public List<String> unowned() {
        return db.fetch("""
                        SELECT c.name FROM cluster c
                        WHERE c.removed_at IS NULL
                          AND NOT EXISTS (SELECT 1 FROM cluster_lease l WHERE l.cluster = c.name AND l.expires_at > now())
                        ORDER BY c.name""").map(r -> r.get(0, String.class));
    }

    /** Every live lease: cluster → holder. */
    public Map<String, String> owners() {
        Map<String, String> owners = new LinkedHashMap<>();
        db.fetch("SELECT cluster, holder FROM cluster_lease WHERE expires_at > now() ORDER BY cluster")
                .forEach(r -> owners.put(r.get(0, String.class), r.get(1, String.class)));
        return owners;
    }
}
