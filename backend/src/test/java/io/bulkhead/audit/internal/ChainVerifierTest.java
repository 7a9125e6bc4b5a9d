package io.bulkhead.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.ChainVerification;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The verifier over rows in memory: events from before keying, and what it needs to say "OK". */
class ChainVerifierTest {

    private static final AuditMac KEY = new AuditMac(new byte[32]);
    private static final KeyPair SIGNING = AuditKeys.newSigningKeyPair();
    private static final CheckpointFile.Read NONE = new CheckpointFile.Read(List.of(), null);

    /** {@code legacy} unkeyed events (written before V10), then {@code keyed} keyed ones. */
    private static List<AuditEvent> chain(int legacy, int keyed) {
        List<AuditEvent> out = new ArrayList<>();
        String prevHash = CanonicalEncoding.GENESIS;
        String prevMac = AuditMac.NONE;
        for (int i = 1; i <= legacy + keyed; i++) {
            AuditEvent e = event(i, prevHash, "", null);
            String encoding = CanonicalEncoding.encode(ChainVerifier.fields(e));
            String mac = i > legacy ? KEY.mac(encoding, prevMac) : null;
            e = event(i, prevHash, CanonicalEncoding.sha256(encoding), mac);
            out.add(e);
            prevHash = e.hash();
            prevMac = mac == null ? AuditMac.NONE : mac;
        }
        return out;
    }

    private static AuditEvent event(long seq, String prevHash, String hash, @Nullable String mac) {
        return new AuditEvent(
                seq,
                new UUID(0, seq),
                Instant.parse("2026-11-01T00:00:00Z").plusSeconds(seq),
                "u",
                "User",
                "namespace.requested",
                AuditOutcome.SUCCESS,
                "namespace",
                "ns-" + seq,
                "payments",
                null,
                null,
                null,
                "{\"n\":" + seq + "}",
                null,
                null,
                prevHash,
                hash,
                mac);
    }

    private static ChainVerification verify(AuditMac key, CheckpointFile.Read anchors, List<AuditEvent> rows) {
        AuditEvent last = rows.getLast();
        return new ChainVerifier(key, "", anchors)
                .verify(rows.iterator(), () -> new ChainVerifier.Head(last.seq(), last.hash()));
    }

    private static CheckpointFile.Read anchor(AuditEvent at, long unkeyedThrough, AuditMac key) {
        return new CheckpointFile.Read(
                List.of(Checkpoint.sign(
                        at.seq(),
                        at.hash(),
                        at.mac(),
                        unkeyedThrough,
                        key.keyId(),
                        Instant.now(),
                        SIGNING.getPrivate())),
                null);
    }

    @Test
    void eventsFromBeforeKeyingVerifyByHashAndAreCounted() {
        ChainVerification r = verify(KEY, NONE, chain(5, 7));

        assertThat(r.ok()).isTrue();
        assertThat(r.unkeyed()).isEqualTo(5);
        assertThat(r.summary()).contains("events #1–#5 predate keying").contains("no checkpoint yet");
    }

    @Test
    void anUnkeyedEventAfterKeyedOnesIsBroken() {
        List<AuditEvent> rows = chain(2, 6);
        AuditEvent e = rows.get(5);
        rows.set(5, event(e.seq(), e.prevHash(), e.hash(), null));

        ChainVerification r = verify(KEY, NONE, rows);

        assertThat(r.firstBrokenSeq()).isEqualTo(6L);
        assertThat(r.reason()).contains("has no MAC");
    }

    @Test
    void theCheckpointFixesHowManyEventsMayBeUnkeyed() {
        List<AuditEvent> rows = chain(2, 6);
        CheckpointFile.Read anchors = anchor(rows.getLast(), 2, KEY);
        assertThat(verify(KEY, anchors, rows).ok()).isTrue();
        // stripping every MAC makes the chain look like one from before keying: the checkpoint says otherwise
        List<AuditEvent> stripped = new ArrayList<>();
        for (AuditEvent e : rows) {
            stripped.add(event(e.seq(), e.prevHash(), e.hash(), null));
        }

        assertThat(verify(KEY, NONE, stripped).ok())
                .as("without a checkpoint, a downgrade looks whole")
                .isTrue();
        ChainVerification r = verify(KEY, anchors, stripped);
        assertThat(r.firstBrokenSeq()).isEqualTo(3L);
        assertThat(r.reason()).contains("every event after #2 is keyed");
    }

    @Test
    void withoutTheKeyTheResultIsNotVerifiedNeverOk() {
        List<AuditEvent> rows = chain(0, 4);
        AuditEvent last = rows.getLast();

        ChainVerification r = new ChainVerifier(null, "no audit key: set BULKHEAD_AUDIT_KEY", NONE)
                .verify(rows.iterator(), () -> new ChainVerifier.Head(last.seq(), last.hash()));

        assertThat(r.status()).isEqualTo(ChainVerification.Status.NOT_VERIFIED);
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).startsWith("NOT VERIFIED: no audit key").contains("hash links of 4 events");
    }

    @Test
    void anotherKeyThanTheCheckpointsNameIsNotVerifiedRatherThanBroken() {
        List<AuditEvent> rows = chain(0, 4);
        AuditMac other = new AuditMac(new byte[] {
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
        });

        ChainVerification r = verify(other, anchor(rows.getLast(), 0, KEY), rows);

        assertThat(r.status()).isEqualTo(ChainVerification.Status.NOT_VERIFIED);
        assertThat(r.reason()).contains(other.keyId()).contains(KEY.keyId());
        // with no checkpoint to name the key, the wrong key shows as the first event's MAC failing
        assertThat(verify(other, NONE, rows).firstBrokenSeq()).isEqualTo(1L);
    }

    @Test
    void extendRefusesToCheckpointAChainShorterThanTheLatestCheckpoint() {
        List<AuditEvent> rows = chain(0, 6);
        CheckpointFile.Read anchors = anchor(rows.getLast(), 0, KEY);
        ChainVerifier v = new ChainVerifier(KEY, "", anchors);

        ChainVerifier.Extension ok =
                v.extend(anchors.latest(), rows.subList(5, 6).iterator());
        assertThat(ok.refusal()).isNull();
        assertThat(ok.last()).isEqualTo(rows.getLast());

        ChainVerifier.Extension cut =
                v.extend(anchors.latest(), List.<AuditEvent>of().iterator());
        assertThat(cut.refusal()).isNotNull();
        assertThat(cut.refusal().firstBrokenSeq()).isEqualTo(6L);
    }
}
