package io.bulkhead.exceptions;

import java.time.Instant;
import java.util.UUID;

/** One reviewer's decision on an exception. */
public record ExceptionDecision(
        UUID exceptionId, String reviewer, String reviewerName, Kind decision, String comment, Instant decidedAt) {

    public enum Kind {
        APPROVE,
        REJECT,
        REVOKE
    }
}
