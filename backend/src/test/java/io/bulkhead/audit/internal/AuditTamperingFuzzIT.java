package io.bulkhead.audit.internal;

import static io.bulkhead.db.jooq.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.ChainVerification;
import io.bulkhead.db.jooq.tables.records.AuditEventRecord;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.ScratchDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * 10,000 random tamperings of a keyed, checkpointed chain of {@value #EVENTS} events: changed fields (with and
 * without the hash recomputed, with MACs made with another key), stripped MACs, deleted events, swapped and rotated
 * events, a cut tail with the head moved back, appends forged with the application role's rights (hash computed,
 * no key), events slipped in before #1, a moved head, a whole chain replaced, and two changes at once. Each must be
 * found, with the first bad event named.
 *
 * <p>The first 300 go through the real database: each is applied as the role that could do
 * it (the owner, with the append-only triggers and the MAC constraint switched off; or the application role, with
 * its INSERT and head UPDATE grants), verified by {@link AuditStore#verify} on that connection, and rolled back. The
 * rest are applied to an in-memory copy of the rows and verified by the same {@link ChainVerifier}. Set {@code
 * -Dbulkhead.test.tamper-seed} to replay a run.
 */
@BackendIntegrationTest
class AuditTamperingFuzzIT {

    static final int EVENTS = 100;
    static final int TAMPERINGS = Integer.getInteger("bulkhead.test.tamperings", 10_000);
    static final int THROUGH_DATABASE = Integer.getInteger("bulkhead.test.tamperings-in-database", 300);
    static final AuditMac KEY = new AuditMac(bytes(7));
    static final AuditMac OTHER_KEY = new AuditMac(bytes(8));
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> CONTENT = List.of(
            "occurredAt",
            "actorSubject",
            "actorName",
            "action",
            "outcome",
            "targetType",
            "targetId",
            "team",
            "cluster",
            "namespace",
            "before",
            "after",
            "sourceIp",
            "userAgent");
    private static final List<String> CHANGEABLE = concat(CONTENT, List.of("id", "prevHash", "hash", "mac"));
    private static final Set<String> NOT_NULL =
            Set.of("occurredAt", "actorSubject", "actorName", "action", "outcome", "id", "prevHash", "hash");

    @Autowired
    EmbeddedPostgres pg;

    @Value("${bulkhead.db.embedded-app-password}")
    String appPassword;

    private @Nullable State original;

    /** The rows and the head, as the database holds them (rows in sequence order). */
    record State(List<AuditEvent> rows, ChainVerifier.Head head) {}

    /**
     * @param appRole true when the application role's grants suffice (inserts and the head), false for the owner
     */
    record Tampering(String kind, long expected, boolean appRole, State state) {}

    @Test
    void everyRandomTamperingIsDetectedAndTheFirstBadEventNamed(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("bulkhead.test.tamper-seed", System.nanoTime());
        Random rnd = new Random(seed);
        try (ScratchDatabase db = ScratchDatabase.migrated(pg, "audit_fuzz", appPassword)) {
            fuzz(db, rnd, seed, dir);
        }
    }

    private void fuzz(ScratchDatabase db, Random rnd, long seed, Path dir) throws Exception {
        try (Connection owner = db.owner().getConnection();
                Connection app = db.app().getConnection()) {
            owner.setAutoCommit(false);
            app.setAutoCommit(false);
            appendChain(db);
            State base = load(db.owner());
            original = base;
            assertThat(base.rows()).hasSize(EVENTS);
            KeyPair signing = AuditKeys.newSigningKeyPair();
            CheckpointFile file = new CheckpointFile(dir.resolve("audit-checkpoints.jsonl"));
            for (int at : new int[] {EVENTS / 3, EVENTS}) {
                AuditEvent e = base.rows().get(at - 1);
                file.appendIf(
                        signing.getPublic(),
                        read -> Checkpoint.sign(
                                e.seq(), e.hash(), e.mac(), 0, KEY.keyId(), Instant.now(), signing.getPrivate()));
            }
            CheckpointFile.Read anchors = file.read(signing.getPublic());
            assertThat(anchors.checkpoints()).hasSize(2);
            ChainVerifier verifier = new ChainVerifier(KEY, "", anchors);
            assertThat(inMemory(verifier, base).ok()).isTrue();
            assertThat(inDatabase(owner, app, verifier, new Tampering("none", 0, true, base))
                            .ok())
                    .isTrue();

            List<String> failures = new ArrayList<>();
            Map<String, Integer> kindsInDatabase = new TreeMap<>();
            Map<String, Integer> kindsInMemory = new TreeMap<>();
            long t0 = System.nanoTime();
            long databaseNanos = 0;
            for (int i = 0; i < TAMPERINGS; i++) {
                Tampering t = tamper(rnd, base);
                boolean viaDatabase = i < THROUGH_DATABASE;
                long t1 = System.nanoTime();
                ChainVerification r = viaDatabase ? inDatabase(owner, app, verifier, t) : inMemory(verifier, t.state());
                if (viaDatabase) {
                    databaseNanos += System.nanoTime() - t1;
                }
                (viaDatabase ? kindsInDatabase : kindsInMemory).merge(t.kind(), 1, Integer::sum);
                if (!r.broken() || r.firstBrokenSeq() == null || r.firstBrokenSeq() != t.expected()) {
                    failures.add("#" + i + " " + t.kind() + " (" + (viaDatabase ? "database" : "memory")
                            + "): expected event #" + t.expected() + ", got " + r.summary());
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf(
                    "AuditTamperingFuzzIT seed %d: %d tamperings in %d ms (%d through the database in %d ms);"
                            + " database %s; memory %s%n",
                    seed, TAMPERINGS, ms, THROUGH_DATABASE, databaseNanos / 1_000_000, kindsInDatabase, kindsInMemory);

            assertThat(failures).as("seed " + seed).isEmpty();
            assertThat(kindsInDatabase.keySet())
                    .as("every kind went through the database")
                    .hasSize(13);
            assertThat(kindsInMemory.keySet()).hasSize(13);
            // every tampering was rolled back
            assertThat(inDatabase(owner, app, verifier, new Tampering("none", 0, true, base))
                            .ok())
                    .isTrue();
            assertThat(load(db.owner())).isEqualTo(base);
        }
    }

    // ---- the tamperings -------------------------------------------------------------------------------------

    private static Tampering tamper(Random rnd, State s) {
        List<AuditEvent> rows = s.rows();
        int n = rows.size();
        int kind = rnd.nextInt(13);
        switch (kind) {
            case 0, 1 -> {
                // change one field; kind 1 also recomputes the hash (anyone can), sometimes MACs with another key
                int k = 1 + rnd.nextInt(n);
                String field = CHANGEABLE.get(rnd.nextInt(CHANGEABLE.size()));
                AuditEvent changed = change(rnd, rows.get(k - 1), field);
                if (kind == 1 && !field.equals("hash") && !field.equals("mac")) {
                    changed = copy(changed, Map.of("hash", AuditStore.hashOf(changed)));
                    if (rnd.nextBoolean()) {
                        changed = copy(changed, Map.of("mac", otherMac(changed, prevMac(rows, k))));
                    }
                }
                return new Tampering(kind == 0 ? "change" : "change+rehash", k, false, replace(s, k, changed));
            }
            case 2 -> {
                // strip the MAC of one event, or of every event from it on (the owner can drop the constraint)
                int k = 1 + rnd.nextInt(n);
                int to = rnd.nextBoolean() ? k : n;
                List<AuditEvent> out = new ArrayList<>(rows);
                for (int i = k; i <= to; i++) {
                    out.set(i - 1, copy(out.get(i - 1), nullMac()));
                }
                return new Tampering("strip MAC", k, false, new State(out, s.head()));
            }
            case 3 -> {
                int k = 1 + rnd.nextInt(n);
                int len = 1 + rnd.nextInt(3);
                List<AuditEvent> out = new ArrayList<>(rows);
                out.removeIf(e -> e.seq() >= k && e.seq() < k + len);
                return new Tampering("delete", k, false, new State(out, s.head()));
            }
            case 4 -> {
                // swap two events' places (their sequence numbers), or rotate a block of them
                int i = 1 + rnd.nextInt(n - 1);
                int j = i + 1 + rnd.nextInt(Math.min(5, n - i));
                List<AuditEvent> out = new ArrayList<>(rows);
                if (rnd.nextBoolean()) {
                    out.set(i - 1, copy(rows.get(j - 1), Map.of("seq", (long) i)));
                    out.set(j - 1, copy(rows.get(i - 1), Map.of("seq", (long) j)));
                } else {
                    for (int p = i; p <= j; p++) {
                        int from = p == j ? i : p + 1;
                        out.set(p - 1, copy(rows.get(from - 1), Map.of("seq", (long) p)));
                    }
                }
                return new Tampering("reorder", i, false, new State(out, s.head()));
            }
            case 5 -> {
                // swap the content of two events, leaving sequence numbers, ids, hashes and MACs in place
                int i = 1 + rnd.nextInt(n - 1);
                int j = i + 1 + rnd.nextInt(n - i);
                List<AuditEvent> out = new ArrayList<>(rows);
                out.set(i - 1, copy(rows.get(i - 1), content(rows.get(j - 1))));
                out.set(j - 1, copy(rows.get(j - 1), content(rows.get(i - 1))));
                return new Tampering("swap content", i, false, new State(out, s.head()));
            }
            case 6 -> {
                // cut the tail and move the head back to the new last event, so the database looks consistent
                int k = 1 + rnd.nextInt(n);
                List<AuditEvent> out = new ArrayList<>(rows.subList(0, k - 1));
                ChainVerifier.Head head = k == 1
                        ? new ChainVerifier.Head(0, CanonicalEncoding.GENESIS)
                        : new ChainVerifier.Head(k - 1, rows.get(k - 2).hash());
                return new Tampering("cut tail, head moved back", k, false, new State(out, head));
            }
            case 7 -> {
                int k = 1 + rnd.nextInt(n);
                return new Tampering(
                        "cut tail, head left", k, false, new State(new ArrayList<>(rows.subList(0, k - 1)), s.head()));
            }
            case 8 -> {
                // the application role appends 1-3 events with correct hash links, and moves the head to them
                List<AuditEvent> out = new ArrayList<>(rows);
                int count = 1 + rnd.nextInt(3);
                for (int c = 0; c < count; c++) {
                    out.add(forged(rnd, out.getLast(), out.getLast().seq() + 1, rnd.nextInt(3)));
                }
                if (rnd.nextInt(3) == 0) {
                    // and the portal goes on appending genuine events after the forged ones
                    out.add(genuine(rnd, out.getLast()));
                }
                AuditEvent last = out.getLast();
                ChainVerifier.Head head =
                        rnd.nextInt(5) == 0 ? s.head() : new ChainVerifier.Head(last.seq(), last.hash());
                return new Tampering("forged append (app role)", n + 1, true, new State(out, head));
            }
            case 9 -> {
                // the application role slips an event in before the first one
                long seq = -rnd.nextInt(3);
                List<AuditEvent> out = new ArrayList<>();
                AuditEvent first = rows.getFirst();
                AuditEvent f = forged(rnd, first, seq, rnd.nextInt(3));
                out.add(copy(f, Map.of("prevHash", CanonicalEncoding.GENESIS)));
                out.set(0, rehashed(out.getFirst()));
                out.addAll(rows);
                return new Tampering("forged event before #1 (app role)", seq, true, new State(out, s.head()));
            }
            case 10 -> {
                // the application role moves the head (it may UPDATE audit_chain_head)
                long h = rnd.nextInt(n + 4);
                if (h == n) {
                    return new Tampering(
                            "head moved (app role)",
                            n,
                            true,
                            new State(rows, new ChainVerifier.Head(n, randomHex(rnd))));
                }
                String hash = h == 0
                        ? CanonicalEncoding.GENESIS
                        : h <= n ? rows.get((int) h - 1).hash() : randomHex(rnd);
                return new Tampering(
                        "head moved (app role)",
                        h < n ? h + 1 : n + 1,
                        true,
                        new State(rows, new ChainVerifier.Head(h, hash)));
            }
            case 11 -> {
                // the owner replaces the whole chain by one it computed itself (hashes right, no key)
                List<AuditEvent> out = new ArrayList<>();
                int len = n + rnd.nextInt(5);
                AuditEvent prev = null;
                for (int i = 1; i <= len; i++) {
                    AuditEvent template = rows.get((i - 1) % n);
                    AuditEvent f = copy(
                            template,
                            Map.of(
                                    "seq",
                                    (long) i,
                                    "id",
                                    UUID.randomUUID(),
                                    "prevHash",
                                    prev == null ? CanonicalEncoding.GENESIS : prev.hash(),
                                    "actorName",
                                    "rewritten " + i));
                    f = rehashed(f);
                    f = copy(f, Map.of("mac", otherMac(f, prev == null ? AuditMac.NONE : prev.mac())));
                    out.add(f);
                    prev = f;
                }
                AuditEvent last = out.getLast();
                return new Tampering(
                        "chain replaced", 1, false, new State(out, new ChainVerifier.Head(last.seq(), last.hash())));
            }
            default -> {
                // two changes in different events: the earlier is named
                int k1 = 1 + rnd.nextInt(n - 1);
                int k2 = k1 + 1 + rnd.nextInt(n - k1);
                State once = replace(s, k2, change(rnd, rows.get(k2 - 1), pick(rnd, CHANGEABLE)));
                State twice = replace(once, k1, change(rnd, rows.get(k1 - 1), pick(rnd, CHANGEABLE)));
                return new Tampering("two changes", k1, false, twice);
            }
        }
    }

    private static AuditEvent change(Random rnd, AuditEvent e, String field) {
        Object old = component(e, field);
        Object value;
        if (old != null && !NOT_NULL.contains(field) && rnd.nextInt(4) == 0) {
            value = null;
        } else {
            value = switch (field) {
                case "occurredAt" -> e.occurredAt().plus(1 + rnd.nextInt(1_000_000), ChronoUnit.MICROS);
                case "outcome" -> AuditOutcome.values()[(e.outcome().ordinal() + 1 + rnd.nextInt(2)) % 3];
                case "before", "after" -> "{\"tampered\":" + rnd.nextInt(1000) + "}";
                case "id" -> UUID.randomUUID();
                case "prevHash", "hash" -> randomHex(rnd);
                case "mac" ->
                    e.mac() != null
                                    && rnd.nextBoolean()
                                    && !e.mac().equals(e.mac().toUpperCase())
                            ? e.mac().toUpperCase() // the same bytes, but not the MAC the portal wrote
                            : randomHex(rnd);
                default -> "mallory-" + rnd.nextInt(1_000_000);
            };
        }
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put(field, value);
        return copy(e, m);
    }

    /** An event made by someone without the key: correct hash link and hash, and a MAC they had to guess. */
    private static AuditEvent forged(Random rnd, AuditEvent prev, long seq, int macStyle) {
        AuditEvent f = rehashed(copy(
                prev,
                Map.of(
                        "seq",
                        seq,
                        "id",
                        UUID.randomUUID(),
                        "prevHash",
                        prev.hash(),
                        "action",
                        "namespace.deleted",
                        "actorName",
                        "forger " + rnd.nextInt(1000))));
        String mac = switch (macStyle) {
            case 0 -> randomHex(rnd);
            case 1 -> prev.mac(); // replayed
            default -> otherMac(f, prev.mac());
        };
        return copy(f, Map.of("mac", mac));
    }

    /** What the portal itself would append next, with the real key. */
    private static AuditEvent genuine(Random rnd, AuditEvent prev) {
        AuditEvent g = rehashed(copy(
                prev,
                Map.of(
                        "seq",
                        prev.seq() + 1,
                        "id",
                        UUID.randomUUID(),
                        "prevHash",
                        prev.hash(),
                        "action",
                        "namespace.requested",
                        "actorName",
                        "genuine " + rnd.nextInt(1000))));
        String encoding = CanonicalEncoding.encode(ChainVerifier.fields(g));
        return copy(g, Map.of("mac", KEY.mac(encoding, prev.mac() == null ? AuditMac.NONE : prev.mac())));
    }

    private static AuditEvent rehashed(AuditEvent e) {
        return copy(e, Map.of("hash", AuditStore.hashOf(e)));
    }

    private static String otherMac(AuditEvent e, @Nullable String prevMac) {
        return OTHER_KEY.mac(
                CanonicalEncoding.encode(ChainVerifier.fields(e)), prevMac == null ? AuditMac.NONE : prevMac);
    }

    private static String prevMac(List<AuditEvent> rows, int k) {
        return k == 1 ? AuditMac.NONE : rows.get(k - 2).mac();
    }

    private static State replace(State s, int k, AuditEvent e) {
        List<AuditEvent> out = new ArrayList<>(s.rows());
        out.set(k - 1, e);
        return new State(out, s.head());
    }

    private static Map<String, @Nullable Object> content(AuditEvent e) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        for (String f : CONTENT) {
            m.put(f, component(e, f));
        }
        return m;
    }

    private static Map<String, @Nullable Object> nullMac() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("mac", null);
        return m;
    }

    // ---- verifying ------------------------------------------------------------------------------------------

    private static ChainVerification inMemory(ChainVerifier verifier, State s) {
        List<AuditEvent> sorted = new ArrayList<>(s.rows());
        sorted.sort(Comparator.comparingLong(AuditEvent::seq));
        return verifier.verify(sorted.iterator(), s::head);
    }

    /**
     * Applies the tampering to the database as the role that could make it (on that role's connection, which is
     * not in auto-commit mode), in a transaction: the rows that differ from the stored ones are deleted and the
     * tampered ones inserted; then verifies on that connection and rolls back.
     */
    private ChainVerification inDatabase(Connection owner, Connection app, ChainVerifier verifier, Tampering t)
            throws SQLException {
        State stored = Objects.requireNonNull(original);
        Set<AuditEvent> before = new HashSet<>(stored.rows());
        Set<AuditEvent> after = new HashSet<>(t.state().rows());
        List<AuditEvent> removed =
                stored.rows().stream().filter(e -> !after.contains(e)).toList();
        List<AuditEvent> added =
                t.state().rows().stream().filter(e -> !before.contains(e)).toList();
        Connection c = t.appRole() ? app : owner;
        {
            try {
                DSLContext sql = DSL.using(c, SQLDialect.POSTGRES);
                if (t.appRole()) {
                    assertThat(removed).as("the application role can only add").isEmpty();
                    assertThat(sql.fetchValue("select current_user")).isEqualTo(ScratchDatabase.APP_ROLE);
                } else {
                    try (Statement st = c.createStatement()) {
                        if (!removed.isEmpty()) {
                            st.execute("ALTER TABLE audit_event DISABLE TRIGGER USER");
                        }
                        if (added.stream().anyMatch(e -> e.mac() == null)) {
                            st.execute("ALTER TABLE audit_event DROP CONSTRAINT audit_event_mac_required");
                        }
                    }
                    for (AuditEvent e : removed) {
                        sql.deleteFrom(AUDIT_EVENT)
                                .where(AUDIT_EVENT.ID.eq(e.id()))
                                .execute();
                    }
                }
                for (AuditEvent e : added) {
                    sql.insertInto(AUDIT_EVENT).set(record(e)).execute();
                }
                if (!t.state().head().equals(stored.head())) {
                    sql.execute(
                            "UPDATE audit_chain_head SET last_seq = ?, last_hash = ?",
                            t.state().head().seq(),
                            t.state().head().hash());
                }
                return new AuditStore(sql).verify(verifier);
            } finally {
                c.rollback();
            }
        }
    }

    private static State load(DataSource ds) {
        DSLContext sql = DSL.using(ds, SQLDialect.POSTGRES);
        List<AuditEvent> rows =
                sql.selectFrom(AUDIT_EVENT).orderBy(AUDIT_EVENT.SEQ).fetch(AuditStore::map);
        return new State(rows, new AuditStore(sql).head());
    }

    private static AuditEventRecord record(AuditEvent e) {
        AuditEventRecord r = new AuditEventRecord();
        r.setSeq(e.seq());
        r.setId(e.id());
        r.setOccurredAt(e.occurredAt().atOffset(ZoneOffset.UTC));
        r.setActorSubject(e.actorSubject());
        r.setActorName(e.actorName());
        r.setAction(e.action());
        r.setOutcome(e.outcome().name());
        r.setTargetType(e.targetType());
        r.setTargetId(e.targetId());
        r.setTeam(e.team());
        r.setCluster(e.cluster());
        r.setNamespace(e.namespace());
        r.setBeforeState(e.before() == null ? null : JSONB.valueOf(e.before()));
        r.setAfterState(e.after() == null ? null : JSONB.valueOf(e.after()));
        r.setSourceIp(e.sourceIp());
        r.setUserAgent(e.userAgent());
        r.setPrevHash(e.prevHash());
        r.setHash(e.hash());
        r.setMac(e.mac());
        return r;
    }

    private void appendChain(ScratchDatabase db) {
        DSLContext app = DSL.using(db.app(), SQLDialect.POSTGRES);
        Instant t0 = Instant.parse("2026-11-01T10:00:00.123456Z");
        Random r = new Random(42);
        for (int i = 1; i <= EVENTS; i++) {
            int n = i;
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("replicas", n);
            before.put("labels", Map.of("tier", n % 2 == 0 ? "restricted" : "baseline"));
            AuditEntry entry = AuditEntry.of(n % 7 == 0 ? "exception.approved" : "namespace.updated")
                    .target("namespace", "ns-" + n)
                    .team(n % 3 == 0 ? null : n % 2 == 0 ? "payments" : "search")
                    .location(n % 4 == 0 ? null : "local", "ns-" + n)
                    .change(n % 5 == 0 ? null : before, Map.of("replicas", n + 0.5, "note", "ratio " + r.nextInt()))
                    .outcome(AuditOutcome.values()[n % 3]);
            app.transaction(cfg -> {
                new AuditStore(cfg.dsl())
                        .stage(
                                "user-" + (n % 4),
                                "User " + (n % 4),
                                entry,
                                n % 6 == 0 ? null : "10.0.0." + n,
                                n % 6 == 0 ? null : "curl/8." + n,
                                t0.plus(n, ChronoUnit.MINUTES));
                AuditChainer.chain(cfg.dsl(), () -> KEY, 1);
            });
        }
    }

    // ---- small helpers --------------------------------------------------------------------------------------

    private static final RecordComponent[] COMPONENTS = AuditEvent.class.getRecordComponents();
    private static final java.lang.reflect.Constructor<AuditEvent> CONSTRUCTOR;

    static {
        try {
            CONSTRUCTOR = AuditEvent.class.getDeclaredConstructor(java.util.Arrays.stream(COMPONENTS)
                    .map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static @Nullable Object component(AuditEvent e, String name) {
        for (RecordComponent rc : COMPONENTS) {
            if (rc.getName().equals(name)) {
                return component(e, rc);
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static @Nullable Object component(AuditEvent e, RecordComponent rc) {
        try {
            return rc.getAccessor().invoke(e);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A copy of the event with some components replaced (by name). */
    private static AuditEvent copy(AuditEvent e, Map<String, ? extends @Nullable Object> changes) {
        Object[] args = new Object[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            String name = COMPONENTS[i].getName();
            args[i] = changes.containsKey(name) ? changes.get(name) : component(e, COMPONENTS[i]);
        }
        try {
            return CONSTRUCTOR.newInstance(args);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String randomHex(Random rnd) {
        byte[] b = new byte[32];
        rnd.nextBytes(b);
        return HEX.formatHex(b);
    }

    private static <T> T pick(Random rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    private static byte[] bytes(int fill) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
