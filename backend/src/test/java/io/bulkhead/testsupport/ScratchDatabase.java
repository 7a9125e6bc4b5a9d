package io.bulkhead.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of its own on the shared embedded server, for tests that damage data on purpose (the shared
 * database of the test context must stay intact). Migrated by Flyway as the superuser, with the same grants to
 * the application role as the real one; {@link #copy} clones it cheaply ({@code CREATE DATABASE ... TEMPLATE}).
 * Closing drops it.
 */
public final class ScratchDatabase implements AutoCloseable {

    public static final String APP_ROLE = "bulkhead_app";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final EmbeddedPostgres pg;
    private final String name;
    private final String appPassword;

    private ScratchDatabase(EmbeddedPostgres pg, String name, String appPassword) {
        this.pg = pg;
        this.name = name;
        this.appPassword = appPassword;
    }

    /**
     * Creates and migrates a new database. The application role ({@value #APP_ROLE}) must exist, as it does once
     * the test context has started.
     */
    public static ScratchDatabase migrated(EmbeddedPostgres pg, String prefix, String appPassword) {
        ScratchDatabase db = create(pg, prefix, appPassword, null);
        Flyway.configure()
                .dataSource(db.owner())
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", APP_ROLE))
                .load()
                .migrate();
        return db;
    }

    /** A new database with the content of this one (which must have no open connections). */
    public ScratchDatabase copy(String prefix) {
        return create(pg, prefix, appPassword, name);
    }

    private static ScratchDatabase create(
            EmbeddedPostgres pg,
            String prefix,
            String appPassword,
            @org.jspecify.annotations.Nullable String template) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        superuser(pg, "CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
        return new ScratchDatabase(pg, name, appPassword);
    }

    public String name() {
        return name;
    }

    /** The superuser, owner of the schema (can disable triggers). */
    public DataSource owner() {
        return pg.getDatabase("postgres", name);
    }

    /** The restricted application role, as the portal connects. */
    public DataSource app() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.getJdbcUrl(APP_ROLE, name));
        ds.setUser(APP_ROLE);
        ds.setPassword(appPassword);
        return ds;
    }

    /** Runs statements as the owner in one transaction. */
    public void asOwner(String... sql) {
        try (Connection c = owner().getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String s : sql) {
                    st.execute(s);
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        superuser(pg, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void superuser(EmbeddedPostgres pg, String sql) {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
