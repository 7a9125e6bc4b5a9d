package io.bulkhead.audit.internal;

import static io.bulkhead.db.jooq.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.ChainVerification;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.ScratchDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Tampering with the stored trail as the schema owner (who can switch the append-only triggers off) is found by
 * verification, which names the first broken link. Every test works on its own copy of a database holding a
 * chain of {@value #EVENTS} keyed events, so the shared test database is never damaged. Verification here has no
 * checkpoint unless a test makes one (see {@link AuditTamperingFuzzIT} for tampering against a checkpointed chain).
 */
@BackendIntegrationTest
class AuditTamperingIT {

    static final int EVENTS = 12;
    static final AuditMac KEY = new AuditMac(new byte[32]);
    private static ScratchDatabase template;

    @Autowired
    EmbeddedPostgres pg;

    @Value("${bulkhead.db.embedded-app-password}")
    String appPassword;

    private ScratchDatabase db;

    @BeforeEach
    void copyTemplate() {
        synchronized (AuditTamperingIT.class) {
            if (template == null) {
                template = ScratchDatabase.migrated(pg, "audit_tamper_template", appPassword);
                DSLContext app = DSL.using(template.app(), SQLDialect.POSTGRES);
                Instant t0 = Instant.parse("2026-11-01T10:00:00.123456Z");
                for (int i = 1; i <= EVENTS; i++) {
                    int n = i;
                    app.transaction(cfg -> {
                        new AuditStore(cfg.dsl())
                                .stage(
                                        "user-" + (n % 3),
                                        "User " + (n % 3),
                                        entry(n),
                                        "10.0.0." + n,
                                        "curl/8",
                                        t0.plus(n, ChronoUnit.MINUTES));
                        AuditChainer.chain(cfg.dsl(), () -> KEY, 1);
                    });
                }
            }
        }
        db = template.copy("audit_tamper");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @AfterAll
    static void dropTemplate() {
        if (template != null) {
            template.close();
            template = null;
        }
    }

    private static AuditEntry entry(int n) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("replicas", n);
        before.put("labels", Map.of("tier", "restricted", "owner", "payments"));
        return AuditEntry.of("namespace.updated")
                .target("namespace", "ns-" + n)
                .team(n % 2 == 0 ? "payments" : "search")
                .location("local", "ns-" + n)
                .change(before, Map.of("replicas", n + 1.0, "note", "ratio 1.50"))
                .outcome(n % 5 == 0 ? AuditOutcome.DENIED : AuditOutcome.SUCCESS);
    }

    private ChainVerification verify() {
        return verify(new CheckpointFile.Read(java.util.List.of(), null));
    }

    private ChainVerification verify(CheckpointFile.Read anchors) {
        DSLContext app = DSL.using(db.app(), SQLDialect.POSTGRES);
        return app.transactionResult(cfg -> new AuditStore(cfg.dsl()).verify(new ChainVerifier(KEY, "", anchors)));
    }

    private void tamper(String... sql) {
        String[] all = new String[sql.length + 2];
        all[0] = "ALTER TABLE audit_event DISABLE TRIGGER USER";
        System.arraycopy(sql, 0, all, 1, sql.length);
        all[all.length - 1] = "ALTER TABLE audit_event ENABLE TRIGGER USER";
        db.asOwner(all);
    }

    @Test
    void untouchedChainVerifies() {
        assertThat(verify()).isEqualTo(ChainVerification.intact(EVENTS, 0, null));
    }

    @Test
    void ownerCannotChangeTheTrailWhileTheTriggersAreOn() {
        assertThatThrownBy(() -> db.asOwner("UPDATE audit_event SET actor_name = 'mallory' WHERE seq = 5"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.asOwner("DELETE FROM audit_event WHERE seq = 5"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.asOwner("TRUNCATE audit_event")).hasMessageContaining("append-only");
        assertThat(verify().ok()).isTrue();
    }

    @Test
    void changedFieldIsReportedAtItsEvent() {
        tamper("UPDATE audit_event SET actor_name = 'mallory' WHERE seq = 5");

        ChainVerification result = verify();

        assertThat(result.ok()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo(5L);
        assertThat(result.reason()).contains("content does not match its hash");
        assertThat(result.checked()).isEqualTo(5);
    }

    @Test
    void changedOutcomeIsReported() {
        tamper("UPDATE audit_event SET outcome = 'SUCCESS' WHERE seq = 10");

        assertThat(verify().firstBrokenSeq()).isEqualTo(10L);
    }

    @Test
    void changedJsonStateIsReported() {
        tamper("UPDATE audit_event SET after_state = jsonb_set(after_state, '{replicas}', '99') WHERE seq = 7");

        assertThat(verify().firstBrokenSeq()).isEqualTo(7L);
    }

    @Test
    void jsonReencodedWithoutChangeStillVerifies() {
        // jsonb normalises on its own; re-storing the same values (even as text with other spacing) is no tampering
        tamper("UPDATE audit_event SET before_state = (before_state::text)::jsonb, "
                + "after_state = replace(after_state::text, ', ', ' ,  ')::jsonb");

        assertThat(verify().ok()).isTrue();
    }

    @Test
    void timestampMovedByOneMicrosecondIsReported() {
        tamper("UPDATE audit_event SET occurred_at = occurred_at + interval '1 microsecond' WHERE seq = 3");

        assertThat(verify().firstBrokenSeq()).isEqualTo(3L);
    }

    @Test
    void deletedEventInTheMiddleIsReportedAsMissing() {
        tamper("DELETE FROM audit_event WHERE seq = 6");

        ChainVerification result = verify();

        assertThat(result.firstBrokenSeq()).isEqualTo(6L);
        assertThat(result.reason()).contains("event #6 is missing");
    }

    @Test
    void deletedFirstEventIsReported() {
        tamper("DELETE FROM audit_event WHERE seq = 1");

        assertThat(verify().firstBrokenSeq()).isEqualTo(1L);
    }

    @Test
    void deletedLastEventIsReported() {
        tamper("DELETE FROM audit_event WHERE seq = " + EVENTS);

        ChainVerification result = verify();

        assertThat(result.ok()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo((long) EVENTS);
        assertThat(result.reason()).contains("chain head");
    }

    @Test
    void swappedEventsAreReportedAtTheFirstOfThem() {
        tamper(
                "UPDATE audit_event SET seq = -4 WHERE seq = 4",
                "UPDATE audit_event SET seq = 4 WHERE seq = 3",
                "UPDATE audit_event SET seq = 3 WHERE seq = -4");

        ChainVerification result = verify();

        assertThat(result.firstBrokenSeq()).isEqualTo(3L);
        assertThat(result.reason()).contains("previous-hash link");
    }

    @Test
    void swappedContentUnderTheSameSequenceNumbersIsReported() {
        String cols = "actor_subject, actor_name, action, outcome, target_type, target_id, team, cluster, namespace, "
                + "before_state, after_state, source_ip, user_agent";
        tamper("UPDATE audit_event a SET (" + cols + ") = (SELECT " + cols + " FROM audit_event b "
                + "WHERE b.seq = CASE a.seq WHEN 8 THEN 9 ELSE 8 END) WHERE a.seq IN (8, 9)");

        assertThat(verify().firstBrokenSeq()).isEqualTo(8L);
    }

    @Test
    void rehashingTheChangedEventBreaksTheNextLink() {
        DSLContext owner = DSL.using(db.owner(), SQLDialect.POSTGRES);
        AuditEvent original = AuditStore.map(
                owner.selectFrom(AUDIT_EVENT).where(AUDIT_EVENT.SEQ.eq(5L)).fetchSingle());
        AuditEvent forged = new AuditEvent(
                original.seq(),
                original.id(),
                original.occurredAt(),
                original.actorSubject(),
                "mallory",
                original.action(),
                original.outcome(),
                original.targetType(),
                original.targetId(),
                original.team(),
                original.cluster(),
                original.namespace(),
                original.before(),
                original.after(),
                original.sourceIp(),
                original.userAgent(),
                original.prevHash(),
                "",
                null);
        tamper("UPDATE audit_event SET actor_name = 'mallory', hash = '" + AuditStore.hashOf(forged)
                + "' WHERE seq = 5");

        ChainVerification result = verify();

        // the owner can compute hashes but not MACs: the rehashed event itself is named
        assertThat(result.firstBrokenSeq()).isEqualTo(5L);
        assertThat(result.reason()).contains("MAC does not match");
    }

    @Test
    void onlyTheFirstOfSeveralChangesIsReported() {
        tamper(
                "UPDATE audit_event SET team = 'other' WHERE seq = 9",
                "UPDATE audit_event SET target_id = 'other' WHERE seq = 4");

        assertThat(verify().firstBrokenSeq()).isEqualTo(4L);
    }

    @Test
    void eventForgedByTheApplicationRoleIsReportedEvenWithTheHeadMoved() {
        // the application role may INSERT and move the head: it computes the hash itself, but has no audit key
        DSLContext app = DSL.using(db.app(), SQLDialect.POSTGRES);
        var last = app.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.SEQ.eq((long) EVENTS))
                .fetchSingle();
        var extra = last.copy();
        extra.setSeq((long) EVENTS + 1);
        extra.setId(java.util.UUID.randomUUID());
        extra.setPrevHash(last.getHash());
        AuditEvent asEvent = AuditStore.map(extra);
        extra.setHash(AuditStore.hashOf(asEvent));
        extra.setMac(new AuditMac(new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                    28, 29, 30, 31, 32
                })
                .mac(CanonicalEncoding.encode(ChainVerifier.fields(asEvent)), last.getMac()));
        app.executeInsert(extra);
        app.execute(
                "UPDATE audit_chain_head SET last_seq = " + (EVENTS + 1) + ", last_hash = '" + extra.getHash() + "'");

        ChainVerification result = verify();

        assertThat(result.ok()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo((long) EVENTS + 1);
        assertThat(result.reason()).contains("MAC does not match");
    }

    @Test
    void applicationRoleCannotAppendAnEventWithoutAMac() {
        DSLContext app = DSL.using(db.app(), SQLDialect.POSTGRES);
        var extra = app.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.SEQ.eq((long) EVENTS))
                .fetchSingle()
                .copy();
        extra.setSeq((long) EVENTS + 1);
        extra.setId(java.util.UUID.randomUUID());
        extra.setHash("e".repeat(64));
        extra.setMac(null);

        assertThatThrownBy(() -> app.executeInsert(extra)).hasMessageContaining("audit_event_mac_required");
    }

    @Test
    void genuineAppendAfterAForgedOneStillNamesTheForgedOne() {
        DSLContext app = DSL.using(db.app(), SQLDialect.POSTGRES);
        var last = app.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.SEQ.eq((long) EVENTS))
                .fetchSingle();
        var extra = last.copy();
        extra.setSeq((long) EVENTS + 1);
        extra.setId(java.util.UUID.randomUUID());
        extra.setPrevHash(last.getHash());
        extra.setHash(AuditStore.hashOf(AuditStore.map(extra)));
        extra.setMac(last.getMac());
        app.executeInsert(extra);
        app.transaction(cfg -> {
            new AuditStore(cfg.dsl())
                    .stage("svc", "Service", entry(99), null, null, Instant.parse("2026-11-02T00:00:00Z"));
            AuditChainer.chain(cfg.dsl(), () -> KEY, 1);
        });

        ChainVerification result = verify();

        assertThat(result.firstBrokenSeq()).isEqualTo((long) EVENTS + 1);
    }

    @Test
    void cutTailWithTheHeadMovedBackIsOnlyFoundWithACheckpoint() {
        CheckpointFile.Read anchored = anchorAtHead();
        DSLContext owner = DSL.using(db.owner(), SQLDialect.POSTGRES);
        String hash9 = owner.select(AUDIT_EVENT.HASH)
                .from(AUDIT_EVENT)
                .where(AUDIT_EVENT.SEQ.eq(9L))
                .fetchSingle(AUDIT_EVENT.HASH);
        tamper("DELETE FROM audit_event WHERE seq > 9");
        db.asOwner("UPDATE audit_chain_head SET last_seq = 9, last_hash = '" + hash9 + "'");

        assertThat(verify().ok())
                .as("without a checkpoint the shorter chain looks whole")
                .isTrue();
        ChainVerification result = verify(anchored);
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo(10L);
        assertThat(result.reason()).contains("checkpoint").contains("through event #" + EVENTS);
    }

    @Test
    void intactChainNamesItsCheckpoint() {
        ChainVerification result = verify(anchorAtHead());

        assertThat(result.ok()).isTrue();
        assertThat(result.anchor()).isNotNull();
        assertThat(result.anchor().seq()).isEqualTo(EVENTS);
        assertThat(result.summary()).contains("matches the checkpoint of event #" + EVENTS);
    }

    private CheckpointFile.Read anchorAtHead() {
        DSLContext owner = DSL.using(db.owner(), SQLDialect.POSTGRES);
        var last = owner.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.SEQ.eq((long) EVENTS))
                .fetchSingle();
        Checkpoint cp = Checkpoint.sign(
                EVENTS, last.getHash(), last.getMac(), 0, KEY.keyId(), Instant.now(), SIGNING.getPrivate());
        return new CheckpointFile.Read(java.util.List.of(cp), null);
    }

    private static final java.security.KeyPair SIGNING = AuditKeys.newSigningKeyPair();

    @Test
    void movedChainHeadIsReported() {
        db.asOwner("UPDATE audit_chain_head SET last_hash = repeat('f', 64)");

        ChainVerification result = verify();

        assertThat(result.ok()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo((long) EVENTS);
    }

    @Test
    void verificationSummaryNamesTheBrokenEvent() {
        tamper("DELETE FROM audit_event WHERE seq IN (2, 3)");

        ChainVerification result = verify();

        assertThat(result.checked()).isEqualTo(2);
        assertThat(result.summary())
                .isEqualTo("BROKEN at event #2: event #2 is missing (next stored event is #4) (2 events checked)");
    }
}
