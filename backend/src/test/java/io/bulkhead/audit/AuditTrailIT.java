package io.bulkhead.audit;

import static io.bulkhead.db.jooq.Tables.AUDIT_CHAIN_HEAD;
import static io.bulkhead.db.jooq.Tables.AUDIT_EVENT;
import static io.bulkhead.testsupport.TestUsers.admin;
import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.manager;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.Role;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestUsers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail against the real PostgreSQL of the test context, through the application's restricted role.
 * The database is shared with other tests, so each test marks its events with a unique action or target and
 * checks the chain as a whole.
 */
@BackendIntegrationTest
class AuditTrailIT {

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditLog log;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    io.bulkhead.audit.internal.AuditStore store;

    @Autowired
    io.bulkhead.audit.internal.AuditChainer chainer;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private static CurrentUser user(String subject, Role role, String... teams) {
        return TestUsers.user(subject, Set.of(role), teams);
    }

    private static AuditFilter action(String action) {
        return new AuditFilter(null, null, null, action, null, null);
    }

    private void assertWholeChainIntactAndContiguous() {
        ChainVerification result = log.verifyAsSystem();
        assertThat(result.ok()).as(result.summary()).isTrue();
        var stats = db.select(DSL.count(), DSL.min(AUDIT_EVENT.SEQ), DSL.max(AUDIT_EVENT.SEQ))
                .from(AUDIT_EVENT)
                .fetchSingle();
        assertThat(stats.value2()).isEqualTo(1L);
        assertThat(stats.value3()).isEqualTo(stats.value1().longValue());
        assertThat(result.checked()).isEqualTo(stats.value1().longValue());
        assertThat(db.select(AUDIT_CHAIN_HEAD.LAST_SEQ).from(AUDIT_CHAIN_HEAD).fetchSingle(AUDIT_CHAIN_HEAD.LAST_SEQ))
                .isEqualTo(stats.value3());
    }

    /** The newest chained event of this actor (a call to record outside a transaction is chained on return). */
    private long lastSeqBy(String subject) {
        return db.select(DSL.max(AUDIT_EVENT.SEQ))
                .from(AUDIT_EVENT)
                .where(AUDIT_EVENT.ACTOR_SUBJECT.eq(subject))
                .fetchSingle()
                .value1();
    }

    @Test
    void chainVerifiesAfterManyAppends() {
        CurrentUser actor = user("svc-" + run, Role.ADMIN);
        for (int i = 0; i < 300; i++) {
            trail.record(
                    actor,
                    AuditEntry.of("test.bulk." + run)
                            .target("namespace", "ns-" + i)
                            .team(i % 2 == 0 ? "payments" : null)
                            .location("local", "ns-" + i)
                            .change(Map.of("i", i), Map.of("i", i + 1, "ratio", i / 7.0))
                            .outcome(AuditOutcome.values()[i % 3]));
        }

        assertWholeChainIntactAndContiguous();
        try (var ignored = signIn(admin("admin-" + run))) {
            assertThat(log.count(action("test.bulk." + run))).isEqualTo(300);
        }
    }

    @Test
    void concurrentAppendsFormOneContiguousUnbrokenChain() throws Exception {
        int appends = 100;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < appends; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    trail.record(
                            user("writer-" + (n % 16) + "-" + run, Role.DEVELOPER, "payments"),
                            AuditEntry.of("test.concurrent." + run)
                                    .team("payments")
                                    .change(null, Map.of("n", n)));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertWholeChainIntactAndContiguous();
        List<Long> stored = db.select(AUDIT_EVENT.SEQ)
                .from(AUDIT_EVENT)
                .where(AUDIT_EVENT.ACTION.eq("test.concurrent." + run))
                .fetch(AUDIT_EVENT.SEQ);
        assertThat(stored).hasSize(appends).doesNotHaveDuplicates();
        assertThat(db.fetchCount(DSL.table("audit_pending")))
                .as("nothing left staged")
                .isZero();
    }

