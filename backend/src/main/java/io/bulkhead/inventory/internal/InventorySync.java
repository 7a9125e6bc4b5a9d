package io.bulkhead.inventory.internal;

import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.inventory.InventoryChanged;
import io.bulkhead.inventory.NamespaceObservation;
import io.bulkhead.inventory.NetworkPolicyPeer;
import io.bulkhead.inventory.WorkloadFacts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * LIST-based inventory sync of one cluster: pages through Deployments, StatefulSets, DaemonSets, Jobs, CronJobs
 * and Pods of all namespaces (500 per page, so at most one page of whole objects is in memory), keeps the ones in
 * the given namespaces as {@link WorkloadFacts}, writes only rows whose resourceVersion changed (in JDBC batches,
 * 2,000 per transaction, so neither memory nor a transaction grows with the cluster), deletes rows of objects that
 * are gone, observes the namespaces and their quotas, limit ranges, network policies and service accounts (one
 * paged LIST per kind, not requests per namespace), and publishes {@link InventoryChanged} for the namespaces that
 * changed. Observations of namespaces gone from the cluster or no longer managed are deleted. Pods and Jobs owned
 * by a controller are left to their owner.
 */
@Component
public class InventorySync {
    private static final long PAGE = 500;
    /** Changed workloads are written in transactions of this many, so memory stays bounded. */
    private static final int FLUSH = 2000;

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
        Set<String> wanted = new HashSet<>(namespaces);
        Map<InventoryStore.Key, String> stored = store.versions(cluster);
        Set<InventoryStore.Key> seen = new HashSet<>();
        Set<String> changed = new TreeSet<>();
        List<InventoryStore.Change> pending = new ArrayList<>(FLUSH);
        Writer writer = new Writer();
        Consumer<WorkloadFacts> keep = w -> {
            InventoryStore.Key k = new InventoryStore.Key(w.namespace(), w.kind(), w.name());
            seen.add(k);
            if (!w.resourceVersion().equals(stored.get(k))) {
                pending.add(new InventoryStore.Change(cluster, k, w));
                changed.add(w.namespace());
                if (pending.size() >= FLUSH) {
                    writer.submit(pending);
                }
            }
        };
        list(
                o -> client.apps().deployments().inAnyNamespace().list(o),
                wanted,
                d -> keep.accept(facts(cluster, d, "Deployment", d.getSpec().getTemplate(), now)));
        list(
                o -> client.apps().statefulSets().inAnyNamespace().list(o),
                wanted,
                d -> keep.accept(facts(cluster, d, "StatefulSet", d.getSpec().getTemplate(), now)));
        list(
                o -> client.apps().daemonSets().inAnyNamespace().list(o),
                wanted,
                d -> keep.accept(facts(cluster, d, "DaemonSet", d.getSpec().getTemplate(), now)));
        list(o -> client.batch().v1().jobs().inAnyNamespace().list(o), wanted, j -> {
            if (!controlled(j)) {
                keep.accept(facts(cluster, j, "Job", j.getSpec().getTemplate(), now));
            }
        });
        list(
                o -> client.batch().v1().cronjobs().inAnyNamespace().list(o),
                wanted,
                c -> keep.accept(facts(
                        cluster,
                        c,
                        "CronJob",
                        c.getSpec().getJobTemplate().getSpec().getTemplate(),
                        now)));
        list(o -> client.pods().inAnyNamespace().list(o), wanted, p -> {
            if (!controlled(p)) {
                keep.accept(facts(cluster, p, "Pod", new PodTemplateSpec(p.getMetadata(), p.getSpec()), now));
            }
        });
        writer.submit(pending);
        int written = writer.finish();
        List<InventoryStore.Change> gone = stored.keySet().stream()
                .filter(k -> !seen.contains(k))
                .map(k -> new InventoryStore.Change(cluster, k, null))
                .toList();
        if (!gone.isEmpty()) {
            tx.executeWithoutResult(s -> store.apply(gone));
            gone.forEach(c -> changed.add(c.key().namespace()));
        }

