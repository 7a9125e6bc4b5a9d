package io.bulkhead.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL's LISTEN/NOTIFY for every replica: one dedicated connection (outside the pool) listens on the
 * channels of {@link #CHANNELS} and hands each notification to the subscribers in this JVM; the connection is
 * re-opened after a failure (1 s, then up to 10 s apart). Triggers send the notifications after the writing
 * transaction commits, so a user on replica B sees what replica A did. Payloads carry keys only: subscribers
 * re-read through the facades. A notification sent while the connection was down is not delivered; subscribers
 * also get the payload {@link #RECONNECTED} then, to re-read everything they show.
 */
@Component
public class DatabaseNotifications implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DatabaseNotifications.class);

    /** A managed namespace was requested or changed state (payload: id, cluster, team, state). */
    public static final String NAMESPACE = "bulkhead_namespace";
    /** A notification was created (payload: id, subject or role). */
    public static final String NOTIFICATION = "bulkhead_notification";
    /** Not a PostgreSQL channel: sent to every subscriber after the listening connection was re-opened. */
    public static final String RECONNECTED = "bulkhead_reconnected";

    static final List<String> CHANNELS = List.of(NAMESPACE, NOTIFICATION);

    private final DataSource dataSource;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile @Nullable Thread thread;
    private volatile @Nullable Connection connection;

    DatabaseNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Calls {@code listener} with the payload of every notification on {@code channel} (on the listening thread:
     * keep it short, e.g. {@code ui.access}); closing the returned handle unsubscribes.
     */
    public AutoCloseable subscribe(String channel, Consumer<String> listener) {
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> subscribers.getOrDefault(channel, List.of()).remove(listener);
    }

    /** True while the listening connection is open. */
    public boolean listening() {
        return connection != null;
    }

    @Override
    public void start() {
        running = true;
        Thread t = Thread.ofPlatform().name("db-notifications").daemon().start(this::loop);
        thread = t;
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        closeQuietly();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        Duration backoff = Duration.ofSeconds(1);
        boolean first = true;
        while (running) {
            try (Connection c = open()) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    for (String channel : CHANNELS) {
                        st.execute("LISTEN " + channel);
                    }
                }
                if (!first) {
                    log.info("Listening to database notifications again");
                    dispatch(RECONNECTED, RECONNECTED);
                }
                first = false;
                backoff = Duration.ofSeconds(1);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(5_000);
                    if (received == null || received.length == 0) {
                        // a cheap round trip finds a dead connection while nothing is sent
                        try (Statement st = c.createStatement()) {
                            st.execute("SELECT 1");
                        }
                        continue;
                    }
                    for (PGNotification n : received) {
                        dispatch(n.getName(), n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("Database notifications interrupted, re-connecting in {}: {}", backoff, e.toString());
                connection = null;
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                        ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            } finally {
                connection = null;
            }
        }
    }

    private Connection open() throws SQLException {
        // a connection of its own, not one taken from the pool for good
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource h = dataSource.unwrap(HikariDataSource.class);
            if (h.getJdbcUrl() != null) {
                return DriverManager.getConnection(h.getJdbcUrl(), h.getUsername(), h.getPassword());
            }
        }
        return dataSource.getConnection();
    }

    private void dispatch(String channel, String payload) {
        List<Consumer<String>> targets = RECONNECTED.equals(channel)
                ? subscribers.values().stream().flatMap(List::stream).toList()
                : subscribers.getOrDefault(channel, List.of());
        for (Consumer<String> s : targets) {
            try {
                s.accept(payload);
            } catch (RuntimeException e) {
                log.debug("A subscriber of {} failed: {}", channel, e.toString());
            }
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.debug("Closing the notification connection: {}", e.toString());
            }
        }
    }
}
