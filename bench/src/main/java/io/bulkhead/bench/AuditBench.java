package io.bulkhead.bench;

import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.signIn;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.audit.ChainVerification;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.Role;
import io.bulkhead.testsupport.TestUsers;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail at millions of rows, on the embedded PostgreSQL of the backend test support:
 *
 * <ol>
 *   <li><b>Raw baseline</b>: the same writers insert the same rows with plain INSERTs, one transaction each, into a
 *       table without a chain (the staging table, emptied afterwards).
 *   <li><b>Append throughput</b>: W writers ({@code bench.threads}, 20) each record events in transactions of their
 *       own through {@link AuditTrail#record(CurrentUser, AuditEntry)} — what every feature does — until E events
 *       ({@code bench.audit.events}, 40,000) are written: events/s over the wall time, per-append latency, then the chain
 *       is checked to be gap-free and verified.
 *   <li><b>Seed</b> up to N events ({@code bench.audit.rows}, 1,000,000) with {@link AuditTrail#recordAll} in batches
 *       (the same chain, MACs and checks, one transaction per batch): not a target, timed for the record. The planner's
 *       statistics are autovacuum's (the bench's database role does not own the table, so cannot ANALYZE it).
 *   <li><b>Verify</b> of all N events, streaming ({@link AuditLog#verifyAsSystem}): wall time and peak heap sampled.
 *   <li><b>First screen</b> of the audit page at N rows: {@link AuditLog#page} (offset 0, 50 rows — what the grid
 *       asks first) for an admin with no filter and with each filter kind, and for a developer of one team (the
 *       team scope), three runs each: min/median/max.
 *   <li><b>CSV export</b> of all N rows to a writer that counts and discards: wall time and peak heap sampled.
 * </ol>
 * Prints figures; asserts nothing. No cluster is needed.
 */
public final class AuditBench {
    static final int TEAMS = 20;
    static final String[] ACTIONS = {
        "namespace.requested", "namespace.approved", "namespace.provisioned", "exception.requested",
        "exception.approved", "drift.repaired", "auth.login", "inventory.exported"
    };

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("bench.threads", 20);
        int events = Integer.getInteger("bench.audit.events", 40_000);
        int rows = Integer.getInteger("bench.audit.rows", 1_000_000);
        ConfigurableApplicationContext ctx = BenchSupport.start(Map.of(
                "bulkhead.inventory.sync-interval", "24h",
                "bulkhead.inventory.watch", "false",
                "bulkhead.compliance.snapshot-interval", "24h",
                "bulkhead.audit.checkpoint-interval", "24h"));
        int code = 0;
        try {
            System.out.printf(
                    "setup: %d cores; max heap %d MiB; load average %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    BenchSupport.loadAverage());
            AuditTrail trail = ctx.getBean(AuditTrail.class);
            AuditLog log = ctx.getBean(AuditLog.class);
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(DataSource.class));
            TransactionTemplate tx = new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
            double raw = raw(jdbc, tx, threads, events);
            double chained = throughput(trail, jdbc, tx, threads, events);
            System.out.printf(Locale.ROOT, "append ratio chained/raw: %.2f%n", chained / raw);
            seed(trail, jdbc, rows);

            verify(log);
            firstScreen(log);
            export(log);
            System.out.printf("end: load average %s%n", BenchSupport.loadAverage());
        } catch (Throwable e) {
            e.printStackTrace();
            code = 1;
        } finally {
            ctx.close();
        }
        System.exit(code);
    }

    static AuditEntry entry(long i) {
        int team = (int) (i % TEAMS);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("tier", i % 3 == 0 ? "restricted" : "baseline");
        after.put("quota", "M");
        after.put("reason", "benchmark event " + i);
        return AuditEntry.of(ACTIONS[(int) (i % ACTIONS.length)])
                .target("namespace", "ns-" + (i % 10_000))
                .team("team-" + team)
                .location("bench", "ns-" + (i % 10_000))
                .change(i % 2 == 0 ? null : Map.of("state", "PENDING"), after);
    }

    static CurrentUser actor(long i) {
        return TestUsers.user("user-" + (i % 300), java.util.Set.of(Role.DEVELOPER), "team-" + (i % TEAMS));
    }

    /**
     * Baseline: the same writers insert the same rows, one transaction each, straight into the staging table
     * (what a trail without a chain would cost), which is emptied afterwards. Returns events/s.
     */
    private static double raw(JdbcTemplate jdbc, TransactionTemplate tx, int threads, int events) throws Exception {
        Run run = writers(threads, events, i -> {
            AuditEntry e = entry(i);
            CurrentUser a = actor(i);
            tx.executeWithoutResult(st -> jdbc.update(
                    "insert into audit_pending (event_id, occurred_at, actor_subject, actor_name, action,"
                            + " outcome, target_type, target_id, team, cluster, namespace, before_state,"
                            + " after_state) values (gen_random_uuid(), now(), ?, ?, ?, 'SUCCESS', ?, ?, ?, ?,"
                            + " ?, ?, ?)",
                    a.subject(),
                    a.displayName(),
                    e.action(),
                    e.targetType(),
                    e.targetId(),
                    e.team(),
                    e.cluster(),
                    e.namespace(),
                    e.before() == null ? null : e.before().toString(),
                    String.valueOf(e.after())));
        });
        jdbc.update("delete from audit_pending");
        System.out.printf(
                Locale.ROOT,
                "raw baseline: %d writers, %d plain INSERTs (own transaction each, no chain) in %d ms = %.0f rows/s;"
                        + " load average %s -> %s%n",
                threads,
                events,
                run.wallNanos / 1_000_000,
                run.rate(),
                run.loadBefore,
                BenchSupport.loadAverage());
        return run.rate();
    }

    private static double throughput(
            AuditTrail trail, JdbcTemplate jdbc, TransactionTemplate tx, int threads, int events) throws Exception {
        long before = count(jdbc);
        Run run = writers(threads, events, k -> tx.executeWithoutResult(st -> trail.record(actor(k), entry(k))));
        long[] all = run.latencies;
        long written = count(jdbc) - before;
        Long gaps = jdbc.queryForObject(
                "select count(*) from (select seq - lag(seq) over (order by seq) d from audit_event) x where d <> 1",
                Long.class);
        System.out.printf(
                Locale.ROOT,
                "append: %d writers, %d events in %d ms = %.0f events/s; per append p50 %.2f ms, p95 %.2f ms, max %.2f"
                        + " ms; rows written %d; seq gaps %d; load average %s -> %s%n",
                threads,
                events,
                run.wallNanos / 1_000_000,
                run.rate(),
                all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.95)] / 1e6,
                all[all.length - 1] / 1e6,
                written,
                gaps,
                run.loadBefore,
                BenchSupport.loadAverage());
        return run.rate();
    }

    /** What {@link #writers} measured: wall time, every write's latency (sorted), the load average at the start. */
    private record Run(int events, long wallNanos, long[] latencies, String loadBefore) {
        double rate() {
            return events / (wallNanos / 1e9);
        }
    }

    /** {@code threads} writers call {@code write} for events 0..events-1 between them, all starting at once. */
    private static Run writers(int threads, int events, java.util.function.IntConsumer write) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[][] latencies = new long[threads][];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            done.add(pool.submit(() -> {
                long[] mine = new long[events];
                int n = 0;
                start.await();
                for (int i; (i = next.getAndIncrement()) < events; ) {
                    long s = System.nanoTime();
                    write.accept(i);
                    mine[n++] = System.nanoTime() - s;
                }
                latencies[me] = Arrays.copyOf(mine, n);
                return null;
            }));
        }
        String loadBefore = BenchSupport.loadAverage();
        long t0 = System.nanoTime();
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        long wall = System.nanoTime() - t0;
        pool.shutdown();
        long[] all =
                Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Run(events, wall, all, loadBefore);
    }

    private static void seed(AuditTrail trail, JdbcTemplate jdbc, int rows) {
        long have = count(jdbc);
        long t0 = System.nanoTime();
        int batch = 5_000;
        CurrentUser system = CurrentUser.SYSTEM;
        for (long i = have; i < rows; i += batch) {
            List<AuditEntry> entries = new ArrayList<>(batch);
            for (long k = i; k < Math.min(rows, i + batch); k++) {
                entries.add(entry(k));
            }
            trail.recordAll(system, entries);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
                Locale.ROOT,
                "seed: %d -> %d events in %d ms (%.0f events/s, batches of %d); load average %s%n",
                have,
                count(jdbc),
                ms,
                (rows - have) / Math.max(ms / 1000.0, 0.001),
                batch,
                BenchSupport.loadAverage());
    }

    private static void verify(AuditLog log) throws Exception {
        var heap = InventoryBench.HeapSampler.start();
        long t0 = System.nanoTime();
        ChainVerification v = log.verifyAsSystem();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
                "verify: %s; %d events in %d ms; heap peak sampled %d MiB; load average %s%n",
                v.summary(), v.checked(), ms, heap.stop().sampled() >> 20, BenchSupport.loadAverage());
    }

    private static void firstScreen(AuditLog log) {
        Instant now = Instant.now();
        Map<String, AuditFilter> filters = new LinkedHashMap<>();
        filters.put("no filter", AuditFilter.ALL);
        filters.put("action 'exception.approved'", new AuditFilter(null, null, null, "exception.approved", null, null));
        filters.put("actor 'user-17'", new AuditFilter(null, null, "user-17", null, null, null));
        filters.put("team 'team-3'", new AuditFilter(null, null, null, null, "team-3", null));
        filters.put("target 'ns-4242'", new AuditFilter(null, null, null, null, null, "ns-4242"));
        filters.put("last hour", new AuditFilter(now.minusSeconds(3600), now, null, null, null, null));
        filters.put("rare action 'audit.verified'", new AuditFilter(null, null, null, "audit.verified", null, null));
        try (var ignored = signIn(admin("bench-admin"))) {
            filters.forEach(
                    (name, f) -> time("admin, " + name, () -> log.page(f, 0, 50).size()));
        }
        try (var ignored = signIn(developer("bench-dev", "team-3"))) {
            time(
                    "developer of team-3, no filter",
                    () -> log.page(AuditFilter.ALL, 0, 50).size());
            time(
                    "developer of team-3, action 'drift.repaired'",
                    () -> log.page(new AuditFilter(null, null, null, "drift.repaired", null, null), 0, 50)
                            .size());
        }
    }

    private static void time(String what, Supplier<Integer> read) {
        long[] ms = new long[3];
        int rows = 0;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            rows = read.get();
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "first screen, %s: %d rows; %d / %d / %d ms (runs %s)%n",
                what, rows, sorted[0], sorted[1], sorted[2], Arrays.toString(ms));
    }

    private static void export(AuditLog log) throws Exception {
        CountingWriter out = new CountingWriter();
        var heap = InventoryBench.HeapSampler.start();
        long t0 = System.nanoTime();
        try (var ignored = signIn(admin("bench-admin"))) {
            log.exportCsv(AuditFilter.ALL, out);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
                "csv export: %d lines, %d MiB in %d ms; heap peak sampled %d MiB; load average %s%n",
                out.lines, out.chars >> 20, ms, heap.stop().sampled() >> 20, BenchSupport.loadAverage());
    }

    private static long count(JdbcTemplate jdbc) {
        Long n = jdbc.queryForObject("select count(*) from audit_event", Long.class);
        return n == null ? 0 : n;
    }

    /** Counts what the export writes and keeps none of it. */
    static final class CountingWriter extends Writer {
        long chars;
        long lines;

        @Override
        public void write(char[] cbuf, int off, int len) {
            chars += len;
            for (int i = off; i < off + len; i++) {
                if (cbuf[i] == '\n') lines++;
            }
        }

        @Override
        public void write(String s) {
            chars += s.length();
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '\n') lines++;
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
