package io.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line entry {@code audit-verify} starts without a web server, verifies the chain and says so. */
class AuditVerifyCommandIT {

    @Test
    void auditVerifyCommandReportsAnIntactChainAndExitsZero() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cli-audit-" + System.nanoTime()));
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = BulkheadApplication.verifyAudit(new String[] {
                "audit-verify",
                "--bulkhead.db.embedded-dir=" + dir.toAbsolutePath().resolve("postgres"),
                "--bulkhead.credentials.key-file=" + dir.toAbsolutePath().resolve("credentials.key")
            });
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Audit chain: OK:")
                .contains("chain intact");
    }
}
