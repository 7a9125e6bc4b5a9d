package io.bulkhead.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The embedded database of the default run is closed: passwords for everyone, loopback only. */
class EmbeddedDatabaseAuthIT {

    private final EmbeddedDatabaseConfiguration config = new EmbeddedDatabaseConfiguration();

    @Test
    void superuserNeedsTheGeneratedPasswordKeptOwnerOnlyAndTheServerListensOnLoopbackOnly() throws Exception {
        Path base = Files.createDirectories(
                Path.of("target", "epg-auth-" + ProcessHandle.current().pid()));
        try (EmbeddedPostgres pg = config.embeddedPostgres(base.toString(), 0)) {
            Path file = base.resolve(EmbeddedDatabaseConfiguration.SUPERUSER_PASSWORD_FILE);
            String password = Files.readString(file).strip();

            assertThat(password).hasSizeGreaterThanOrEqualTo(32);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThatThrownBy(() -> connect(pg, "postgres", null))
                    .as("superuser without password")
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(pg, "postgres", "wrong"))
                    .as("superuser with a wrong password")
                    .isInstanceOf(SQLException.class);
            try (Connection c = connect(pg, "postgres", password);
                    Statement st = c.createStatement()) {
                assertThat(value(st, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
                assertThat(value(st, "SHOW password_encryption")).isEqualTo("scram-sha-256");
                assertThat(value(st, "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256'"))
                        .as("pg_hba rules other than scram-sha-256")
                        .isEqualTo("0");
            }
            // the application role keeps its own password
            config.flywayDataSource(pg, "app-secret");
            try (Connection c = connect(pg, EmbeddedDatabaseConfiguration.APP_ROLE, "app-secret")) {
                assertThat(c.isValid(2)).isTrue();
            }
            assertThatThrownBy(() -> connect(pg, EmbeddedDatabaseConfiguration.APP_ROLE, null))
                    .isInstanceOf(SQLException.class);
        }
        // a restart reuses the data and the password
        String before = Files.readString(base.resolve(EmbeddedDatabaseConfiguration.SUPERUSER_PASSWORD_FILE));
        try (EmbeddedPostgres pg = config.embeddedPostgres(base.toString(), 0);
                Connection c = connect(pg, "postgres", before.strip())) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThat(Files.readString(base.resolve(EmbeddedDatabaseConfiguration.SUPERUSER_PASSWORD_FILE)))
                .isEqualTo(before);
        deleteRecursively(base);
    }

    @Test
    void aDataDirectoryThatTrustedLocalConnectionsIsClosedOnTheNextStart() throws Exception {
        Path base = Files.createDirectories(Path.of(
                        "target", "epg-legacy-" + ProcessHandle.current().pid()))
                .toAbsolutePath();
        // what earlier versions created: zonky's defaults (trust) in the same layout
        Files.createDirectories(base.resolve("work"));
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(base.resolve("work").toFile())
                .setDataDirectory(base.resolve("data"))
                .setCleanDataDirectory(false)
                .setPGStartupWait(java.time.Duration.ofSeconds(120))
                .setServerConfig("unix_socket_directories", base.resolve("work").toString())
                .start()) {
            try (Connection c = connect(legacy, "postgres", null)) {
                assertThat(c.isValid(2)).as("the legacy directory trusts").isTrue();
            }
        }

        try (EmbeddedPostgres pg = config.embeddedPostgres(base.toString(), 0)) {
            String password = Files.readString(base.resolve(EmbeddedDatabaseConfiguration.SUPERUSER_PASSWORD_FILE))
                    .strip();
            assertThatThrownBy(() -> connect(pg, "postgres", null)).isInstanceOf(SQLException.class);
            try (Connection c = connect(pg, "postgres", password)) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
        deleteRecursively(base);
    }

    private static Connection connect(EmbeddedPostgres pg, String user, String password) throws SQLException {
        var props = new java.util.Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", props);
    }

    private static String value(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
