package io.bulkhead.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checkpoints as append-only JSON lines in a file outside the database. Appends hold an exclusive lock on the file
 * (within this JVM and across processes), and each line is written with one write call and forced to disk, so a
 * crash leaves at most an incomplete line, which reading skips (as it skips any line that is not a checkpoint).
 */
public final class CheckpointFile {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path path;

    public CheckpointFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /**
     * What the file holds.
     *
     * @param checkpoints every checkpoint whose signature is valid, in file order
     * @param problem the first reason the file cannot be trusted, or null
     */
    public record Read(
            List<Checkpoint> checkpoints, @Nullable Problem problem) {
        public @Nullable Checkpoint latest() {
            Checkpoint best = null;
            for (Checkpoint c : checkpoints) {
                if (best == null || c.seq() >= best.seq()) {
                    best = c;
                }
            }
            return best;
        }
    }

    /**
     * @param seq the event the bad checkpoint claims to cover, when it could be read
     * @param unverifiable true when the file cannot be checked at all (no public key), rather than being wrong
     */
    public record Problem(@Nullable Long seq, String reason, boolean unverifiable) {}

    /** Reads and checks every line with the public key ({@code null}: none available). */
    public Read read(@Nullable PublicKey key) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Read(List.of(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit checkpoint file " + path, e);
        }
        String[] lines = text.split("\n", -1);
        // the segment after the last newline is empty, or a line whose write never completed
        int complete = lines.length - 1;
        List<Checkpoint> ok = new ArrayList<>();
        for (int i = 0; i < complete; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Checkpoint cp;
            try {
                cp = Checkpoint.fromJson(JSON.readValue(line, Map.class));
            } catch (RuntimeException e) {
                // a line cut short by a crash; a line garbled on purpose is no worse than a deleted one
                continue;
            }
            if (key == null) {
                return new Read(
                        List.of(),
                        new Problem(
                                null,
                                "the checkpoints in " + path
                                        + " cannot be checked: no public key (BULKHEAD_AUDIT_PUBLIC_KEY or the"
                                        + " signing key's .pub file)",
                                true));
            }
            if (!cp.signedBy(key)) {
                return new Read(
                        ok,
                        new Problem(
                                cp.seq(),
                                "the checkpoint of event #" + cp.seq() + " (line " + (i + 1) + " of " + path
                                        + ") has an invalid signature: the file was edited, or signed with another key",
                                false));
            }
            ok.add(cp);
        }
        return new Read(List.copyOf(ok), null);
    }

    /**
     * Under an exclusive lock: reads the file, lets {@code decide} look at it, and appends what it returns (nothing
     * when it returns null). Returns what was appended, or null.
     */
    public synchronized @Nullable Checkpoint appendIf(
            @Nullable PublicKey key, Function<Read, @Nullable Checkpoint> decide) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel ch = FileChannel.open(
                            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                    FileLock ignored = ch.lock()) {
                Checkpoint next = decide.apply(read(key));
                if (next == null) {
                    return null;
                }
                // a last line left incomplete by a crash must not swallow the new one
                String sep = ch.size() > 0 && !endsWithNewline() ? "\n" : "";
                byte[] line = (sep + JSON.writeValueAsString(next.toJson()) + "\n").getBytes(StandardCharsets.UTF_8);
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
                return next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the audit checkpoint file " + path, e);
        }
    }

    private boolean endsWithNewline() throws IOException {
        try (FileChannel r = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            r.read(last, r.size() - 1);
            return last.get(0) == '\n';
        }
    }
}
