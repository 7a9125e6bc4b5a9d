package io.bulkhead.clusters.internal;

import io.bulkhead.clusters.ClusterSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Probes every registered cluster at once: one virtual thread per cluster, at most
 * {@code bulkhead.clusters.probe-parallelism} probing at the same time, each probe with its own time limit
 * ({@code bulkhead.clusters.probe-timeout}, counted from when it starts). A probe that runs out of time is recorded
 * as unreachable ("did not answer within …") and its late result dropped, so a paused or black-holed API server costs one time
 * limit, never the other clusters' probes.
 */
@Component
public class FleetProbe implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(FleetProbe.class);
    private final ClusterProber prober;
    private final ClusterStore store;
    private final Duration timeout;
    private final Semaphore permits;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cluster-probe-", 0).factory());

    FleetProbe(
            ClusterProber prober,
            ClusterStore store,
            @Value("${bulkhead.clusters.probe-timeout:10s}") Duration timeout,
            @Value("${bulkhead.clusters.probe-parallelism:16}") int parallelism) {
        this.prober = prober;
        this.store = store;
        this.timeout = timeout;
        this.permits = new Semaphore(Math.max(1, parallelism));
    }

    /** Probes all clusters and records each result; returns the status by cluster name once all are recorded. */
    public Map<String, String> probeAll() {
        List<String> names = store.all().stream().map(ClusterSummary::name).toList();
        List<Future<String>> running = new ArrayList<>(names.size());
        for (String name : names) {
            running.add(threads.submit(() -> probeBounded(name)));
        }
        Map<String, String> out = new java.util.TreeMap<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                out.put(names.get(i), running.get(i).get());
            } catch (ExecutionException e) {
                log.warn(
                        "Probe of cluster {} failed: {}",
                        names.get(i),
                        e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(f -> f.cancel(true));
                break;
            }
        }
        return out;
    }

    /** One cluster: waits for a permit, then gives the probe {@link #timeout} to finish before recording it. */
    private String probeBounded(String name) throws InterruptedException {
        permits.acquire();
        try {
            Future<ClusterProber.Result> probe = threads.submit(() -> prober.check(name));
            ClusterProber.Result r;
            try {
                r = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not interrupted: that would close a database connection it may be using; the probe ends at its
                // request time-out and its result is dropped
                probe.cancel(false);
                r = ClusterProber.Result.noAnswer(timeout);
                log.info("Cluster {} did not answer its probe within {}", name, timeout);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            prober.record(name, r);
            return r.status();
        } finally {
            permits.release();
        }
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
