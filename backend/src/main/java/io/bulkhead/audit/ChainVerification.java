package io.bulkhead.audit;

import org.jspecify.annotations.Nullable;

/**
 * Result of verifying the hash chain.
 *
 * @param checked number of events examined
 * @param firstBrokenSeq sequence number of the first event whose link is broken, or null when the chain is intact
 * @param reason what is wrong with that link
 */
public record ChainVerification(
        boolean ok,
        long checked,
        @Nullable Long firstBrokenSeq,
        @Nullable String reason) {

    public static ChainVerification intact(long checked) {
        return new ChainVerification(true, checked, null, null);
    }

    public static ChainVerification broken(long checked, long seq, String reason) {
        return new ChainVerification(false, checked, seq, reason);
    }

    public String summary() {
        return ok
                ? "OK: " + checked + " events, chain intact"
                : "BROKEN at event #" + firstBrokenSeq + ": " + reason + " (" + checked + " events checked)";
    }
}
