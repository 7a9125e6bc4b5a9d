package io.bulkhead.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Result of verifying the audit chain: its hash links, the MAC of every keyed event, and the signed checkpoints
 * kept outside the database.
 *
 * @param status intact, broken (tampering or damage found), or not verified (the check could not be made, e.g. no
 *     audit key)
 * @param checked number of events examined
 * @param firstBrokenSeq sequence number of the first bad (changed, missing, forged, uncovered) event, or null
 * @param reason what is wrong, or why it could not be verified
 * @param unkeyed number of events from before the chain was keyed, checked by their hash links only
 * @param anchor the latest checkpoint the chain was checked against, or null when there is none
 */
public record ChainVerification(
        Status status,
        long checked,
        @Nullable Long firstBrokenSeq,
        @Nullable String reason,
        long unkeyed,
        @Nullable Anchor anchor) {

    public enum Status {
        INTACT,
        BROKEN,
        NOT_VERIFIED
    }

    /** A signed checkpoint: the chain reached event {@code seq} at {@code at}. */
    public record Anchor(long seq, Instant at) {}

    public static ChainVerification intact(long checked, long unkeyed, @Nullable Anchor anchor) {
        return new ChainVerification(Status.INTACT, checked, null, null, unkeyed, anchor);
    }

    public static ChainVerification broken(long checked, @Nullable Long seq, String reason) {
        return new ChainVerification(Status.BROKEN, checked, seq, reason, 0, null);
    }

    public static ChainVerification unverifiable(long checked, String reason) {
        return new ChainVerification(Status.NOT_VERIFIED, checked, null, reason, 0, null);
    }

    /** True only when the chain was verified and is intact. */
    public boolean ok() {
        return status == Status.INTACT;
    }

    public boolean broken() {
        return status == Status.BROKEN;
    }

    public String summary() {
        return switch (status) {
            case INTACT -> {
                StringBuilder s = new StringBuilder("OK: " + checked + " events, chain intact");
                if (unkeyed > 0) {
                    s.append("; events #1–#")
                            .append(unkeyed)
                            .append(" predate keying and are checked by their hash links only");
                }
                if (anchor != null) {
                    s.append("; matches the checkpoint of event #")
                            .append(anchor.seq())
                            .append(" (")
                            .append(anchor.at())
                            .append(")");
                } else {
                    s.append("; no checkpoint yet, so a cut tail could not be noticed");
                }
                yield s.toString();
            }
            case BROKEN ->
                (firstBrokenSeq == null ? "BROKEN: " : "BROKEN at event #" + firstBrokenSeq + ": ") + reason + " ("
                        + checked + " events checked)";
            case NOT_VERIFIED -> "NOT VERIFIED: " + reason;
        };
    }
}
