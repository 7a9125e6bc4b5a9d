package io.bulkhead.compliance.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Namespaces waiting to be evaluated, per cluster, and the one thread that evaluates them. Changes that arrive while
 * an evaluation runs are merged (a namespace changed ten times while it waits is evaluated once), so the thread that
 * reports a change (the inventory sync or watch) never waits for compliance. A failed evaluation is tried up to
 * {@value #ATTEMPTS} times (waiting 1 s, then 2 s); after that it is logged and left to the next change or the daily
 * evaluation. The thread starts with the first submission.
 */
public final class PendingEvaluations implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PendingEvaluations.class);
    static final int ATTEMPTS = 3;

    private final BiConsumer<String, Set<String>> evaluate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Set<String>> pending = new TreeMap<>();
    private long submitted;
    private long done;
    private boolean closed;
    private @Nullable Thread worker;

    /** {@code evaluate} is called with one cluster and its waiting namespaces, on the worker thread. */
    public PendingEvaluations(BiConsumer<String, Set<String>> evaluate) {
        this.evaluate = evaluate;
    }

    /** Queues namespaces of a cluster for evaluation and returns at once. */
    public void submit(String cluster, Set<String> namespaces) {
        if (namespaces.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            pending.computeIfAbsent(cluster, c -> new TreeSet<>()).addAll(namespaces);
            submitted++;
            if (worker == null) {
                worker = Thread.ofPlatform()
                        .name("compliance-evaluator")
                        .daemon(true)
                        .start(this::run);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until everything submitted before this call has been evaluated (or given up after its retries).
     *
     * @return false when the timeout passed first
     */
    public boolean await(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            long target = submitted;
            while (done < target && !closed) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return done >= target;
        } finally {
            lock.unlock();
        }
    }

    /** True while namespaces wait or are being evaluated. */
    public boolean busy() {
        lock.lock();
        try {
            return done < submitted;
        } finally {
            lock.unlock();
        }
    }

    public boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking work; an evaluation under way finishes its current transaction (waited for up to 30 s). */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            closed = true;
            pending.clear();
            changed.signalAll();
            t = worker;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (true) {
            Map<String, Set<String>> batch;
            long upTo;
            lock.lock();
            try {
                while (pending.isEmpty() && !closed) {
                    changed.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                batch = new TreeMap<>(pending);
                pending.clear();
                upTo = submitted;
            } finally {
                lock.unlock();
            }
            try {
                batch.forEach(this::evaluateOne);
            } finally {
                lock.lock();
                try {
                    done = Math.max(done, upTo);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private void evaluateOne(String cluster, Set<String> namespaces) {
        for (int attempt = 1; ; attempt++) {
            try {
                evaluate.accept(cluster, namespaces);
                return;
            } catch (Error e) {
                // not a failed evaluation to retry (e.g. a StackOverflowError): the thread keeps serving the queue,
                // the other clusters of this round are still evaluated
                log.error(
                        "Compliance evaluation of cluster {} hit {}; its namespaces wait for the next change",
                        cluster,
                        e.toString());
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || closed()) {
                    log.warn(
                            "Compliance evaluation of {} namespace(s) of cluster {} failed {} times, left to the next"
                                    + " change or the daily evaluation: {}",
                            namespaces.size(),
                            cluster,
                            attempt,
                            e.toString());
                    return;
                }
                log.info(
                        "Compliance evaluation of {} namespace(s) of cluster {} failed (attempt {}), retrying: {}",
                        namespaces.size(),
                        cluster,
                        attempt,
                        e.toString());
                try {
                    Thread.sleep(Duration.ofSeconds(attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
