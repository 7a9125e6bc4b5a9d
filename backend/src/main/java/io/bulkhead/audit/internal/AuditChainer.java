package io.bulkhead.audit.internal;

import static io.bulkhead.db.jooq.Tables.AUDIT_CHAIN_HEAD;
import static io.bulkhead.db.jooq.Tables.AUDIT_EVENT;
import static io.bulkhead.db.jooq.Tables.AUDIT_PENDING;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.db.jooq.tables.records.AuditEventRecord;
import io.bulkhead.db.jooq.tables.records.AuditPendingRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Links staged events ({@code audit_pending}) onto the chain in {@code audit_event}: under the chain head's row lock,
 * in staging order, up to {@value #BATCH} at a time, with the hash link and MAC of each, then deletes them from the
 * staging table and moves the head — one short transaction per batch, whatever the number of writers.
 *
 * <p>It runs on one thread with a connection pool of its own holding a single connection: writers wait for it right
 * after their transaction committed, while Spring still holds their connection from the main pool, so drawing a
 * second one from the main pool could exhaust it with every holder waiting. The head lock serializes chaining
 * across replicas.
 */
@Component
public class AuditChainer implements DisposableBean {

    static final int BATCH = 2_000;
    private static final Logger log = LoggerFactory.getLogger(AuditChainer.class);

    private final AuditKeys keys;
    private final DSLContext db;
    private final HikariDataSource own;
    private final LinkedBlockingQueue<CompletableFuture<Void>> waiting = new LinkedBlockingQueue<>();
    private final Thread server;
    private volatile boolean stopping;

    AuditChainer(DataSource main, AuditKeys keys) throws SQLException {
        this.keys = keys;
        this.own = pool(main);
        this.db = DSL.using(own, SQLDialect.POSTGRES);
        this.server = Thread.ofPlatform().daemon().name("audit-chainer").start(this::serve);
    }

    private static HikariDataSource pool(DataSource main) throws SQLException {
        HikariDataSource m = main.unwrap(HikariDataSource.class);
        HikariConfig c = new HikariConfig();
        c.setPoolName("audit-chain");
        c.setJdbcUrl(m.getJdbcUrl());
        c.setUsername(m.getUsername());
        c.setPassword(m.getPassword());
        if (m.getDriverClassName() != null) {
            c.setDriverClassName(m.getDriverClassName());
        }
        c.setDataSourceProperties(m.getDataSourceProperties());
        if (m.getSchema() != null) {
            c.setSchema(m.getSchema());
        }
        c.setMaximumPoolSize(1);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(Math.max(m.getConnectionTimeout(), 30_000));
        return new HikariDataSource(c);
    }

    /**
     * Returns once every event staged by transactions that committed before this call is chained. Callers right
     * after their commit are served together: one thread drains in a loop, and each pass covers every caller that
     * was waiting when it started, so twenty concurrent writers cost one batch, not twenty lock round trips.
     *
     * @return false if chaining failed or took longer than {@code timeout} (the sweep chains what is left)
     */
    public boolean chainCommitted(Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.add(done);
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Audit events staged but not chained yet; the sweep will chain them: {}", e.toString());
            return false;
        }
    }

    private void serve() {
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        while (!stopping) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                break;
            }
            waiting.drainTo(batch);
            try {
                drainAll();
                batch.forEach(f -> f.complete(null));
            } catch (RuntimeException e) {
                batch.forEach(f -> f.completeExceptionally(e));
            }
            batch.clear();
        }
    }

    /** Chains everything staged and committed (the periodic sweep; before verification and checkpoints). */
    public int drainAll() {
        int total = 0;
        for (int n; (n = db.transactionResult(cfg -> chain(cfg.dsl(), keys::requireMac, BATCH))) > 0; ) {
            total += n;
            if (n < BATCH) {
                break;
            }
        }
        return total;
    }

    /**
     * Chains up to {@code limit} staged events under the head lock, in {@code tx} (which must be a transaction);
     * returns how many. The MAC key is asked for only when there is something to chain.
     */
    static int chain(DSLContext tx, java.util.function.Supplier<AuditMac> keys, int limit) {
        tx.select(AUDIT_CHAIN_HEAD.LAST_SEQ)
                .from(AUDIT_CHAIN_HEAD)
                .where(AUDIT_CHAIN_HEAD.ID.eq((short) 1))
                .forUpdate()
                .fetchSingle();
        List<AuditPendingRecord> pending = tx.selectFrom(AUDIT_PENDING)
                .orderBy(AUDIT_PENDING.ID)
                .limit(limit)
                .fetch();
        if (pending.isEmpty()) {
            return 0;
        }
        AuditMac key = keys.get();
        // the link comes from the last stored event, not from the head row (which the application role can write)
        var last = tx.select(AUDIT_EVENT.SEQ, AUDIT_EVENT.HASH, AUDIT_EVENT.MAC)
                .from(AUDIT_EVENT)
                .orderBy(AUDIT_EVENT.SEQ.desc())
                .limit(1)
                .fetchOne();
        long seq = last == null ? 0 : last.value1();
        String prev = last == null ? CanonicalEncoding.GENESIS : last.value2();
        String prevMac = last == null || last.value3() == null ? AuditMac.NONE : last.value3();
        List<AuditEventRecord> rows = new ArrayList<>(pending.size());
        List<Long> ids = new ArrayList<>(pending.size());
        for (AuditPendingRecord p : pending) {
            seq++;
            AuditEvent event = new AuditEvent(
                    seq,
                    p.getEventId(),
                    p.getOccurredAt().toInstant(),
                    p.getActorSubject(),
                    p.getActorName(),
                    p.getAction(),
                    AuditOutcome.valueOf(p.getOutcome()),
                    p.getTargetType(),
                    p.getTargetId(),
                    p.getTeam(),
                    p.getCluster(),
                    p.getNamespace(),
                    p.getBeforeState(),
                    p.getAfterState(),
                    p.getSourceIp(),
                    p.getUserAgent(),
                    prev,
                    "",
                    null);
            String encoding = CanonicalEncoding.encode(ChainVerifier.fields(event));
            String hash = CanonicalEncoding.sha256(encoding);
            String mac = key.mac(encoding, prevMac);
            AuditEventRecord r = tx.newRecord(AUDIT_EVENT);
            r.setSeq(seq);
            r.setId(p.getEventId());
            r.setOccurredAt(p.getOccurredAt().toInstant().atOffset(ZoneOffset.UTC));
            r.setActorSubject(p.getActorSubject());
            r.setActorName(p.getActorName());
            r.setAction(p.getAction());
            r.setOutcome(p.getOutcome());
            r.setTargetType(p.getTargetType());
            r.setTargetId(p.getTargetId());
            r.setTeam(p.getTeam());
            r.setCluster(p.getCluster());
            r.setNamespace(p.getNamespace());
            r.setBeforeState(p.getBeforeState() == null ? null : JSONB.valueOf(p.getBeforeState()));
            r.setAfterState(p.getAfterState() == null ? null : JSONB.valueOf(p.getAfterState()));
            r.setSourceIp(p.getSourceIp());
            r.setUserAgent(p.getUserAgent());
            r.setPrevHash(prev);
            r.setHash(hash);
            r.setMac(mac);
            rows.add(r);
            ids.add(p.getId());
            prev = hash;
            prevMac = mac;
        }
        for (int from = 0; from < rows.size(); from += 500) {
            var chunk = rows.subList(from, Math.min(rows.size(), from + 500));
            var insert = tx.insertInto(AUDIT_EVENT).set(chunk.getFirst());
            for (int i = 1; i < chunk.size(); i++) {
                insert = insert.newRecord().set(chunk.get(i));
            }
            insert.execute();
        }
        tx.deleteFrom(AUDIT_PENDING).where(AUDIT_PENDING.ID.in(ids)).execute();
        tx.update(AUDIT_CHAIN_HEAD)
                .set(AUDIT_CHAIN_HEAD.LAST_SEQ, seq)
                .set(AUDIT_CHAIN_HEAD.LAST_HASH, prev)
                .where(AUDIT_CHAIN_HEAD.ID.eq((short) 1))
                .execute();
        return pending.size();
    }

    /**
     * Closes the pool. Writers chain their events before their call returns, so nothing is normally left; what a
     * failure left staged is chained by the sweep of whichever replica runs next (waiting here for a database that
     * may already be stopping would only delay the shutdown).
     */
    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        server.interrupt();
        server.join(5_000);
        own.close();
    }
}
