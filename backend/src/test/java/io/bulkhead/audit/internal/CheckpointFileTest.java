package io.bulkhead.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    private static final KeyPair KEYS = AuditKeys.newSigningKeyPair();
    private static final Instant AT = Instant.parse("2026-12-02T03:00:00.123Z");

    @TempDir
    Path dir;

    private static Checkpoint cp(long seq) {
        return Checkpoint.sign(seq, "a".repeat(64), "b".repeat(64), 0, "0123456789abcdef", AT, KEYS.getPrivate());
    }

    @Test
    void signatureIsEd25519OverTheDocumentedText() throws Exception {
        Checkpoint c = cp(7);
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(KEYS.getPublic());
        s.update(("bulkhead-audit-checkpoint-v1\n7\n" + "a".repeat(64) + "\n" + "b".repeat(64)
                        + "\n0\n0123456789abcdef\n2026-12-02T03:00:00.123Z")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(s.verify(Base64.getDecoder().decode(c.signature()))).isTrue();
        assertThat(c.signedBy(KEYS.getPublic())).isTrue();
    }

    @Test
    void anyChangedFieldOrAnotherKeyBreaksTheSignature() {
        Checkpoint c = cp(7);

        assertThat(new Checkpoint(8, c.hash(), c.mac(), 0, c.keyId(), AT, c.signature()).signedBy(KEYS.getPublic()))
                .isFalse();
        assertThat(new Checkpoint(7, "c".repeat(64), c.mac(), 0, c.keyId(), AT, c.signature())
                        .signedBy(KEYS.getPublic()))
                .isFalse();
        assertThat(new Checkpoint(7, c.hash(), null, 0, c.keyId(), AT, c.signature()).signedBy(KEYS.getPublic()))
                .isFalse();
        assertThat(new Checkpoint(7, c.hash(), c.mac(), 3, c.keyId(), AT, c.signature()).signedBy(KEYS.getPublic()))
                .isFalse();
        assertThat(new Checkpoint(7, c.hash(), c.mac(), 0, c.keyId(), AT.plusMillis(1), c.signature())
                        .signedBy(KEYS.getPublic()))
                .isFalse();
        assertThat(new Checkpoint(7, c.hash(), c.mac(), 0, c.keyId(), AT, "not base64!").signedBy(KEYS.getPublic()))
                .isFalse();
        assertThat(c.signedBy(AuditKeys.newSigningKeyPair().getPublic())).isFalse();
    }

    @Test
    void appendsJsonLinesAndReadsThemBack() throws Exception {
        CheckpointFile f = new CheckpointFile(dir.resolve("sub/cp.jsonl"));
        assertThat(f.read(KEYS.getPublic()).checkpoints()).isEmpty();

        f.appendIf(KEYS.getPublic(), r -> cp(3));
        f.appendIf(KEYS.getPublic(), r -> cp(9));
        f.appendIf(KEYS.getPublic(), r -> null);

        var lines = Files.readAllLines(f.path());
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).startsWith("{\"v\":1,\"seq\":3,");
        CheckpointFile.Read read = f.read(KEYS.getPublic());
        assertThat(read.problem()).isNull();
        assertThat(read.checkpoints()).containsExactly(cp(3), cp(9));
        assertThat(read.latest()).isEqualTo(cp(9));
    }

    @Test
    void decideSeesWhatIsAlreadyThere() {
        CheckpointFile f = new CheckpointFile(dir.resolve("cp.jsonl"));
        f.appendIf(KEYS.getPublic(), r -> cp(3));

        long[] seen = new long[1];
        f.appendIf(KEYS.getPublic(), r -> {
            seen[0] = r.latest().seq();
            return null;
        });

        assertThat(seen[0]).isEqualTo(3);
    }

    @Test
    void aLineCutShortByACrashIsSkippedAndTheNextAppendStartsOnANewLine() throws Exception {
        CheckpointFile f = new CheckpointFile(dir.resolve("cp.jsonl"));
        f.appendIf(KEYS.getPublic(), r -> cp(3));
        Files.writeString(f.path(), "{\"v\":1,\"seq\":4,\"ha", StandardOpenOption.APPEND);

        assertThat(f.read(KEYS.getPublic()).checkpoints()).containsExactly(cp(3));
        f.appendIf(KEYS.getPublic(), r -> cp(5));

        CheckpointFile.Read read = f.read(KEYS.getPublic());
        assertThat(read.problem()).isNull();
        assertThat(read.checkpoints()).containsExactly(cp(3), cp(5));
    }

    @Test
    void anEditedCheckpointIsAProblemNamingItsEvent() throws Exception {
        CheckpointFile f = new CheckpointFile(dir.resolve("cp.jsonl"));
        f.appendIf(KEYS.getPublic(), r -> cp(3));
        f.appendIf(KEYS.getPublic(), r -> cp(9));
        Files.writeString(f.path(), Files.readString(f.path()).replace("\"seq\":9", "\"seq\":5"));

        CheckpointFile.Read read = f.read(KEYS.getPublic());

        assertThat(read.problem()).isNotNull();
        assertThat(read.problem().seq()).isEqualTo(5L);
        assertThat(read.problem().unverifiable()).isFalse();
        assertThat(read.problem().reason()).contains("line 2").contains("invalid signature");
    }

    @Test
    void withoutAPublicKeyCheckpointsCannotBeChecked() {
        CheckpointFile f = new CheckpointFile(dir.resolve("cp.jsonl"));
        f.appendIf(KEYS.getPublic(), r -> cp(3));

        CheckpointFile.Read read = f.read(null);

        assertThat(read.checkpoints()).isEmpty();
        assertThat(read.problem().unverifiable()).isTrue();
        assertThat(read.problem().reason()).contains("BULKHEAD_AUDIT_PUBLIC_KEY");
    }
}
