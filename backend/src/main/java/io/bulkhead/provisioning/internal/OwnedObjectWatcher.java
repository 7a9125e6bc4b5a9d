package io.bulkhead.provisioning.internal;

import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Watches the objects Bulkhead owns in a cluster (fabric8 informers on every kind it applies, filtered by the
 * managed-by label; the Namespace's labels included) and, when someone else changes or deletes one, reconciles just
 * that namespace: debounced ({@code bulkhead.drift.debounce}, 250 ms) and coalesced, so a burst of events costs one
 * pass, and the object is back within seconds instead of at the next periodic pass (which stays as the safety net).
 *
 * <p>Not every event is someone else's change: the echo of Bulkhead's own writes (their resourceVersion is known to
 * the {@link Applier}) and its own deletes are skipped, and so are updates that change nothing but status, managed
 * fields or the resourceVersion (a controller filling in a policy's type checking, quota usage). Whether what is left
 * is drift, and whose, the reconcile decides from the object's managedFields ({@link Applier#drift}).
 *
 * <p>The informers' caches hold only each object's key and resourceVersion; beside them one hash per object of the
 * fields that matter. Started and stopped per cluster through {@link io.bulkhead.provisioning.DriftWatches}, from the
 * one per-cluster lifecycle place (the inventory's cluster loop).
 */
@Component
public class OwnedObjectWatcher implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(OwnedObjectWatcher.class);
    private static final String TIER_TARGET = "\u0000tier:";

    private final ClusterClients clients;
    private final Applier applier;
    private final NamespaceStore store;
    private final Provisioner provisioner;
    private final long debounceMillis;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    /**
     * Targets (cluster + namespace, or a tier version) with a reconcile queued and not yet started, with the events
     * that queued it: {@code w:} with the object key and resourceVersion (changed), {@code d:<key>} (deleted), {@code n:<key>}
     * (a Namespace deleted: always reconciled).
     */
    private final Map<String, Set<String>> pending = new ConcurrentHashMap<>();

    private final AtomicLong skipped = new AtomicLong();

    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong reconciled = new AtomicLong();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "drift-debounce");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "drift-repair");
        t.setDaemon(true);
        return t;
    });

    OwnedObjectWatcher(
            ClusterClients clients,
            Applier applier,
            NamespaceStore store,
            Provisioner provisioner,
            @Value("${bulkhead.drift.debounce:250ms}") Duration debounce) {
        this.clients = clients;
        this.applier = applier;
        this.store = store;
        this.provisioner = provisioner;
        this.debounceMillis = debounce.toMillis();
    }

    /** One cluster's informers and the hash of each watched object's fields that matter. */
    private record Watch(List<SharedIndexInformer<?>> informers, Map<String, Integer> fingerprints) {}

    /**
     * Starts the cluster's informers unless all run (one that stopped, e.g. because the cluster was unreachable,
     * makes the set start over). Throws when the cluster has no client.
     */
    public void startCluster(String cluster) {
        // per cluster, not on this object: making the client of a hanging cluster must not hold up the others
        synchronized (lock(cluster)) {
            startLocked(cluster);
        }
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private Object lock(String cluster) {
        return locks.computeIfAbsent(cluster, k -> new Object());
    }

    private void startLocked(String cluster) {
        Watch w = watches.get(cluster);
        if (w != null && w.informers().stream().allMatch(SharedIndexInformer::isRunning)) {
            return;
        }
        if (w != null) {
            stopCluster(cluster);
        }
        KubernetesClient client = clients.forCluster(cluster);
        Watch nw = new Watch(new ArrayList<>(), new ConcurrentHashMap<>());
        for (Class<? extends HasMetadata> kind : Applier.SNAPSHOT_KINDS) {
            nw.informers().add(inform(client, cluster, nw, kind));
        }
        watches.put(cluster, nw);
        log.info("Watching Bulkhead's objects in cluster {} for drift", cluster);
    }

    /** Stops the cluster's informers; queued reconciles of it are dropped. */
    public void stopCluster(String cluster) {
        synchronized (lock(cluster)) {
            Watch w = watches.remove(cluster);
            if (w != null) {
                w.informers().forEach(SharedIndexInformer::stop);
            }
        }
    }

    public Set<String> clusters() {
        return Set.copyOf(watches.keySet());
    }

    /** True when every informer of the cluster has been through its initial list. */
    public boolean synced(String cluster) {
        Watch w = watches.get(cluster);
        return w != null && w.informers().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /**
     * Reconciles queued by watch events so far, passes run for them, and queued ones dropped because every event
     * turned out to be the echo of Bulkhead's own write (for tests and benchmarks).
     */
    public long[] counters() {
        return new long[] {queued.get(), reconciled.get(), skipped.get()};
    }

    private boolean ownAfterAll(String event) {
        if (event.startsWith("w:")) {
            int at = event.indexOf('\u0001');
            return at > 0 && applier.isOwnWrite(event.substring(2, at), event.substring(at + 1));
        }
        return event.startsWith("d:") && applier.isOwnDelete(event.substring(2));
    }

    @Override
    public void destroy() throws InterruptedException {
        clusters().forEach(this::stopCluster);
        timer.shutdownNow();
        // a repair in progress finishes while the database is still there
        workers.shutdown();
        if (!workers.awaitTermination(20, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(
            KubernetesClient client, String cluster, Watch w, Class<T> kind) {
        var op = client.resources(kind);
        SharedIndexInformer<T> informer = Namespaced.class.isAssignableFrom(kind)
                ? op.inAnyNamespace()
                        .withLabel(Applier.MANAGED_BY, Applier.FIELD_MANAGER)
                        .withLimit(500L)
                        .runnableInformer(0)
                : op.withLabel(Applier.MANAGED_BY, Applier.FIELD_MANAGER)
                        .withLimit(500L)
                        .runnableInformer(0);
        informer.itemStore(new ReducedStateItemStore<>(
                ReducedStateItemStore.NAME_KEY_STATE,
                kind,
                client.getKubernetesSerialization(),
                "metadata.resourceVersion"));
        // keys from the watched kind, not from the event's object (whose apiVersion/kind may be unset)
        String kindKey = HasMetadata.getApiVersion(kind) + "/" + HasMetadata.getKind(kind) + "/";
        java.util.function.Function<T, String> keyOf = o -> kindKey
                + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace()) + "/"
                + o.getMetadata().getName();
        boolean isNamespace = kind == io.fabric8.kubernetes.api.model.Namespace.class;
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                String key = keyOf.apply(obj);
                boolean changed = remember(w, key, obj);
                // the initial list only learns what is there; an object of ours appearing later that Bulkhead did
                // not write (someone copied our label onto theirs) is for the reconcile to prune
                if (changed
                        && informer.hasSynced()
                        && !applier.isOwnWrite(key, obj.getMetadata().getResourceVersion())) {
                    queue(
                            cluster,
                            "w:" + key + "\u0001" + obj.getMetadata().getResourceVersion(),
                            target(obj, isNamespace));
                }
            }

            @Override
            public void onUpdate(T old, T obj) {
                String key = keyOf.apply(obj);
                if (remember(w, key, obj)
                        && !applier.isOwnWrite(key, obj.getMetadata().getResourceVersion())) {
                    queue(
                            cluster,
                            "w:" + key + "\u0001" + obj.getMetadata().getResourceVersion(),
                            target(obj, isNamespace));
                }
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                String key = keyOf.apply(obj);
                w.fingerprints().remove(key);
                if (!applier.isOwnDelete(key) || isNamespace) {
                    // a Namespace gone also finishes its decommission without waiting for the next pass
                    queue(cluster, (isNamespace ? "n:" : "d:") + key, target(obj, isNamespace));
                }
            }
        });
        informer.start().whenComplete((v, e) -> {
            if (e != null) {
                log.warn("Drift watch of {} in {} could not start: {}", kind.getSimpleName(), cluster, e.getMessage());
            }
        });
        return informer;
    }

    /** Records the object's fingerprint; true when the fields that matter changed (or it is new). */
    private static boolean remember(Watch w, String key, HasMetadata obj) {
        Integer now = fingerprint(obj);
        Integer before = w.fingerprints().put(key, now);
        return !now.equals(before);
    }

    /** A hash of everything but status, managedFields, resourceVersion and generation. */
    static Integer fingerprint(HasMetadata obj) {
        Map<String, Object> m = Applier.asComparable(obj);
        m.remove("status");
        if (m.get("metadata") instanceof Map<?, ?> meta) {
            @SuppressWarnings("unchecked")
            Map<String, Object> md = (Map<String, Object>) meta;
            md.remove("resourceVersion");
            md.remove("generation");
        }
        return m.hashCode();
    }

    /** The namespace an object belongs to, or a tier version for its shared policies; null when neither. */
    static @Nullable String target(HasMetadata obj, boolean isNamespace) {
        if (isNamespace) {
            return obj.getMetadata().getName();
        }
        if (obj.getMetadata().getNamespace() != null) {
            return obj.getMetadata().getNamespace();
        }
        String copyOf = Ownership.label(obj, TierRenderer.EXCEPTION_NAMESPACE_LABEL);
        if (copyOf != null) {
            return copyOf;
        }
        String tier = Ownership.label(obj, TierRenderer.TIER_LABEL);
        String version = Ownership.label(obj, TierRenderer.TIER_VERSION_LABEL);
        return tier == null || version == null ? null : TIER_TARGET + tier + "\u0000" + version;
    }

    private void queue(String cluster, String event, @Nullable String target) {
        if (target == null) {
            return;
        }
        String key = cluster + "\u0000" + target;
        boolean[] first = {false};
        pending.compute(key, (k, events) -> {
            Set<String> s = events == null ? ConcurrentHashMap.newKeySet() : events;
            first[0] = events == null;
            s.add(event);
            return s;
        });
        if (!first[0]) {
            return; // coalesced with the reconcile already queued
        }
        queued.incrementAndGet();
        log.debug("Drift watch: {} (someone else's?); reconciling", event);
        try {
            timer.schedule(
                    () -> workers.execute(() -> run(cluster, target, key)), debounceMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.remove(key); // shutting down
        }
    }

    private void run(String cluster, String target, String key) {
        // events from here on queue another pass: this one may already have read the objects they change
        Set<String> events = pending.remove(key);
        if (!watches.containsKey(cluster)) {
            return;
        }
        // a watch event can come before the applier has recorded the write it echoes: by now it has
        if (events != null && !events.isEmpty() && events.stream().allMatch(this::ownAfterAll)) {
            skipped.incrementAndGet();
            return;
        }
        try {
            UUID id;
            if (target.startsWith(TIER_TARGET)) {
                String[] parts = target.substring(TIER_TARGET.length()).split("\u0000");
                id = store.liveOfTierVersion(cluster, parts[0], Integer.parseInt(parts[1]))
                        .orElse(null);
            } else {
                id = store.reconciledId(cluster, target).orElse(null);
            }
            if (id != null) {
                Provisioner.Outcome outcome = provisioner.reconcile(id);
                reconciled.incrementAndGet();
                if (outcome.drifted() > 0) {
                    log.info(
                            "Drift in {}/{} repaired from a watch event: {} object(s)",
                            cluster,
                            target.replace('\u0000', ' ').strip(),
                            outcome.drifted());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Drift repair of {}/{} failed (the periodic pass retries): {}", cluster, target, e.toString());
        }
    }
}
