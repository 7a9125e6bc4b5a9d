package io.bulkhead.inventory.internal;

import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.inventory.InventoryChanged;
import io.bulkhead.inventory.WorkloadFacts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Watches the workloads of a cluster with fabric8 informers (all namespaces, periodic resync) and writes the changes
 * of managed namespaces' workloads to the inventory in JDBC batches every 200 ms; {@link InventoryChanged} is
 * published for the namespaces changed in each batch, so a burst of events costs one compliance recompute. The informers' caches are {@link ReducedStateItemStore}s holding only each object's
 * key and resourceVersion, so memory stays small with 150k pods; the facts live in PostgreSQL. The periodic LIST
 * sync ({@link InventorySync}) remains as a safety net for events missed while no watch ran.
 */
@Component
public class InventoryWatcher implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(InventoryWatcher.class);

    private final ClusterClients clients;
    private final InventoryStore store;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final long resyncMillis;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inventory-changes");
        t.setDaemon(true);
        return t;
    });

    InventoryWatcher(
            ClusterClients clients,
            InventoryStore store,
            Clock clock,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            @Value("${bulkhead.inventory.resync:10m}") java.time.Duration resync) {
        this.clients = clients;
        this.store = store;
        this.clock = clock;
        this.tx = tx;
        this.events = events;
        this.resyncMillis = resync.toMillis();
        flusher.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Watch events not yet written, in the order they came (drained by the flusher every 200 ms). */
    private final ConcurrentLinkedQueue<InventoryStore.Change> queue = new ConcurrentLinkedQueue<>();

    private static final int MAX_BATCH = 5000;

    /**
     * Writes the queued changes as JDBC batches (unchanged resourceVersions write nothing, e.g. the informers'
     * initial list of objects already in the inventory) and publishes one {@link InventoryChanged} per cluster for
     * the namespaces actually changed: one recompute per namespace, however many events.
     */
    private void flush() {
        Map<String, Set<String>> changed = new HashMap<>();
        while (!queue.isEmpty()) {
            List<InventoryStore.Change> batch = new ArrayList<>();
            for (InventoryStore.Change c; batch.size() < MAX_BATCH && (c = queue.poll()) != null; ) {
                batch.add(c);
            }
            try {
                boolean[] written = tx.execute(s -> store.apply(batch));
                for (int i = 0; i < batch.size(); i++) {
                    if (written == null || written[i]) {
                        InventoryStore.Change c = batch.get(i);
                        changed.computeIfAbsent(c.cluster(), k -> new HashSet<>())
                                .add(c.key().namespace());
                    }
                }
            } catch (RuntimeException e) {
                log.warn(
                        "Inventory: {} watch events not recorded (the next sync catches up): {}",
                        batch.size(),
                        e.toString());
            }
        }
        changed.forEach((cluster, namespaces) -> {
            try {
                events.publishEvent(new InventoryChanged(cluster, namespaces));
            } catch (RuntimeException e) {
                log.warn("Compliance update after inventory changes in {} failed: {}", cluster, e.toString());
            }
        });
    }

    private record Watch(AtomicReference<Set<String>> namespaces, List<SharedIndexInformer<?>> informers) {}

    /**
     * Starts the cluster's informers unless all are running (an informer that stopped, e.g. because the cluster was
     * unreachable, makes the set start over); sets the namespaces whose workloads are kept.
     */
    public void watch(String cluster, Set<String> namespaces) {
        // per cluster, not on this object: making the client of a hanging cluster must not hold up the others
        synchronized (lock(cluster)) {
            watchLocked(cluster, namespaces);
        }
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private Object lock(String cluster) {
        return locks.computeIfAbsent(cluster, k -> new Object());
    }

    private void watchLocked(String cluster, Set<String> namespaces) {
        Watch w = watches.get(cluster);
        if (w != null && w.informers().stream().allMatch(SharedIndexInformer::isRunning)) {
            w.namespaces().set(Set.copyOf(namespaces));
            return;
        }
        if (w != null) {
            stop(cluster); // an informer gave up (e.g. the cluster was unreachable): start over
        }
        KubernetesClient c = clients.forCluster(cluster);
        Watch nw = new Watch(new AtomicReference<>(Set.copyOf(namespaces)), new ArrayList<>());
        nw.informers()
                .add(start(
                        c,
                        cluster,
                        nw,
                        c.apps().deployments().inAnyNamespace(),
                        Deployment.class,
                        "Deployment",
                        d -> d.getSpec().getTemplate()));
        nw.informers()
                .add(start(
                        c,
                        cluster,
                        nw,
                        c.apps().statefulSets().inAnyNamespace(),
                        StatefulSet.class,
                        "StatefulSet",
                        d -> d.getSpec().getTemplate()));
        nw.informers()
                .add(start(
                        c,
                        cluster,
                        nw,
                        c.apps().daemonSets().inAnyNamespace(),
                        DaemonSet.class,
                        "DaemonSet",
                        d -> d.getSpec().getTemplate()));
        nw.informers()
                .add(start(
                        c,
                        cluster,
                        nw,
                        c.batch().v1().jobs().inAnyNamespace(),
                        Job.class,
                        "Job",
                        j -> controlled(j) ? null : j.getSpec().getTemplate()));
        nw.informers()
                .add(start(
                        c,
                        cluster,
                        nw,
                        c.batch().v1().cronjobs().inAnyNamespace(),
                        CronJob.class,
                        "CronJob",
                        j -> j.getSpec().getJobTemplate().getSpec().getTemplate()));
        nw.informers()
                .add(start(
                        c,
                        cluster,
                        nw,
                        c.pods().inAnyNamespace(),
                        Pod.class,
                        "Pod",
                        p -> controlled(p) ? null : new PodTemplateSpec(p.getMetadata(), p.getSpec())));
        watches.put(cluster, nw);
    }

    /** True when every informer of the cluster has been through its initial list (and its events are queued). */
    public boolean synced(String cluster) {
        Watch w = watches.get(cluster);
        return w != null && w.informers().stream().allMatch(SharedIndexInformer::hasSynced) && queue.isEmpty();
    }

    public boolean watching(String cluster) {
        return watches.containsKey(cluster);
    }

    /** Stops the cluster's informers (cluster gone or no managed namespaces left). */
    public void stop(String cluster) {
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

    @Override
    public void destroy() {
        clusters().forEach(this::stop);
        flusher.shutdownNow();
    }

    private <T extends HasMetadata> SharedIndexInformer<T> start(
            KubernetesClient client,
            String cluster,
            Watch w,
            Informable<T> source,
            Class<T> type,
            String kind,
            Function<T, PodTemplateSpec> spec) {
        // the initial LIST in pages of 500: never the whole cluster's objects in one response
        SharedIndexInformer<T> informer = source.withLimit(500L).runnableInformer(resyncMillis);
        informer.itemStore(new ReducedStateItemStore<>(
                ReducedStateItemStore.NAME_KEY_STATE,
                type,
                client.getKubernetesSerialization(),
                "metadata.resourceVersion"));
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                changed(cluster, w, kind, obj, spec);
            }

            @Override
            public void onUpdate(T old, T obj) {
                if (!Objects.equals(
                        old.getMetadata().getResourceVersion(),
                        obj.getMetadata().getResourceVersion())) {
                    changed(cluster, w, kind, obj, spec);
                }
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                deleted(cluster, w, kind, obj);
            }
        });
        informer.start().whenComplete((v, e) -> {
            if (e != null) {
                log.warn("Inventory watch of {} {} could not start: {}", kind, cluster, e.getMessage());
            }
        });
        return informer;
    }

    private <T extends HasMetadata> void changed(
            String cluster, Watch w, String kind, T obj, Function<T, PodTemplateSpec> spec) {
        String ns = obj.getMetadata().getNamespace();
        if (!w.namespaces().get().contains(ns)) {
            return;
        }
        try {
            PodTemplateSpec ps = spec.apply(obj);
            if (ps == null || ps.getSpec() == null) {
                return;
            }
            var m = obj.getMetadata();
            WorkloadFacts facts = new WorkloadFacts(
                    cluster,
                    ns,
                    kind,
                    m.getName(),
                    m.getUid() == null ? "" : m.getUid(),
                    m.getResourceVersion() == null ? "" : m.getResourceVersion(),
                    PodTemplates.facts(ps),
                    clock.instant());
            queue.add(new InventoryStore.Change(cluster, new InventoryStore.Key(ns, kind, m.getName()), facts));
        } catch (RuntimeException e) {
            log.warn(
                    "Inventory: {} {}/{} not recorded: {}",
                    kind,
                    ns,
                    obj.getMetadata().getName(),
                    e.toString());
        }
    }

    private void deleted(String cluster, Watch w, String kind, HasMetadata obj) {
        String ns = obj.getMetadata().getNamespace();
        if (!w.namespaces().get().contains(ns)) {
            return;
        }
        queue.add(new InventoryStore.Change(
                cluster, new InventoryStore.Key(ns, kind, obj.getMetadata().getName()), null));
    }

    private static boolean controlled(HasMetadata o) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()));
    }
}
