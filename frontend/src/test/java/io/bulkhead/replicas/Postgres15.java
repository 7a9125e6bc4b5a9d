package io.bulkhead.replicas;

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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away server of Debian's PostgreSQL 15 (as an external database would be): a database owned by a
 * migration role and a separate application role with only the grants Flyway's afterMigrate gives it. Runs as
 * the {@code postgres} account when the test runs as root.
 */
final class Postgres15 implements AutoCloseable {
    static final Path BIN = Path.of(System.getProperty("bulkhead.test.pg15-bin", "/usr/lib/postgresql/15/bin"));
    static final String OWNER = "portal_owner";
    static final String APP = "portal_app";
    final String ownerPassword = UUID.randomUUID().toString();
    final String appPassword = UUID.randomUUID().toString();
    private final String superPassword = UUID.randomUUID().toString();
    final Path dir;
    final int port;

    static boolean installed() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    Postgres15(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        Path pwfile = dir.resolve("superuser-password");
        Files.writeString(pwfile, superPassword + "\n", StandardCharsets.UTF_8);
        if (root()) {
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(pwfile, postgres);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(
                BIN.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
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
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200",
                "-w",
                "-t",
                "60",
                "start");
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", superPassword);
                Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + ownerPassword + "'");
            st.execute("CREATE ROLE " + APP + " LOGIN PASSWORD '" + appPassword + "'");
            st.execute("CREATE DATABASE bulkhead OWNER " + OWNER);
        }
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection owner() throws SQLException {
        return DriverManager.getConnection(url("bulkhead"), OWNER, ownerPassword);
    }

    @Override
    public void close() throws Exception {
        run(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    }

    private static boolean root() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return uid.equals("0");
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (root()) {
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
}
