package io.bulkhead.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * {@code ~/.bulkhead/postgres}) so a restart keeps it. Flyway migrates as the superuser; the application
 * connects as the restricted role {@code bulkhead_app}, which may only INSERT and SELECT audit rows.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
class EmbeddedDatabaseConfiguration {

    static final String APP_ROLE = "bulkhead_app";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(
            @Value("${bulkhead.db.embedded-dir}") String dir, @Value("${bulkhead.db.embedded-port:0}") int port)
            throws IOException {
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
        var builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(work.toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("unix_socket_directories", work.toString())
                .setServerConfig("max_connections", "200");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        log.info(
                "Embedded PostgreSQL {} on port {} with data in {}",
                existing ? "reopened" : "created",
                pg.getPort(),
                data);
        return pg;
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
        config.setJdbcUrl("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
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
