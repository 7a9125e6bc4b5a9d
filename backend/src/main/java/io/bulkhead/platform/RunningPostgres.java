package io.bulkhead.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL server that is running on a data directory, as its {@code postmaster.pid} lock file says (line 1
 * the process id, line 4 the port). The lock counts as live while that process exists and, when the process's
 * command is visible, is a postgres.
 */
public record RunningPostgres(long pid, int port, Path dataDirectory) {

    /** The application role the embedded database's portal connects as. */
    public static final String EMBEDDED_APP_ROLE = EmbeddedDatabaseConfiguration.APP_ROLE;

    /** The live server on this data directory, if any. A stale lock file (its process gone) gives empty. */
    public static Optional<RunningPostgres> on(Path dataDirectory) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + dataDirectory.resolve("postmaster.pid"), e);
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean live = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true))
                .orElse(false);
        if (!live) {
            return Optional.empty();
        }
        int port = 0;
        if (lines.size() >= 4) {
            try {
                port = Integer.parseInt(lines.get(3).strip());
            } catch (NumberFormatException ignored) {
                // still starting: the port line is written once the server listens
            }
        }
        return Optional.of(new RunningPostgres(pid, port, dataDirectory));
    }
}
