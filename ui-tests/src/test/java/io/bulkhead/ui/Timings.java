package io.bulkhead.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects how long the app took to start and how long OIDC logins took; printed at the end of the run. */
final class Timings implements AutoCloseable {
    private final BulkheadApp app;
    private final List<Duration> logins = new ArrayList<>();

    Timings(BulkheadApp app) {
        this.app = app;
    }

    synchronized void login(Duration d) {
        logins.add(d);
    }

    @Override
    public synchronized void close() {
        if (logins.isEmpty()) {
            return;
        }
        long[] ms = logins.stream().mapToLong(Duration::toMillis).sorted().toArray();
        System.out.printf(
                "[ui-tests] app start %.1f s; %d OIDC logins: min %d ms, median %d ms, max %d ms%n",
                app.startup().toMillis() / 1000.0, ms.length, ms[0], ms[ms.length / 2], ms[ms.length - 1]);
    }
}
