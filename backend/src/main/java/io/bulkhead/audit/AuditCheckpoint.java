package io.bulkhead.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The latest signed checkpoint of the audit chain after a checkpoint request.
 *
 * @param seq the event the checkpoint covers the chain through (0: the chain is empty, nothing to checkpoint)
 * @param at when the checkpoint was made
 * @param written whether this request wrote it (false: the head had not moved since the latest one)
 */
public record AuditCheckpoint(long seq, @Nullable Instant at, boolean written) {}
