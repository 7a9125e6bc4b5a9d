package io.bulkhead.clusters.internal;

import io.bulkhead.clusters.ClusterLeaseAcquired;
import io.bulkhead.clusters.ClusterLeaseLost;
import io.bulkhead.clusters.NotClusterOwnerException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Holds this replica's cluster leases. Every {@code bulkhead.lease.renewal} (5 s) it renews its heartbeat and all
 * its leases in two statements, gives back what exceeds its fair share (ceil(clusters / live replicas)) and takes
 * unowned clusters up to that share. A lease not renewed for {@code bulkhead.lease.duration} (15 s: a replica
 * killed with -9) expires and is taken by another replica with a higher fencing token; on shutdown every lease is
 * released at once, first of all the lifecycle steps. Ownership changes are published as Spring events on one
 * thread of their own, in order, so slow listeners (a fresh LIST of a cluster) never delay a renewal.
 */
@Component
public class LeaseManager implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LeaseManager.class);

    private record Held(long token, long validUntilNanos) {}

    private final LeaseStore store;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final String replicaId;
    private final Duration renewal;
    private final Duration duration;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private volatile int share = 1;
    /**
     * Guards changes of the held leases; a renewal holds it while it talks to the database. The writers' path
     * ({@link #owns}, {@link #fence}) waits for it one second at most: a writer that fenced a lease holds a lock on
     * its row, and if anything ever made the renewal wait for that lock, the writer asking again in the same
     * transaction must not wait for the renewal that waits for it (renewals do not wait for fenced writes, see
     * {@link LeaseStore#fence}).
     */
    private final ReentrantLock lock = new ReentrantLock();

    private volatile boolean running;
    private ScheduledExecutorService ticker;
    private ExecutorService publisher;

    LeaseManager(
            LeaseStore store,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            @Value("${bulkhead.lease.replica-id:}") String replicaId,
            @Value("${bulkhead.lease.renewal:5s}") Duration renewal,
            @Value("${bulkhead.lease.duration:15s}") Duration duration) {
        if (duration.compareTo(renewal.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("bulkhead.lease.duration (" + duration
                    + ") must be at least twice bulkhead.lease.renewal (" + renewal + ")");
        }
        this.store = store;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.replicaId = StringUtils.hasText(replicaId) ? replicaId : defaultReplicaId();
        this.renewal = renewal;
        this.duration = duration;
    }

    static String defaultReplicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "bulkhead");
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    public String replicaId() {
        return replicaId;
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (running) {
                return;
            }
            running = true;
            ticker = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("cluster-leases").daemon().factory());
            publisher = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("cluster-lease-events").daemon().factory());
            ticker.scheduleWithFixedDelay(this::tickSafely, 0, renewal.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Replica {} takes cluster leases (renewal {}, duration {})", replicaId, renewal, duration);
        } finally {
            lock.unlock();
        }
    }

    /** Releases every lease at once: listeners stop the clusters' work first, then other replicas may take them. */
    @Override
    public void stop() {
        List<String> released;
        lock.lock();
        try {
            if (!running) {
                return;
            }
            running = false;
            ticker.shutdownNow();
            released = new ArrayList<>(held.keySet());
            held.clear();
        } finally {
            lock.unlock();
        }
        released.forEach(c -> publish(new ClusterLeaseLost(c, "shutting down")));
        publisher.shutdown();
        try {
            if (!publisher.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Listeners of released cluster leases did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            tx.executeWithoutResult(s -> {
                store.release(replicaId, released);
                store.leave(replicaId);
            });
            log.info("Replica {} released its cluster leases {}", replicaId, released);
        } catch (RuntimeException e) {
            log.warn("Leases of replica {} not released (they expire in {}): {}", replicaId, duration, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before everything else (the web server drains after, in a lower phase). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Cluster lease renewal failed: {}", e.toString());
            expireLocally();
        }
    }

    /** One renewal round; package-visible for tests that do not want to wait for the ticker. */
    void tick() {
        lock.lock();
        try {
            renewAndBalance();
        } finally {
            lock.unlock();
        }
    }

    private void renewAndBalance() {
        if (!running) {
            return;
        }
        long started = System.nanoTime();
        Map<String, Long> renewed = tx.execute(s -> {
            store.heartbeat(replicaId, duration);
            return store.renewAll(replicaId, duration);
        });
        for (var e : List.copyOf(held.entrySet())) {
            Long token = renewed.get(e.getKey());
            if (token == null || token != e.getValue().token()) {
                lose(e.getKey(), "lease expired before it was renewed");
            } else {
                held.put(e.getKey(), new Held(token, validUntil(started)));
            }
        }
        var counts = tx.execute(s -> store.liveReplicasAndClusters());
        int live = Math.max(1, counts.value1());
        int clusters = counts.value2();
        share = Math.max(1, (clusters + live - 1) / live);
        if (held.size() > share) {
            // the newest replica gets its share from those with more: the last clusters by name go back
            List<String> extra = held.keySet().stream()
                    .sorted(Comparator.reverseOrder())
                    .limit(held.size() - share)
                    .toList();
            extra.forEach(c -> lose(c, "handed over to even out " + clusters + " clusters over " + live + " replicas"));
            tx.executeWithoutResult(s -> store.release(replicaId, extra));
        }
        if (held.size() < share) {
            List<String> free = new ArrayList<>(tx.execute(s -> store.unowned()));
            // replicas starting together do not all race for the same first cluster
            Collections.shuffle(free);
            for (String cluster : free) {
                if (held.size() >= share) {
                    break;
                }
                tryAcquire(cluster, System.nanoTime());
            }
        }
    }

    private long validUntil(long startedNanos) {
        // the database counts from a moment after this one; a margin of one renewal keeps this side conservative
        return startedNanos + duration.minus(renewal).toNanos();
    }

    private boolean tryAcquire(String cluster, long started) {
        var token = tx.execute(s -> store.acquire(cluster, replicaId, duration));
        if (token == null || token.isEmpty()) {
            return false;
        }
        held.put(cluster, new Held(token.get(), validUntil(started)));
        log.info("Replica {} owns cluster {} (fencing token {})", replicaId, cluster, token.get());
        publish(new ClusterLeaseAcquired(cluster, token.get()));
        return true;
    }

    private void lose(String cluster, String reason) {
        if (held.remove(cluster) != null) {
            log.info("Replica {} no longer owns cluster {}: {}", replicaId, cluster, reason);
            publish(new ClusterLeaseLost(cluster, reason));
        }
    }

    private void expireLocally() {
        lock.lock();
        try {
            long now = System.nanoTime();
            for (var e : List.copyOf(held.entrySet())) {
                if (now - e.getValue().validUntilNanos() > 0) {
                    lose(e.getKey(), "lease could not be renewed");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void publish(Object event) {
        try {
            publisher.execute(() -> {
                try {
                    events.publishEvent(event);
                } catch (RuntimeException e) {
                    log.warn("A listener of {} failed: {}", event, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Not published after shutdown: {}", event);
        }
    }

    /**
     * True while this replica holds {@code cluster}; a cluster nobody holds is taken now if this replica is below
     * its share (so a newly registered cluster is served at once, not at the next renewal).
     */
    public boolean owns(String cluster) {
        Held h = held.get(cluster);
        if (h != null && System.nanoTime() - h.validUntilNanos() < 0) {
            return true;
        }
        // wait only briefly for a renewal in progress (see lock): this cluster is then not ours for now
        try {
            if (!lock.tryLock(1, TimeUnit.SECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            h = held.get(cluster);
            if (h != null && System.nanoTime() - h.validUntilNanos() < 0) {
                return true;
            }
            if (h != null) {
                lose(cluster, "lease could not be renewed");
            }
            if (!running) {
                return false;
            }
            if (held.size() >= share) {
                // the share is from the last renewal; a cluster registered since then changes it
                var counts = tx.execute(s -> store.liveReplicasAndClusters());
                int live = Math.max(1, counts.value1());
                share = Math.max(1, (counts.value2() + live - 1) / live);
                if (held.size() >= share) {
                    return false;
                }
            }
            return tryAcquire(cluster, System.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /**
     * A cluster was removed: its lease row goes in the caller's transaction ({@link LeaseStore#forget}), so no
     * replica owns it any more once that commits; this replica stops the cluster's work right after the commit, the
     * others at their next renewal (which no longer finds the lease).
     */
    public void forget(String cluster) {
        store.forget(cluster);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dropRemoved(cluster);
                }
            });
        } else {
            dropRemoved(cluster);
        }
    }

    private void dropRemoved(String cluster) {
        lock.lock();
        try {
            lose(cluster, "cluster removed");
        } finally {
            lock.unlock();
        }
    }

    /** The fencing check in the caller's transaction (see {@code ClusterOwnership.fence}). */
    public void fence(String cluster) {
        if (!owns(cluster)) {
            throw new NotClusterOwnerException(cluster, "another replica holds the lease");
        }
        Held h = held.get(cluster);
        if (h == null || !store.fence(cluster, replicaId, h.token())) {
            // a renewal in progress finds the stale token itself: never wait for it here (see lock)
            if (lock.tryLock()) {
                try {
                    Held now = held.get(cluster);
                    if (now != null && h != null && now.token() == h.token()) {
                        lose(cluster, "fencing token " + h.token() + " no longer current");
                    }
                } finally {
                    lock.unlock();
                }
            }
            throw new NotClusterOwnerException(
                    cluster, "fencing token " + (h == null ? "none" : h.token()) + " is stale");
        }
    }

    public Set<String> owned() {
        return new TreeSet<>(held.keySet());
    }

    public Map<String, String> owners() {
        return store.owners();
    }
}
