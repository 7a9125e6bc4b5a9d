package io.bulkhead.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Starts an embedded PostgreSQL (zonky, PostgreSQL 18) when no external database is configured
 * ({@code BULKHEAD_DB_URL} empty). Data lives under {@code bulkhead.db.embedded-dir} (default
 * {@code ~/.bulkhead/postgres}) so a restart keeps it. It listens on 127.0.0.1 only and asks every connection,
 * local socket or TCP, for a password (SCRAM-SHA-256); the superuser's password is generated on first start and
 * kept in {@code superuser.password} (mode 0600) beside the data. Flyway migrates as the superuser; the application
 * connects as the restricted role {@code bulkhead_app}, which may only INSERT and SELECT audit rows.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
class EmbeddedDatabaseConfiguration {

    static final String APP_ROLE = "bulkhead_app";
    /** Beside the data directory, not in it (initdb needs an empty one); mode 0600. */
    static final String SUPERUSER_PASSWORD_FILE = "superuser.password";

    private static final String LOOPBACK = "127.0.0.1";
    private static final String PG_HBA = """
            # written by Bulkhead: password (SCRAM) authentication only, loopback only
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            local   replication   all                  scram-sha-256
            host    replication   all   127.0.0.1/32   scram-sha-256
            """;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(
            @Value("${bulkhead.db.embedded-dir}") String dir, @Value("${bulkhead.db.embedded-port:0}") int port)
            throws IOException, SQLException {
        Path base = Path.of(dir).toAbsolutePath();
        Path data = base.resolve("data");
        Path work = base.resolve("work");
        Files.createDirectories(work);
        boolean existing = Files.exists(data.resolve("PG_VERSION"));
        var running = RunningPostgres.on(data);
        if (running.isPresent()) {
            // never take a live server's lock away: PostgreSQL shuts down when its postmaster.pid disappears
            throw new IllegalStateException("The embedded PostgreSQL on " + data + " is already running (pid "
                    + running.get().pid() + ", port " + running.get().port() + "): another Bulkhead uses this data"
                    + " directory. Stop it first, or set BULKHEAD_DATA_DIR to another directory.");
        }
        Files.deleteIfExists(data.resolve("postmaster.pid")); // stale: left by a server that is gone
        Path passwordFile = base.resolve(SUPERUSER_PASSWORD_FILE);
        // a data directory from before passwords were used still trusts local connections: closed after start
        boolean legacyTrust = existing && !Files.exists(passwordFile);
        String superuserPassword = superuserPassword(passwordFile);
        var builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(work.toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                // initdb: password (SCRAM) authentication for local and host connections, superuser password
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", passwordFile.toString())
                .setConnectConfig("password", superuserPassword)
                .setServerConfig("listen_addresses", LOOPBACK)
                .setServerConfig("unix_socket_directories", work.toString())
                .setServerConfig("unix_socket_permissions", "0700")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "200");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        if (legacyTrust) {
            closeLegacyTrust(pg, data, superuserPassword);
        }
        log.info(
                "Embedded PostgreSQL {} on {}:{} with data in {} (password authentication; superuser password in {})",
                existing ? "reopened" : "created",
                LOOPBACK,
                pg.getPort(),
                data,
                passwordFile);
        return pg;
    }

    /**
     * The superuser's password from {@code file} (owner read/write only), generated there on first use. It is
     * also initdb's {@code --pwfile}, so the file holds the password alone.
     */
    static String superuserPassword(Path file) throws IOException {
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!stored.isEmpty()) {
                return stored;
            }
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    /** Gives the superuser its password and replaces the trust rules with SCRAM ones, then reloads. */
    private static void closeLegacyTrust(EmbeddedPostgres pg, Path data, String superuserPassword)
            throws IOException, SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("ALTER ROLE postgres PASSWORD '" + superuserPassword.replace("'", "''") + "'");
            Files.writeString(data.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.UTF_8);
            st.execute("SELECT pg_reload_conf()");
        }
        log.info("Embedded PostgreSQL: local trust authentication replaced by password authentication");
    }

    @Bean
    @FlywayDataSource
    DataSource flywayDataSource(EmbeddedPostgres pg, @Value("${bulkhead.db.embedded-app-password}") String appPassword)
            throws SQLException {
        DataSource owner = pg.getPostgresDatabase();
        ensureAppRole(owner, appPassword);
        return owner;
    }

    @Bean
    @Primary
    HikariDataSource dataSource(
            EmbeddedPostgres pg,
            @Value("${bulkhead.db.embedded-app-password}") String appPassword,
            @Value("${bulkhead.db.pool-size:10}") int poolSize) {
        HikariConfig config = new HikariConfig();
        // not pg.getJdbcUrl(..): its "?user=postgres" would override the username below and connect as superuser
        config.setJdbcUrl("jdbc:postgresql://" + LOOPBACK + ":" + pg.getPort() + "/postgres");
        config.setUsername(APP_ROLE);
        config.setPassword(appPassword);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("bulkhead");
        return new HikariDataSource(config);
    }

    private static void ensureAppRole(DataSource owner, String password) throws SQLException {
        try (Connection c = owner.getConnection()) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                ps.setString(1, APP_ROLE);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            try (Statement st = c.createStatement()) {
                String quoted = "'" + password.replace("'", "''") + "'";
                st.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + APP_ROLE + " LOGIN PASSWORD " + quoted);
            }
        }
    }
}