    @Test
    void eventStagedButNotChainedBeforeACrashIsChainedByTheSweep() {
        // what a process that stopped between its commit and the chaining leaves behind
        tx.executeWithoutResult(s -> store.stage(
                "svc-" + run, "Service", AuditEntry.of("test.crashed." + run), null, null, java.time.Instant.now()));
        assertThat(db.fetchCount(AUDIT_EVENT, AUDIT_EVENT.ACTION.eq("test.crashed." + run)))
                .isZero();

        chainer.drainAll(); // the sweep's call (its periodic run may have come first: then this finds nothing)

        assertThat(db.fetchCount(AUDIT_EVENT, AUDIT_EVENT.ACTION.eq("test.crashed." + run)))
                .isEqualTo(1);
        assertThat(db.fetchCount(DSL.table("audit_pending"))).isZero();
        assertWholeChainIntactAndContiguous();
    }

    @Test
    void eventRollsBackWithTheCallersTransactionAndLeavesNoGap() {
        CurrentUser actor = user("svc-" + run, Role.ADMIN);

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    trail.record(actor, AuditEntry.of("test.rolledback." + run));
                    throw new IllegalStateException("the change failed");
                }))
                .hasMessage("the change failed");
        trail.record(actor, AuditEntry.of("test.after-rollback." + run));

        try (var ignored = signIn(admin("admin-" + run))) {
            assertThat(log.count(action("test.rolledback." + run))).isZero();
            assertThat(log.count(action("test.after-rollback." + run))).isEqualTo(1);
        }
        assertWholeChainIntactAndContiguous();
    }

    @Test
    void independentEventStaysWhenTheCallerFails() {
        CurrentUser actor = user("svc-" + run, Role.ADMIN);

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    trail.recordIndependently(
                            actor, AuditEntry.of("test.denied." + run).outcome(AuditOutcome.DENIED), null);
                    throw new IllegalStateException("denied");
                }))
                .hasMessage("denied");

        try (var ignored = signIn(admin("admin-" + run))) {
            assertThat(log.count(action("test.denied." + run))).isEqualTo(1);
        }
        assertWholeChainIntactAndContiguous();
    }

    @Test
    void independentEventAfterAnAppendInTheSameTransactionDoesNotDeadlock() {
        // the caller's transaction only staged its event: the independent one commits and is chained first
        CurrentUser actor = user("svc-" + run, Role.ADMIN);

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                        trail.record(actor, AuditEntry.of("test.rolledback." + run));
                        trail.recordIndependently(actor, AuditEntry.of("test.independent-rb." + run), null);
                        throw new IllegalStateException("the change failed");
                    }))
                    .hasMessage("the change failed");
            tx.executeWithoutResult(s -> {
                trail.record(actor, AuditEntry.of("test.committed." + run));
                trail.recordIndependently(actor, AuditEntry.of("test.independent-ok." + run), null);
            });
        });

        try (var ignored = signIn(admin("admin-" + run))) {
            assertThat(log.count(action("test.rolledback." + run))).isZero();
            assertThat(log.count(action("test.independent-rb." + run))).isEqualTo(1);
            long committed =
                    log.page(action("test.committed." + run), 0, 1).getFirst().seq();
            long independent = log.page(action("test.independent-ok." + run), 0, 1)
                    .getFirst()
                    .seq();
            assertThat(independent).isLessThan(committed);
        }
        assertWholeChainIntactAndContiguous();
    }

    @Test
    void jsonStateSurvivesTheJsonbRoundTripUnchanged() {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("zeta", 1.0);
        before.put("alpha", Map.of("b", 2, "a", List.of(1, 2.50, "x")));
        before.put("big", new BigInteger("1180591620717411303424"));
        before.put("decimal", new BigDecimal("1.500"));
        before.put("tiny", 1e-7);
        before.put("huge", 1e300);
        before.put("float", 0.1f);
        before.put("max", Long.MAX_VALUE);
        before.put("negativeZero", -0.0);
        before.put("text", "quote \" backslash \\ tab \t newline \n bell \u0007 unicode üñï €");
        before.put("emoji", "\uD83D\uDE00");
        before.put("empty", Map.of());
        before.put("none", Arrays.asList(null, true, false));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("b", "2");
        after.put("a", 1);

        trail.record(
                user("svc-" + run, Role.ADMIN),
                AuditEntry.of("test.json." + run).change(before, after));

        AuditEvent read;
        try (var ignored = signIn(admin("admin-" + run))) {
            read = log.page(action("test.json." + run), 0, 10).getFirst();
        }
        assertThat(read.before()).isEqualTo(io.bulkhead.audit.internal.CanonicalEncoding.json(before));
        assertThat(read.after()).isEqualTo("{\"a\":1,\"b\":\"2\"}");
        assertWholeChainIntactAndContiguous();
    }

    @Test
    void applicationRoleCannotUpdateDeleteOrTruncateTheTrail() {
        trail.record(user("svc-" + run, Role.ADMIN), AuditEntry.of("test.grants." + run));
        long seq = lastSeqBy("svc-" + run);
        assertThat(db.fetchValue("select current_user")).isEqualTo("bulkhead_app");

        assertDeniedAndRolledBack(() -> db.update(AUDIT_EVENT)
                .set(AUDIT_EVENT.ACTOR_NAME, "mallory")
                .where(AUDIT_EVENT.SEQ.eq(seq))
                .execute());
        assertDeniedAndRolledBack(
                () -> db.deleteFrom(AUDIT_EVENT).where(AUDIT_EVENT.SEQ.eq(seq)).execute());
        assertDeniedAndRolledBack(() -> db.truncate(AUDIT_EVENT).execute());
        assertThatThrownBy(() -> tx.execute(s -> {
                    s.setRollbackOnly();
                    return db.execute("ALTER TABLE audit_event DISABLE TRIGGER USER");
                }))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("must be owner of table audit_event");

        assertThat(db.fetchValue(
                        DSL.select(AUDIT_EVENT.ACTOR_NAME).from(AUDIT_EVENT).where(AUDIT_EVENT.SEQ.eq(seq))))
                .isEqualTo("svc-" + run);
        assertWholeChainIntactAndContiguous();
    }

    private void assertDeniedAndRolledBack(java.util.function.IntSupplier statement) {
        // rolled back even if it were (wrongly) allowed, so a failure here cannot damage the shared database
        assertThatThrownBy(() -> tx.execute(s -> {
                    s.setRollbackOnly();
                    return statement.getAsInt();
                }))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("permission denied for table audit_event");
    }

    @Test
    void developerSeesOnlyTheirTeamsEventsAndTheirOwn() {
        String dev = "dev-" + run;
        String marker = "test.scope." + run;
        trail.record(
                user("alice-" + run, Role.DEVELOPER, "payments"),
                AuditEntry.of(marker).team("payments"));
        long teamEvent = lastSeqBy("alice-" + run);
        trail.record(
                user("bob-" + run, Role.DEVELOPER, "search"),
                AuditEntry.of(marker).team("search"));
        trail.record(user(dev, Role.DEVELOPER, "payments"), AuditEntry.of(marker));
        long ownWithoutTeam = lastSeqBy(dev);
        trail.record(
                user(dev, Role.DEVELOPER, "payments"), AuditEntry.of(marker).team("search"));
        long ownInOtherTeam = lastSeqBy(dev);
        trail.record(user("carol-" + run, Role.ADMIN), AuditEntry.of(marker));

        try (var ignored = signIn(developer(dev, "payments"))) {
            assertThat(log.count(action(marker))).isEqualTo(3);
            assertThat(log.page(action(marker), 0, 50))
                    .extracting(AuditEvent::seq)
                    .containsExactly(ownInOtherTeam, ownWithoutTeam, teamEvent);
            assertThat(log.count(new AuditFilter(null, null, null, marker, "search", null)))
                    .isEqualTo(1);
            assertThat(log.page(action(marker), 1, 1))
                    .extracting(AuditEvent::seq)
                    .containsExactly(ownWithoutTeam);
        }
        try (var ignored = signIn(developer("newcomer-" + run))) {
            assertThat(log.count(action(marker))).isZero();
        }
        try (var ignored = signIn(manager("manager-" + run))) {
            assertThat(log.count(action(marker))).isEqualTo(5);
            assertThat(log.page(action(marker), 0, 50)).hasSize(5);
        }
        try (var ignored = signIn(reviewer("reviewer-" + run))) {
            assertThat(log.count(action(marker))).isEqualTo(5);
        }
    }

    @Test
    void eventsOfSeveralTargetsComeInOneReadNewestFirstAndScoped() {
        String ns = "ns-" + run;
        String exception = "exc-" + run;
        trail.record(
                user("alice-" + run, Role.DEVELOPER, "payments"),
                AuditEntry.of("test.targets." + run).target("namespace", ns).team("payments"));
        long first = lastSeqBy("alice-" + run);
        trail.record(
                user("rita-" + run, Role.REVIEWER),
                AuditEntry.of("test.targets." + run)
                        .target("exception", exception)
                        .team("payments"));
        long second = lastSeqBy("rita-" + run);
        trail.record(
                user("bob-" + run, Role.DEVELOPER, "search"),
                AuditEntry.of("test.targets." + run)
                        .target("namespace", "other-" + run)
                        .team("search"));
        // an id that only contains one of the targets is not one of them
        trail.record(
                user("carol-" + run, Role.ADMIN),
                AuditEntry.of("test.targets." + run)
                        .target("namespace", ns + "-copy")
                        .team("payments"));

        try (var ignored = signIn(developer("dev-" + run, "payments"))) {
            assertThat(log.forTargets(List.of(ns, exception, "other-" + run), 50))
                    .extracting(AuditEvent::seq)
                    .containsExactly(second, first);
            assertThat(log.forTargets(List.of(ns, exception), 1))
                    .extracting(AuditEvent::seq)
                    .containsExactly(second);
            assertThat(log.forTargets(List.of(), 10)).isEmpty();
            assertThatThrownBy(() -> log.forTargets(List.of(ns), 0)).isInstanceOf(IllegalArgumentException.class);
        }
        try (var ignored = signIn(developer("dev2-" + run, "search"))) {
            assertThat(log.forTargets(List.of(ns, exception), 50)).isEmpty();
        }
        assertThatThrownBy(() -> log.forTargets(List.of(ns), 10)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void readingTheLogNeedsASignedInUser() {
        assertThatThrownBy(() -> log.count(AuditFilter.ALL)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> log.page(AuditFilter.ALL, 0, 10)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void pageSizeIsBounded() {
        try (var ignored = signIn(manager("manager-" + run))) {
            assertThatThrownBy(() -> log.page(AuditFilter.ALL, 0, AuditLog.MAX_PAGE + 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 500 rows");
            assertThatThrownBy(() -> log.page(AuditFilter.ALL, -1, 10)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void onlyAdminsMayVerifyAndTheirVerificationIsAudited() {
        try (var ignored = signIn(developer("dev-" + run, "payments"))) {
            assertThatThrownBy(() -> log.verify())
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("verify the audit chain");
        }
        try (var ignored = signIn(manager("manager-" + run))) {
            assertThatThrownBy(() -> log.verify()).isInstanceOf(AccessDeniedException.class);
        }
        try (var ignored = signIn(reviewer("reviewer-" + run))) {
            assertThatThrownBy(() -> log.verify()).isInstanceOf(AccessDeniedException.class);
        }
        try (var ignored = signIn(admin("admin-" + run))) {
            ChainVerification result = log.verify();
            assertThat(result.ok()).as(result.summary()).isTrue();
            List<AuditEvent> verified =
                    log.page(new AuditFilter(null, null, "admin-" + run, "audit.verified", null, null), 0, 10);
            assertThat(verified).hasSize(1);
            assertThat(verified.getFirst().after()).isEqualTo("{\"checked\":" + result.checked() + ",\"ok\":true}");
        }
    }

    @Test
    void onlyAdminsMayCheckpointAndTheChainThenVerifiesAgainstTheCheckpoint() {
        trail.record(user("svc-" + run, Role.ADMIN), AuditEntry.of("test.checkpoint." + run));
        try (var ignored = signIn(manager("manager-" + run))) {
            assertThatThrownBy(() -> log.checkpoint())
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("checkpoint the audit chain");
        }
        try (var ignored = signIn(admin("admin-" + run))) {
            AuditCheckpoint cp = log.checkpoint();
            assertThat(cp.seq()).isPositive();
            assertThat(cp.at()).isNotNull();

            ChainVerification result = log.verifyAsSystem();
            assertThat(result.ok()).as(result.summary()).isTrue();
            assertThat(result.anchor()).isNotNull();
            assertThat(result.anchor().seq()).isGreaterThanOrEqualTo(cp.seq());
            List<AuditEvent> recorded =
                    log.page(new AuditFilter(null, null, "admin-" + run, "audit.checkpointed", null, null), 0, 10);
            assertThat(recorded).hasSize(1);
            assertThat(recorded.getFirst().after()).contains("\"seq\":" + cp.seq());
        }
        assertWholeChainIntactAndContiguous();
    }

    @Test
    void csvExportEscapesCellsAndNeutralisesFormulas() {
        String marker = "csv-" + run;
        CurrentUser actor = new CurrentUser(
                "=HYPERLINK(\"http://example.invalid\",\"x\")",
                "+1+2",
                Set.of(Role.DEVELOPER),
                new java.util.TreeSet<>());
        trail.record(
                actor,
                AuditEntry.of("test.csv")
                        .target(marker, "a,b\nc")
                        .team("-2+3")
                        .location("@SUM(A1)", "ns \"quoted\", too")
                        .change(Map.of("k", "v,\"x\""), Map.of("formula", "=1+1")));
        trail.record(user("\tcmd", Role.ADMIN), AuditEntry.of("test.csv").target(marker, "plain"));

        var out = new java.io.StringWriter();
        try (var ignored = signIn(manager("manager-" + run))) {
            log.exportCsv(new AuditFilter(null, null, null, null, null, marker), out);
        }
        String csv = out.toString();

        assertThat(csv).endsWith("\r\n");
        List<List<String>> rows = parseCsv(csv);
        assertThat(rows.getFirst())
                .containsExactly(
                        "seq",
                        "occurred_at",
                        "actor",
                        "actor_name",
                        "action",
                        "outcome",
                        "target",
                        "team",
                        "cluster",
                        "namespace",
                        "source_ip",
                        "before",
                        "after",
                        "hash");
        assertThat(rows).hasSize(3);
        List<String> plain = rows.get(1); // newest first
        assertThat(plain.get(2)).isEqualTo("'\tcmd");
        assertThat(plain.get(6)).isEqualTo(marker + "/plain");
        List<String> tricky = rows.get(2);
        assertThat(tricky).hasSize(14);
        assertThat(tricky.get(2)).isEqualTo("'=HYPERLINK(\"http://example.invalid\",\"x\")");
        assertThat(tricky.get(3)).isEqualTo("'+1+2");
        assertThat(tricky.get(4)).isEqualTo("test.csv");
        assertThat(tricky.get(5)).isEqualTo("SUCCESS");
        assertThat(tricky.get(6)).isEqualTo(marker + "/a,b\nc");
        assertThat(tricky.get(7)).isEqualTo("'-2+3");
        assertThat(tricky.get(8)).isEqualTo("'@SUM(A1)");
        assertThat(tricky.get(9)).isEqualTo("ns \"quoted\", too");
        assertThat(tricky.get(10)).isEmpty();
        assertThat(tricky.get(11)).isEqualTo("{\"k\":\"v,\\\"x\\\"\"}");
        assertThat(tricky.get(12)).isEqualTo("{\"formula\":\"=1+1\"}");
        assertThat(csv).contains(",\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\",");
        for (List<String> row : rows) {
            for (String cell : row) {
                assertThat(cell)
                        .as("no cell may start a formula")
                        .doesNotStartWith("=")
                        .doesNotStartWith("+")
                        .doesNotStartWith("-")
                        .doesNotStartWith("@")
                        .doesNotStartWith("\t");
            }
        }
        try (var ignored = signIn(admin("admin-" + run))) {
            assertThat(log.page(new AuditFilter(null, null, "manager-" + run, "audit.exported", null, null), 0, 1))
                    .extracting(AuditEvent::after)
                    .containsExactly("{\"target\":\"" + marker + "\"}");
        }
    }

    /** RFC 4180 reader: quoted cells may hold commas, doubled quotes and line breaks; records end with CRLF. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                assertThat(cell).as("a quote may only open a cell").isEmpty();
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("bare line break outside quotes").isNotIn('\r', '\n');
                cell.append(c);
            }
        }
        assertThat(quoted).as("unterminated quote").isFalse();
        assertThat(row).as("last record ends with CRLF").isEmpty();
        return rows;
    }
}
