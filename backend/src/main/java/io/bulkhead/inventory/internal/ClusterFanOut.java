package io.bulkhead.inventory.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs one piece of work per cluster at once, isolated: each on its own virtual thread, at most
 * {@code bulkhead.inventory.sync-parallelism} at a time, each with its own time limit
 * ({@code bulkhead.inventory.sync-timeout}, counted from its start; then it is interrupted). A cluster whose work
 * from an earlier round still runs is skipped this round, so a hanging cluster never holds up, or piles up behind,
 * the others.
 */
@Component
public class ClusterFanOut implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ClusterFanOut.class);

    /** How one cluster's work ended. */
    public enum Outcome {
        DONE,
        FAILED,
        TIMED_OUT,
        /** its work from an earlier round was still running */
        SKIPPED
    }

    private final Duration timeout;
    private final Semaphore permits;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cluster-sync-", 0).factory());

    ClusterFanOut(
            @Value("${bulkhead.inventory.sync-timeout:2m}") Duration timeout,
            @Value("${bulkhead.inventory.sync-parallelism:8}") int parallelism) {
        this.timeout = timeout;
        this.permits = new Semaphore(Math.max(1, parallelism));
    }

    /** Runs {@code work} for every cluster of {@code byCluster}; returns once each has ended, how it ended. */
    public <T> Map<String, Outcome> run(Map<String, T> byCluster, String what, BiConsumer<String, T> work) {
        Map<String, Future<Outcome>> running = new LinkedHashMap<>();
        Map<String, Outcome> out = new LinkedHashMap<>();
        byCluster.forEach((cluster, arg) -> {
            if (!inFlight.add(cluster)) {
                log.info("{} of {} skipped: the previous one still runs", what, cluster);
                out.put(cluster, Outcome.SKIPPED);
                return;
            }
            running.put(cluster, threads.submit(() -> bounded(cluster, what, () -> work.accept(cluster, arg))));
        });
        running.forEach((cluster, f) -> {
            try {
                out.put(cluster, f.get());
            } catch (ExecutionException e) {
                out.put(cluster, Outcome.FAILED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                out.put(cluster, Outcome.FAILED);
            }
        });
        return out;
    }

    private Outcome bounded(String cluster, String what, Runnable work) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            inFlight.remove(cluster);
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        Future<?> f = threads.submit(() -> {
            if (!started.compareAndSet(false, true)) {
                return; // cancelled before it began
            }
            try {
                work.run();
            } finally {
                inFlight.remove(cluster);
            }
        });
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Outcome.DONE;
        } catch (TimeoutException e) {
            f.cancel(true);
            if (started.compareAndSet(false, true)) {
                inFlight.remove(cluster); // it never began, so its own finally will not run
            }
            log.warn("{} of {} did not finish within {}; interrupted", what, cluster, timeout);
            return Outcome.TIMED_OUT;
        } catch (ExecutionException e) {
            log.warn("{} of {} failed: {}", what, cluster, e.getCause().getMessage());
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            f.cancel(true);
            if (started.compareAndSet(false, true)) {
                inFlight.remove(cluster);
            }
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        } finally {
            permits.release();
        }
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
