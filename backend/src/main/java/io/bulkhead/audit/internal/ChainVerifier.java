package io.bulkhead.audit.internal;

import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.ChainVerification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Checks a stream of stored events, in sequence order, against the hash links, the MACs and the signed checkpoints.
 * The same code checks the database ({@link AuditStore#verify}) and, in tests, copies of it in memory. Rules:
 * <ul>
 *   <li>sequence numbers run 1, 2, 3… without gaps; each event names the previous event's hash and its own hash
 *       matches its canonical encoding;
 *   <li>each event carries an HMAC over its encoding and the previous MAC. Only a prefix of events written before
 *       the chain was keyed may lack one (at most as many as the checkpoints say); they are checked by hash only;
 *   <li>an event that a checkpoint covers has the checkpoint's hash and MAC, and the chain reaches at least the
 *       latest checkpoint (a cut tail is found even when the database's chain head was moved back with it);
 *   <li>the chain head in the database points at the last event.
 * </ul>
 * The first event that breaks a rule is named.
 */
public final class ChainVerifier {

    private final @Nullable AuditMac mac;
    private final String missingKey;
    private final CheckpointFile.Read anchors;
    private final Map<Long, List<Checkpoint>> bySeq = new HashMap<>();
    private final long unkeyedLimit;

    /**
     * @param mac the MAC key, or null when none is configured (then the result is at best "not verified")
     * @param missingKey why there is no key (shown when {@code mac} is null)
     */
    public ChainVerifier(@Nullable AuditMac mac, String missingKey, CheckpointFile.Read anchors) {
        this.mac = mac;
        this.missingKey = missingKey.isBlank() ? "no audit key is configured" : missingKey;
        this.anchors = anchors;
        long limit = Long.MAX_VALUE;
        for (Checkpoint c : anchors.checkpoints()) {
            bySeq.computeIfAbsent(c.seq(), k -> new ArrayList<>()).add(c);
            limit = Math.min(limit, c.unkeyedThrough());
        }
        this.unkeyedLimit = limit;
    }

    /** The chain head as stored in the database. */
    public record Head(long seq, String hash) {}

    /** The fields an event's hash and MAC cover, in their fixed order. */
    static List<@Nullable Object> fields(AuditEvent e) {
        return Arrays.asList(
                e.seq(),
                e.id(),
                e.occurredAt(),
                e.actorSubject(),
                e.actorName(),
                e.action(),
                e.outcome().name(),
                e.targetType(),
                e.targetId(),
                e.team(),
                e.cluster(),
                e.namespace(),
                e.before(),
                e.after(),
                e.sourceIp(),
                e.userAgent(),
                e.prevHash());
    }

    /** Verifies the whole chain: {@code events} from the first, in sequence order. */
    public ChainVerification verify(Iterator<AuditEvent> events, Supplier<Head> head) {
        ChainVerification early = checkAnchors();
        if (early != null) {
            return early;
        }
        Walk w = new Walk(null);
        while (events.hasNext()) {
            if (!w.accept(events.next())) {
                return Objects.requireNonNull(w.broken);
            }
        }
        long last = w.expected - 1;
        Checkpoint latest = anchors.latest();
        if (latest != null && latest.seq() > last) {
            return ChainVerification.broken(
                    w.checked,
                    last + 1,
                    "event #" + (last + 1) + " is missing: the checkpoint of " + latest.at() + " covers the chain"
                            + " through event #" + latest.seq() + ", but it ends at #" + last);
        }
        Head h = head.get();
        if (h.seq() > last) {
            return ChainVerification.broken(
                    w.checked,
                    last + 1,
                    "event #" + (last + 1) + " is missing: the chain head points at event #" + h.seq()
                            + " but the last stored event is #" + last);
        }
        if (h.seq() < last) {
            return ChainVerification.broken(
                    w.checked,
                    h.seq() + 1,
                    "event #" + (h.seq() + 1) + " is not covered by the chain head, which points at event #" + h.seq()
                            + " (the last stored event is #" + last + ")");
        }
        if (!h.hash().equals(w.prevHash)) {
            return ChainVerification.broken(w.checked, last, "the chain head's hash does not match event #" + last);
        }
        if (mac == null) {
            return ChainVerification.unverifiable(
                    w.checked, missingKey + "; the hash links of " + w.checked + " events are intact");
        }
        return ChainVerification.intact(
                w.checked, w.unkeyed, latest == null ? null : new ChainVerification.Anchor(latest.seq(), latest.at()));
    }

    /**
     * Checks what was appended since {@code from} (the latest checkpoint, or null for the whole chain): {@code
     * events} starts at {@code from}'s event (or at the first). The result is the new head to checkpoint, or the
     * reason not to.
     */
    public Extension extend(@Nullable Checkpoint from, Iterator<AuditEvent> events) {
        ChainVerification early = checkAnchors();
        if (early != null) {
            return new Extension(null, 0, early);
        }
        if (mac == null) {
            return new Extension(null, 0, ChainVerification.unverifiable(0, missingKey));
        }
        Walk w = new Walk(from);
        AuditEvent last = null;
        while (events.hasNext()) {
            AuditEvent e = events.next();
            if (!w.accept(e)) {
                return new Extension(null, 0, w.broken);
            }
            last = e;
        }
        if (from != null && (last == null || last.seq() < from.seq())) {
            long end = last == null ? from.seq() - 1 : last.seq();
            return new Extension(
                    null,
                    0,
                    ChainVerification.broken(
                            w.checked,
                            end + 1,
                            "event #" + (end + 1) + " is missing: the checkpoint of " + from.at()
                                    + " covers the chain through event #" + from.seq()));
        }
        return new Extension(last, from == null ? w.unkeyed : from.unkeyedThrough(), null);
    }

    /**
     * @param last the last event, to be checkpointed (null: empty chain or refused)
     * @param unkeyedThrough the last event without a MAC
     * @param refusal why the chain must not be checkpointed
     */
    public record Extension(
            @Nullable AuditEvent last,
            long unkeyedThrough,
            @Nullable ChainVerification refusal) {}

    private @Nullable ChainVerification checkAnchors() {
        CheckpointFile.Problem p = anchors.problem();
        if (p != null) {
            return p.unverifiable()
                    ? ChainVerification.unverifiable(0, p.reason())
                    : ChainVerification.broken(0, p.seq(), p.reason());
        }
        Checkpoint latest = anchors.latest();
        if (mac != null && latest != null && !latest.keyId().equals(mac.keyId())) {
            return ChainVerification.unverifiable(
                    0,
                    "the configured audit key (id " + mac.keyId() + ") is not the key the chain was checkpointed"
                            + " with (id " + latest.keyId() + "): set BULKHEAD_AUDIT_KEY or BULKHEAD_AUDIT_KEY_FILE"
                            + " to the portal's key");
        }
        return null;
    }

    /** The state of one pass over the events. */
    private final class Walk {
        long expected;
        String prevHash = CanonicalEncoding.GENESIS;
        String prevMac = AuditMac.NONE;
        boolean keyedSeen;
        long checked;
        long unkeyed;

        @Nullable
        Checkpoint resumeAt;

        @Nullable
        ChainVerification broken;

        Walk(@Nullable Checkpoint from) {
            this.resumeAt = from;
            this.expected = from == null ? 1 : from.seq();
        }

        boolean accept(AuditEvent e) {
            checked++;
            long s = e.seq();
            if (s < expected) {
                return fail(s, "event #" + s + " is not part of the chain (its sequence numbers start at #1)");
            }
            if (s > expected) {
                return fail(expected, "event #" + expected + " is missing (next stored event is #" + s + ")");
            }
            Checkpoint resume = resumeAt;
            if (resume != null) {
                // the event a checkpoint covers: trusted as far as it matches the signed checkpoint
                resumeAt = null;
                if (!resume.hash().equals(e.hash()) || !Objects.equals(resume.mac(), e.mac())) {
                    return fail(s, "event #" + s + " does not match the checkpoint of " + resume.at());
                }
                advance(e);
                return true;
            }
            if (!e.prevHash().equals(prevHash)) {
                return fail(
                        s,
                        s == 1
                                ? "previous-hash link does not match the start of the chain"
                                : "previous-hash link does not match the hash of event #" + (s - 1));
            }
            String encoding = CanonicalEncoding.encode(fields(e));
            if (!CanonicalEncoding.sha256(encoding).equals(e.hash())) {
                return fail(s, "content does not match its hash");
            }
            String m = e.mac();
            if (m == null) {
                if (keyedSeen) {
                    return fail(s, "event #" + s + " has no MAC, although the events before it are keyed");
                }
                if (s > unkeyedLimit) {
                    return fail(
                            s,
                            "event #" + s + " has no MAC, but the checkpoints say every event after #" + unkeyedLimit
                                    + " is keyed");
                }
                unkeyed++;
            } else {
                keyedSeen = true;
                AuditMac key = mac;
                if (key != null && !sameText(m, key.mac(encoding, prevMac))) {
                    return fail(s, "MAC does not match: the event was changed, or written without the audit key");
                }
            }
            for (Checkpoint c : bySeq.getOrDefault(s, List.of())) {
                if (!c.hash().equals(e.hash()) || !Objects.equals(c.mac(), m)) {
                    return fail(s, "event #" + s + " does not match the checkpoint of " + c.at());
                }
            }
            advance(e);
            return true;
        }

        private void advance(AuditEvent e) {
            prevHash = e.hash();
            prevMac = e.mac() == null ? AuditMac.NONE : e.mac();
            keyedSeen |= e.mac() != null;
            expected++;
        }

        private boolean fail(long seq, String reason) {
            broken = ChainVerification.broken(checked, seq, reason);
            return false;
        }
    }

    /** Constant-time comparison of two hex texts. */
    private static boolean sameText(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
