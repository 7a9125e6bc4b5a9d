package io.bulkhead.platform;

import static io.bulkhead.db.jooq.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.audit.ChainVerification;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.testsupport.BackendTestApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;

/**
 * The portal pointed at an external PostgreSQL by configuration alone: a throw-away PostgreSQL 15 server (Debian's
 * binaries, as CI installs them) with a database owned by a migration role and a separate, restricted application
 * role. Flyway migrates as the owner; the portal connects as the application role, which may not change the
 * audit trail. Skipped when the binaries are missing.
 */
@EnabledIf(
        value = "io.bulkhead.platform.ExternalPostgresIT#postgres15Installed",
        disabledReason = "PostgreSQL 15 server binaries not found (apt-get install postgresql-15, or set "
                + "-Dbulkhead.test.pg15-bin)")
class ExternalPostgresIT {

    private static final Path BIN = Path.of(System.getProperty("bulkhead.test.pg15-bin", "/usr/lib/postgresql/15/bin"));
    private static final String OWNER = "portal_owner";
    private static final String APP = "portal_app";
    private static final String SUPERUSER_PASSWORD = UUID.randomUUID().toString();
    private static final String OWNER_PASSWORD = UUID.randomUUID().toString();
    private static final String APP_PASSWORD = UUID.randomUUID().toString();

    private static Path dir;
    private static int port;
    private static boolean started;
    private static ConfigurableApplicationContext ctx;

    static boolean postgres15Installed() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    @BeforeAll
    static void startServerAndPortal() throws Exception {
        dir = Path.of("target", "external-pg-" + ProcessHandle.current().pid()).toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Path pwfile = dir.resolve("superuser-password");
        Files.writeString(pwfile, SUPERUSER_PASSWORD + "\n", StandardCharsets.UTF_8);
        if (runningAsRoot()) {
            // PostgreSQL refuses to run as root: hand the directory to the postgres account and run as it
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(pwfile, postgres);
        }
        port = freePort();
        Path data = dir.resolve("data");
        run(
                BIN.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "--pwfile=" + pwfile,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8");
        run(
                BIN.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1",
                "-w",
                "-t",
                "60",
                "start");
        started = true;
        try (Connection c = connect("postgres", "postgres", SUPERUSER_PASSWORD);
                Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + OWNER_PASSWORD + "'");
            st.execute("CREATE ROLE " + APP + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
            st.execute("CREATE DATABASE bulkhead OWNER " + OWNER);
        }
        ctx = new SpringApplicationBuilder(BackendTestApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--bulkhead.db.url=" + url("bulkhead"),
                        "--spring.datasource.username=" + APP,
                        "--spring.datasource.password=" + APP_PASSWORD,
                        "--bulkhead.db.migration-user=" + OWNER,
                        "--bulkhead.db.migration-password=" + OWNER_PASSWORD,
                        // checkpoints of this server's chain only (a later run has a new server)
                        "--bulkhead.audit.checkpoint-file=" + dir.resolve("audit-checkpoints.jsonl"));
    }

    @AfterAll
    static void stopPortalAndServer() throws Exception {
        try {
            if (ctx != null) {
                ctx.close();
            }
        } finally {
            if (started) {
                run(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
            }
            if (dir != null) {
                deleteRecursively(dir);
            }
        }
    }

    @Test
    void usesTheExternalServerAndNoEmbeddedOne() {
        assertThat(ctx.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
        DSLContext db = ctx.getBean(DSLContext.class);
        assertThat(db.fetchValue("select current_setting('server_version_num')::int / 10000"))
                .isEqualTo(15);
        assertThat(db.fetchValue("select current_user")).isEqualTo(APP);
        assertThat(db.fetchValue("select rolsuper from pg_roles where rolname = current_user"))
                .isEqualTo(false);
    }

    @Test
    void migrationsRanAsTheOwnerRole() throws SQLException {
        try (Connection c = connect("bulkhead", OWNER, OWNER_PASSWORD);
                Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT version, installed_by, success FROM flyway_schema_history "
                    + "WHERE version IS NOT NULL ORDER BY installed_rank");
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getString(1));
                assertThat(rs.getString(2)).isEqualTo(OWNER);
                assertThat(rs.getBoolean(3)).isTrue();
            }
            assertThat(versions).startsWith("1", "2");
            rs = st.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(OWNER);
        }
    }

    @Test
    void auditAppendAndVerifyWork() {
        AuditTrail trail = ctx.getBean(AuditTrail.class);
        for (int i = 0; i < 20; i++) {
            trail.record(
                    CurrentUser.SYSTEM,
                    AuditEntry.of("test.external").target("probe", "p" + i).change(null, Map.of("i", i, "x", 1.0)));
        }

        ChainVerification result = ctx.getBean(AuditLog.class).verifyAsSystem();

        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.checked()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void applicationRoleCannotChangeTheAuditTrail() {
        AuditTrail trail = ctx.getBean(AuditTrail.class);
        trail.record(CurrentUser.SYSTEM, AuditEntry.of("test.external.grants"));
        DSLContext db = ctx.getBean(DSLContext.class);
        long seq = db.select(DSL.max(AUDIT_EVENT.SEQ))
                .from(AUDIT_EVENT)
                .where(AUDIT_EVENT.ACTION.eq("test.external.grants"))
                .fetchSingle()
                .value1();

        assertThatThrownBy(() -> db.update(AUDIT_EVENT)
                        .set(AUDIT_EVENT.ACTOR_NAME, "mallory")
                        .where(AUDIT_EVENT.SEQ.eq(seq))
                        .execute())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("permission denied for table audit_event");
        assertThatThrownBy(() -> db.deleteFrom(AUDIT_EVENT)
                        .where(AUDIT_EVENT.SEQ.eq(seq))
                        .execute())
                .rootCause()
                .hasMessageContaining("permission denied for table audit_event");
        assertThatThrownBy(() -> db.truncate(AUDIT_EVENT).execute())
                .rootCause()
                .hasMessageContaining("permission denied for table audit_event");
        assertThat(db.fetchValue(
                        DSL.select(AUDIT_EVENT.ACTOR_NAME).from(AUDIT_EVENT).where(AUDIT_EVENT.SEQ.eq(seq))))
                .isEqualTo(CurrentUser.SYSTEM.displayName());
    }

    private static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(url(database), user, password);
    }

    private static boolean runningAsRoot() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return uid.equals("0");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (runningAsRoot()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        Path log = Files.createTempFile(dir, "cmd", ".log");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("Timed out: " + String.join(" ", cmd) + "\n" + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    "Failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
