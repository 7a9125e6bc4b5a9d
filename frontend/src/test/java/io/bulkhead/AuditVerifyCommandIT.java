package io.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line entry {@code audit-verify}: starts without a web server, verifies the chain, says so and exits
 * 0 (intact), 1 (broken) or 2 (could not verify). Beside a running embedded PostgreSQL (as a running portal has)
 * it connects to that server and leaves it running.
 */
class AuditVerifyCommandIT {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    record Run(int exit, String out, String err) {}

    private static Run verify(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "audit-verify",
                "--bulkhead.db.embedded-dir=" + dir.resolve("postgres"),
                "--bulkhead.credentials.key-file=" + dir.resolve("credentials.key"),
                "--bulkhead.audit.signing-key-file=" + dir.resolve("audit-signing.key"),
                "--bulkhead.audit.checkpoint-file=" + dir.resolve("audit-checkpoints.jsonl")));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditVerifyCommand.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exitsZeroWhenIntactOneWhenBrokenTwoWhenItCannotVerifyAndLeavesARunningDatabaseAlone() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cli-audit-" + System.nanoTime()))
                .toAbsolutePath();

        // nothing runs on the data directory: the command starts the embedded database itself
        Run fresh = verify(dir, "--bulkhead.audit.key=" + KEY);
        assertThat(fresh.exit()).as(fresh.err()).isZero();
        assertThat(fresh.out()).contains("Audit chain: OK:").contains("chain intact");

        Path data = dir.resolve("postgres/data");
        Path work = dir.resolve("postgres/work");
        try (EmbeddedPostgres portal = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(work.toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("unix_socket_directories", work.toString())
                .setServerConfig("listen_addresses", "127.0.0.1")
                // the embedded database asks every connection for a password (the generated superuser's)
                .setConnectConfig(
                        "password",
                        Files.readString(dir.resolve("postgres/superuser.password"))
                                .strip())
                .start()) {
            Path pid = data.resolve("postmaster.pid");
            String lock = Files.readString(pid);

            Run beside = verify(dir, "--bulkhead.audit.key=" + KEY);
            assertThat(beside.exit()).as(beside.err()).isZero();
            assertThat(beside.err()).contains("using the running embedded PostgreSQL");

            // without the audit key an intact-looking chain is "not verified", never "OK"
            Run noKey = verify(dir, "--bulkhead.audit.key=", "--bulkhead.audit.key-file=" + dir.resolve("missing.key"));
            assertThat(noKey.exit()).as(noKey.out() + noKey.err()).isEqualTo(2);
            assertThat(noKey.err()).contains("NOT VERIFIED").contains("missing.key");
            assertThat(dir.resolve("missing.key")).doesNotExist();

            try (Connection c = portal.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("INSERT INTO audit_event (seq, id, occurred_at, actor_subject, actor_name, action, "
                        + "prev_hash, hash, mac) VALUES (1, gen_random_uuid(), now(), 'mallory', 'Mallory', "
                        + "'namespace.deleted', repeat('0', 64), repeat('a', 64), repeat('b', 64))");
                st.execute("UPDATE audit_chain_head SET last_seq = 1, last_hash = repeat('a', 64)");
            }
            Run broken = verify(dir, "--bulkhead.audit.key=" + KEY);
            assertThat(broken.exit()).as(broken.out() + broken.err()).isEqualTo(1);
            assertThat(broken.err()).contains("BROKEN at event #1");

            // the running server kept its lock file and still answers
            assertThat(pid).exists();
            assertThat(Files.readString(pid)).isEqualTo(lock);
            try (Connection c = portal.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement()) {
                var rs = st.executeQuery("SELECT count(*) FROM audit_event");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }

        Run unreachable = verify(
                dir,
                "--bulkhead.audit.key=" + KEY,
                "--bulkhead.db.url=jdbc:postgresql://127.0.0.1:1/none",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none");
        assertThat(unreachable.exit()).as(unreachable.out()).isEqualTo(2);
        assertThat(unreachable.err()).contains("could not verify");
    }
}
