package io.bulkhead.inventory.internal;

import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.inventory.InventoryChanged;
import io.bulkhead.inventory.NamespaceObservation;
import io.bulkhead.inventory.WorkloadFacts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * LIST-based inventory sync of one cluster: pages through Deployments, StatefulSets, DaemonSets, Jobs, CronJobs
 * and Pods of all namespaces (500 per page, so at most one page of whole objects is in memory), keeps the ones in
 * the given namespaces as {@link WorkloadFacts}, writes only rows whose resourceVersion changed, deletes rows of
 * objects that are gone, observes the namespaces themselves, and publishes {@link InventoryChanged} for the
 * namespaces that changed. Pods and Jobs owned by a controller are left to their owner.
 */
@Component
public class InventorySync {
    private static final long PAGE = 500;

    private final ClusterClients clients;
    private final InventoryStore store;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    InventorySync(
            ClusterClients clients,
            InventoryStore store,
            Clock clock,
            TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.clients = clients;
        this.store = store;
        this.clock = clock;
        this.tx = tx;
        this.events = events;
    }

    /** What one sync did. */
    public record Report(int workloads, int written, int deleted, Set<String> changedNamespaces) {}

    /** Syncs the workloads of {@code namespaces} in {@code cluster}; others are ignored (and removed if stored). */
    public Report sync(String cluster, Set<String> namespaces) {
        KubernetesClient client = clients.forCluster(cluster);
        Instant now = clock.instant();
        Map<InventoryStore.Key, WorkloadFacts> seen = new HashMap<>();
        Consumer<WorkloadFacts> keep = w -> seen.put(new InventoryStore.Key(w.namespace(), w.kind(), w.name()), w);
        list(
                o -> client.apps().deployments().inAnyNamespace().list(o),
                namespaces,
                d -> keep.accept(facts(
                        cluster, d, "Deployment", d.getSpec().getTemplate().getSpec(), now)));
        list(
                o -> client.apps().statefulSets().inAnyNamespace().list(o),
                namespaces,
                d -> keep.accept(facts(
                        cluster, d, "StatefulSet", d.getSpec().getTemplate().getSpec(), now)));
        list(
                o -> client.apps().daemonSets().inAnyNamespace().list(o),
                namespaces,
                d -> keep.accept(
                        facts(cluster, d, "DaemonSet", d.getSpec().getTemplate().getSpec(), now)));
        list(o -> client.batch().v1().jobs().inAnyNamespace().list(o), namespaces, j -> {
            if (!controlled(j)) {
                keep.accept(facts(cluster, j, "Job", j.getSpec().getTemplate().getSpec(), now));
            }
        });
        list(
                o -> client.batch().v1().cronjobs().inAnyNamespace().list(o),
                namespaces,
                c -> keep.accept(facts(
                        cluster,
                        c,
                        "CronJob",
                        c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec(),
                        now)));
        list(o -> client.pods().inAnyNamespace().list(o), namespaces, p -> {
            if (!controlled(p)) {
                keep.accept(facts(cluster, p, "Pod", p.getSpec(), now));
            }
        });

        List<NamespaceObservation> observed = new ArrayList<>();
        for (String ns : namespaces) {
            var live = client.namespaces().withName(ns).get();
            if (live == null) {
                continue;
            }
            Map<String, Boolean> sas = new HashMap<>();
            client.serviceAccounts()
                    .inNamespace(ns)
                    .list()
                    .getItems()
                    .forEach(sa -> sas.put(
                            sa.getMetadata().getName(), !Boolean.FALSE.equals(sa.getAutomountServiceAccountToken())));
            List<NetworkPolicy> policies =
                    client.network().networkPolicies().inNamespace(ns).list().getItems();
            observed.add(new NamespaceObservation(
                    cluster,
                    ns,
                    live.getMetadata().getLabels() == null
                            ? Map.of()
                            : live.getMetadata().getLabels(),
                    names(client.resourceQuotas().inNamespace(ns).list().getItems()),
                    names(client.limitRanges().inNamespace(ns).list().getItems()),
                    policies.stream().anyMatch(p -> denies(p, "Ingress")),
                    policies.stream().anyMatch(p -> denies(p, "Egress")),
                    sas,
                    now));
        }

        Report report = tx.execute(s -> {
            Set<String> changed = new TreeSet<>();
            Map<InventoryStore.Key, String> stored = store.versions(cluster);
            int written = 0;
            int deleted = 0;
            for (var e : seen.entrySet()) {
                if (!e.getValue().resourceVersion().equals(stored.get(e.getKey()))) {
                    store.upsert(e.getValue());
                    changed.add(e.getKey().namespace());
                    written++;
                }
            }
            for (InventoryStore.Key k : stored.keySet()) {
                if (!seen.containsKey(k)) {
                    store.delete(cluster, k);
                    changed.add(k.namespace());
                    deleted++;
                }
            }
            for (NamespaceObservation o : observed) {
                if (store.upsert(o)) {
                    changed.add(o.namespace());
                }
            }
            return new Report(seen.size(), written, deleted, changed);
        });
        if (report != null && !report.changedNamespaces().isEmpty()) {
            events.publishEvent(new InventoryChanged(cluster, report.changedNamespaces()));
        }
        return report;
    }

    /** A policy selecting every pod for {@code type} with no rule of that type: traffic of that type is denied. */
    static boolean denies(NetworkPolicy p, String type) {
        var spec = p.getSpec();
        if (spec == null
                || spec.getPolicyTypes() == null
                || !spec.getPolicyTypes().contains(type)) {
            return false;
        }
        var sel = spec.getPodSelector();
        boolean all = sel == null
                || ((sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty())
                        && (sel.getMatchExpressions() == null
                                || sel.getMatchExpressions().isEmpty()));
        List<?> rules = type.equals("Ingress") ? spec.getIngress() : spec.getEgress();
        return all && (rules == null || rules.isEmpty());
    }

    private static List<String> names(List<? extends HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getName()).sorted().toList();
    }

    private static boolean controlled(HasMetadata o) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()));
    }

    private static WorkloadFacts facts(String cluster, HasMetadata o, String kind, PodSpec spec, Instant now) {
        var m = o.getMetadata();
        return new WorkloadFacts(
                cluster,
                m.getNamespace(),
                kind,
                m.getName(),
                m.getUid() == null ? "" : m.getUid(),
                m.getResourceVersion() == null ? "" : m.getResourceVersion(),
                PodTemplates.facts(spec),
                now);
    }

    /** Pages through a list of all namespaces, handing each item of {@code namespaces} to {@code each}. */
    private static <T extends HasMetadata> void list(
            Function<ListOptions, ? extends KubernetesResourceList<T>> page, Set<String> namespaces, Consumer<T> each) {
        @Nullable String cont = null;
        Set<String> wanted = new HashSet<>(namespaces);
        do {
            var list = page.apply(
                    new ListOptionsBuilder().withLimit(PAGE).withContinue(cont).build());
            for (T item : list.getItems()) {
                if (wanted.contains(item.getMetadata().getNamespace())) {
                    each.accept(item);
                }
            }
            cont = list.getMetadata() == null ? null : list.getMetadata().getContinue();
        } while (cont != null && !cont.isEmpty());
    }
}
