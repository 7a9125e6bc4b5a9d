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
 * chain of {@value #EVENTS} events, so the shared test database is never damaged.
 */
@BackendIntegrationTest
class AuditTamperingIT {

    static final int EVENTS = 12;
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
                    app.transaction(cfg -> new AuditStore(cfg.dsl())
                            .append(
                                    "user-" + (n % 3),
                                    "User " + (n % 3),
                                    entry(n),
                                    "10.0.0." + n,
                                    "curl/8",
                                    t0.plus(n, ChronoUnit.MINUTES)));
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
        DSLContext app = DSL.using(db.app(), SQLDialect.POSTGRES);
        return app.transactionResult(cfg -> new AuditStore(cfg.dsl()).verify());
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
        assertThat(verify()).isEqualTo(ChainVerification.intact(EVENTS));
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
                "");
        tamper("UPDATE audit_event SET actor_name = 'mallory', hash = '" + AuditStore.hashOf(forged)
                + "' WHERE seq = 5");

        ChainVerification result = verify();

        assertThat(result.firstBrokenSeq()).isEqualTo(6L);
        assertThat(result.reason()).contains("previous-hash link");
    }

    @Test
    void onlyTheFirstOfSeveralChangesIsReported() {
        tamper(
                "UPDATE audit_event SET team = 'other' WHERE seq = 9",
                "UPDATE audit_event SET target_id = 'other' WHERE seq = 4");

        assertThat(verify().firstBrokenSeq()).isEqualTo(4L);
    }

    @Test
    void eventAppendedBehindTheChainHeadIsReported() {
        // the application role may INSERT: a row written past the head (not through the store) is not part of the chain
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
        app.executeInsert(extra);

        ChainVerification result = verify();

        assertThat(result.ok()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo((long) EVENTS + 1);
    }

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