        // the namespaces and their namespace-level objects: one paged LIST per kind, not one request per namespace
        Map<String, Map<String, String>> labels = new HashMap<>();
        list(o -> client.namespaces().list(o), null, n -> {
            if (wanted.contains(n.getMetadata().getName())) {
                labels.put(
                        n.getMetadata().getName(),
                        n.getMetadata().getLabels() == null
                                ? Map.of()
                                : n.getMetadata().getLabels());
            }
        });
        Map<String, Map<String, Boolean>> sas = new HashMap<>();
        list(
                o -> client.serviceAccounts().inAnyNamespace().list(o),
                wanted,
                sa -> sas.computeIfAbsent(sa.getMetadata().getNamespace(), k -> new HashMap<>())
                        .put(sa.getMetadata().getName(), !Boolean.FALSE.equals(sa.getAutomountServiceAccountToken())));
        Map<String, List<NetworkPolicy>> policies = new HashMap<>();
        list(
                o -> client.network().networkPolicies().inAnyNamespace().list(o),
                wanted,
                np -> policies.computeIfAbsent(np.getMetadata().getNamespace(), k -> new ArrayList<>())
                        .add(np));
        Map<String, List<String>> quotas = new HashMap<>();
        list(
                o -> client.resourceQuotas().inAnyNamespace().list(o),
                wanted,
                q -> quotas.computeIfAbsent(q.getMetadata().getNamespace(), k -> new ArrayList<>())
                        .add(q.getMetadata().getName()));
        Map<String, List<String>> limits = new HashMap<>();
        list(
                o -> client.limitRanges().inAnyNamespace().list(o),
                wanted,
                l -> limits.computeIfAbsent(l.getMetadata().getNamespace(), k -> new ArrayList<>())
                        .add(l.getMetadata().getName()));
        List<NamespaceObservation> observed = new ArrayList<>();
        labels.forEach((ns, l) -> {
            List<NetworkPolicy> ps = policies.getOrDefault(ns, List.of());
            observed.add(new NamespaceObservation(
                    cluster,
                    ns,
                    l,
                    quotas.getOrDefault(ns, List.of()).stream().sorted().toList(),
                    limits.getOrDefault(ns, List.of()).stream().sorted().toList(),
                    ps.stream().anyMatch(p -> denies(p, "Ingress")),
                    ps.stream().anyMatch(p -> denies(p, "Egress")),
                    sas.getOrDefault(ns, Map.of()),
                    now,
                    tenantPeers(ps)));
        });
        Set<String> namespacesWritten = tx.execute(s -> {
            Set<String> touched = new TreeSet<>(store.upsertAll(cluster, observed));
            // observations of namespaces gone from the cluster, or no longer managed, go too: nothing stale stays
            touched.addAll(store.deleteNamespacesExcept(cluster, labels.keySet()));
            return touched;
        });
        if (namespacesWritten != null) {
            changed.addAll(namespacesWritten);
        }
        Report report = new Report(seen.size(), written, gone.size(), changed);
        if (!changed.isEmpty()) {
            events.publishEvent(new InventoryChanged(cluster, changed));
        }
        return report;
    }

    /**
     * Writes batches of changed workloads on its own thread while the next page is read and parsed, one transaction
     * per batch; at most one batch waits, so memory stays bounded. An error of a batch surfaces at the next
     * {@link #submit} or at {@link #finish}.
     */
    private final class Writer {
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "inventory-writer");
            t.setDaemon(true);
            return t;
        });
        private @Nullable Future<?> last;
        private int written;

        void submit(List<InventoryStore.Change> pending) {
            if (pending.isEmpty()) {
                return;
            }
            List<InventoryStore.Change> batch = List.copyOf(pending);
            pending.clear();
            await();
            written += batch.size();
            last = thread.submit(() -> tx.executeWithoutResult(s -> store.apply(batch)));
        }

        int finish() {
            try {
                await();
                return written;
            } finally {
                thread.shutdown();
            }
        }

        private void await() {
            if (last == null) {
                return;
            }
            try {
                last.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Inventory sync interrupted", e);
            } catch (ExecutionException e) {
                thread.shutdownNow();
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                last = null;
            }
        }
    }

    /**
     * The rule peers of the policies Bulkhead did not make (no managed-by label), by policy name: what a team (or
     * anyone but Bulkhead) opened. Rules of a type the policy does not list in policyTypes count too: they are kept
     * small and say what the author meant.
     */
    static List<NetworkPolicyPeer> tenantPeers(List<NetworkPolicy> policies) {
        List<NetworkPolicyPeer> out = new ArrayList<>();
        policies.stream()
                .filter(p -> p.getMetadata().getLabels() == null
                        || !"bulkhead".equals(p.getMetadata().getLabels().get("app.kubernetes.io/managed-by")))
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName()))
                .forEach(p -> {
                    String name = p.getMetadata().getName();
                    var spec = p.getSpec();
                    if (spec == null) {
                        return;
                    }
                    for (var r : spec.getIngress() == null ? List.<NetworkPolicyIngressRule>of() : spec.getIngress()) {
                        peers(out, name, true, r.getFrom());
                    }
                    for (var r : spec.getEgress() == null ? List.<NetworkPolicyEgressRule>of() : spec.getEgress()) {
                        peers(out, name, false, r.getTo());
                    }
                });
        return out;
    }

    private static void peers(
            List<NetworkPolicyPeer> out,
            String policy,
            boolean ingress,
            @Nullable List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer> peers) {
        if (peers == null || peers.isEmpty()) {
            out.add(new NetworkPolicyPeer(policy, ingress, NetworkPolicyPeer.ANYWHERE, null));
            return;
        }
        for (var peer : peers) {
            if (peer.getIpBlock() != null) {
                out.add(new NetworkPolicyPeer(
                        policy,
                        ingress,
                        NetworkPolicyPeer.IP_BLOCK,
                        peer.getIpBlock().getCidr()));
            } else if (peer.getNamespaceSelector() != null) {
                out.add(new NetworkPolicyPeer(policy, ingress, NetworkPolicyPeer.OTHER_NAMESPACES, null));
            } else {
                out.add(new NetworkPolicyPeer(policy, ingress, NetworkPolicyPeer.SAME_NAMESPACE, null));
            }
        }
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

    private static WorkloadFacts facts(String cluster, HasMetadata o, String kind, PodTemplateSpec spec, Instant now) {
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

    /**
     * Pages through a list of all namespaces, handing each item in one of {@code wanted} (or every item, when null)
     * to {@code each}.
     */
    private static <T extends HasMetadata> void list(
            Function<ListOptions, ? extends KubernetesResourceList<T>> page,
            @Nullable Set<String> wanted,
            Consumer<T> each) {
        @Nullable String cont = null;
        do {
            var list = page.apply(
                    new ListOptionsBuilder().withLimit(PAGE).withContinue(cont).build());
            for (T item : list.getItems()) {
                if (wanted == null || wanted.contains(item.getMetadata().getNamespace())) {
                    each.accept(item);
                }
            }
            cont = list.getMetadata() == null ? null : list.getMetadata().getContinue();
        } while (cont != null && !cont.isEmpty());
    }
}
