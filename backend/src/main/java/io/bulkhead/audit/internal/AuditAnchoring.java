package io.bulkhead.audit.internal;

import io.bulkhead.audit.ChainVerification;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verification against the keys and checkpoints, and writing checkpoints: the chain head (sequence number, hash,
 * MAC) signed with Ed25519 and appended to the checkpoint file. A checkpoint is only written after the events
 * since the previous one have been verified, so a tampered chain is never anchored.
 */
@Component
public class AuditAnchoring {
    private static final Logger log = LoggerFactory.getLogger(AuditAnchoring.class);

    private final AuditStore store;
    private final AuditChainer chainer;
    private final AuditKeys keys;
    private final @Nullable CheckpointFile file;
    private final Clock clock;
    private final TransactionTemplate readOnly;

    AuditAnchoring(
            AuditStore store,
            AuditChainer chainer,
            AuditKeys keys,
            @Value("${bulkhead.audit.checkpoint-file:}") String checkpointFile,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.chainer = chainer;
        this.keys = keys;
        this.file = checkpointFile.isBlank() ? null : new CheckpointFile(Path.of(checkpointFile));
        this.clock = clock;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * Verifies the whole chain; runs in the caller's transaction. Committed events still staged are chained first
     * when this process holds the MAC key (the command line may not).
     */
    public ChainVerification verify() {
        if (keys.mac().isPresent()) {
            chainer.drainAll();
        }
        return store.verify(verifier(anchors()));
    }

    /** Whether checkpoints can be written here (a checkpoint file, the signing key and the MAC key). */
    public boolean canCheckpoint() {
        return file != null && keys.signingKey().isPresent() && keys.mac().isPresent();
    }

    /** What a checkpoint attempt did. */
    public record Outcome(
            @Nullable Checkpoint checkpoint,
            boolean written,
            @Nullable ChainVerification refusal) {}

    /**
     * Checkpoints the current head: verifies what was appended since the latest checkpoint and, when that is
     * intact and the head moved, appends a new signed checkpoint. Runs in a read-only transaction of its own, so
     * it sees committed events only.
     */
    public Outcome checkpoint() {
        CheckpointFile f = file;
        if (f == null) {
            throw new IllegalStateException("No audit checkpoint file is configured (BULKHEAD_AUDIT_CHECKPOINT_FILE)");
        }
        PrivateKey signing = keys.signingKey()
                .orElseThrow(() -> new IllegalStateException(
                        "No audit signing key (BULKHEAD_AUDIT_SIGNING_KEY_FILE): cannot write checkpoints"));
        AuditMac mac = keys.requireMac();
        chainer.drainAll(); // what is staged and committed belongs under this checkpoint
        Outcome[] outcome = new Outcome[1];
        f.appendIf(keys.publicKey().orElse(null), read -> {
            Checkpoint latest = read.latest();
            ChainVerifier.Extension ext = readOnly.execute(s -> store.extend(verifier(read), latest));
            if (ext == null || ext.refusal() != null) {
                ChainVerification refusal = ext == null ? null : ext.refusal();
                outcome[0] = new Outcome(latest, false, refusal);
                return null;
            }
            var last = ext.last();
            if (last == null || (latest != null && last.seq() == latest.seq())) {
                outcome[0] = new Outcome(latest, false, null);
                return null;
            }
            Checkpoint next = Checkpoint.sign(
                    last.seq(),
                    last.hash(),
                    last.mac(),
                    ext.unkeyedThrough(),
                    mac.keyId(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS),
                    signing);
            outcome[0] = new Outcome(next, true, null);
            return next;
        });
        Outcome o = outcome[0];
        if (o.refusal() != null) {
            log.error("Audit checkpoint refused: {}", o.refusal().summary());
        } else if (o.written() && o.checkpoint() != null) {
            log.info("Audit checkpoint written: event #{} to {}", o.checkpoint().seq(), f.path());
        }
        return o;
    }

    private CheckpointFile.Read anchors() {
        CheckpointFile f = file;
        return f == null
                ? new CheckpointFile.Read(java.util.List.of(), null)
                : f.read(keys.publicKey().orElse(null));
    }

    private ChainVerifier verifier(CheckpointFile.Read anchors) {
        return new ChainVerifier(keys.mac().orElse(null), keys.missingMacKey(), anchors);
    }
}
