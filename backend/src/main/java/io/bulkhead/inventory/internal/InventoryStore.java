package io.bulkhead.inventory.internal;

import static io.bulkhead.db.jooq.Tables.INVENTORY_NAMESPACE;
import static io.bulkhead.db.jooq.Tables.INVENTORY_WORKLOAD;

import io.bulkhead.clusters.ClusterOwnership;
import io.bulkhead.inventory.NamespaceObservation;
import io.bulkhead.inventory.NetworkPolicyPeer;
import io.bulkhead.inventory.PodTemplateFacts;
import io.bulkhead.inventory.WorkloadFacts;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * jOOQ access to the inventory tables. Every write for a cluster passes the cluster's fencing check first, in the
 * same transaction: a replica that lost the cluster's lease writes nothing.
 */
@Repository
public class InventoryStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectReader TEMPLATE = JSON.readerFor(PodTemplateFacts.class);
    private static final int BATCH = 500;
    private final DSLContext db;
    private final ClusterOwnership ownership;

    InventoryStore(DSLContext db, ClusterOwnership ownership) {
        this.db = db;
        this.ownership = ownership;
    }

    /** Key of a workload within a cluster. */
    public record Key(String namespace, String kind, String name) {}

    /** resourceVersion of every stored workload of the cluster. */
    public Map<Key, String> versions(String cluster) {
        Map<Key, String> m = new HashMap<>();
        db.select(
                        INVENTORY_WORKLOAD.NAMESPACE,
                        INVENTORY_WORKLOAD.KIND,
                        INVENTORY_WORKLOAD.NAME,
                        INVENTORY_WORKLOAD.RESOURCE_VERSION)
                .from(INVENTORY_WORKLOAD)
                .where(INVENTORY_WORKLOAD.CLUSTER.eq(cluster))
                .forEach(r -> m.put(new Key(r.value1(), r.value2(), r.value3()), r.value4()));
        return m;
    }

    /** One change of a workload: its new facts, or (facts null) its deletion. */
    public record Change(String cluster, Key key, @Nullable WorkloadFacts facts) {}

    /**
     * Applies the changes in order, in JDBC batches of {@code BATCH}; an upsert whose resourceVersion is already
     * stored writes nothing. Returns, per change, whether a row was written or deleted.
     */
    public boolean[] apply(List<Change> changes) {
        changes.stream().map(Change::cluster).distinct().forEach(ownership::fence);
        List<Query> queries = new ArrayList<>(changes.size());
        for (Change c : changes) {
            queries.add(c.facts() == null ? deleteQuery(c.cluster(), c.key()) : upsertIfChanged(c.facts()));
        }
        int[] counts = executeInBatches(queries);
        boolean[] out = new boolean[changes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i >= counts.length || counts[i] != 0; // unknown counts count as written
        }
        return out;
    }

    /** Runs the queries in order as JDBC batches of {@code BATCH}; returns their update counts. */
    private int[] executeInBatches(List<Query> queries) {
        int[] counts = new int[queries.size()];
        for (int from = 0; from < queries.size(); from += BATCH) {
            int[] part = db.batch(queries.subList(from, Math.min(queries.size(), from + BATCH)))
                    .execute();
            System.arraycopy(part, 0, counts, from, Math.min(part.length, counts.length - from));
        }
        return counts;
    }

    private Query upsertIfChanged(WorkloadFacts w) {
        return upsertQuery(w).where(INVENTORY_WORKLOAD.RESOURCE_VERSION.ne(w.resourceVersion()));
    }

    private org.jooq.InsertOnDuplicateSetMoreStep<?> upsertQuery(WorkloadFacts w) {
        Set<String> images = new LinkedHashSet<>();
        w.template().images().forEach(i -> {
            images.add(i.reference());
            images.add(i.name());
        });
        JSONB template = JSONB.valueOf(JSON.writeValueAsString(w.template()));
        OffsetDateTime at = utc(w.observedAt());
        return db.insertInto(INVENTORY_WORKLOAD)
                .set(INVENTORY_WORKLOAD.CLUSTER, w.cluster())
                .set(INVENTORY_WORKLOAD.NAMESPACE, w.namespace())
                .set(INVENTORY_WORKLOAD.KIND, w.kind())
                .set(INVENTORY_WORKLOAD.NAME, w.name())
                .set(INVENTORY_WORKLOAD.UID, w.uid())
                .set(INVENTORY_WORKLOAD.TEMPLATE, template)
                .set(INVENTORY_WORKLOAD.IMAGES, images.toArray(String[]::new))
                .set(INVENTORY_WORKLOAD.RESOURCE_VERSION, w.resourceVersion())
                .set(INVENTORY_WORKLOAD.OBSERVED_AT, at)
                .onConflict(
                        INVENTORY_WORKLOAD.CLUSTER,
                        INVENTORY_WORKLOAD.NAMESPACE,
                        INVENTORY_WORKLOAD.KIND,
                        INVENTORY_WORKLOAD.NAME)
                .doUpdate()
                .set(INVENTORY_WORKLOAD.UID, w.uid())
                .set(INVENTORY_WORKLOAD.TEMPLATE, template)
                .set(INVENTORY_WORKLOAD.IMAGES, images.toArray(String[]::new))
                .set(INVENTORY_WORKLOAD.RESOURCE_VERSION, w.resourceVersion())
                .set(INVENTORY_WORKLOAD.OBSERVED_AT, at);
    }

    private Query deleteQuery(String cluster, Key k) {
        return db.deleteFrom(INVENTORY_WORKLOAD)
                .where(INVENTORY_WORKLOAD.CLUSTER.eq(cluster))
                .and(INVENTORY_WORKLOAD.NAMESPACE.eq(k.namespace()))
                .and(INVENTORY_WORKLOAD.KIND.eq(k.kind()))
                .and(INVENTORY_WORKLOAD.NAME.eq(k.name()));
    }

    /**
     * The workloads of many namespaces of a cluster, by namespace (one query). Only the columns the facts hold are
     * read (not the images array, which only the image search uses); the facts are parsed with one prepared reader.
     */
    public Map<String, List<WorkloadFacts>> workloads(String cluster, Collection<String> namespaces) {
        Map<String, List<WorkloadFacts>> m = new HashMap<>();
        var w = INVENTORY_WORKLOAD;
        db.select(w.NAMESPACE, w.KIND, w.NAME, w.UID, w.RESOURCE_VERSION, w.TEMPLATE, w.OBSERVED_AT)
                .from(w)
                .where(w.CLUSTER.eq(cluster))
                .and(w.NAMESPACE.eq(DSL.any(namespaces.toArray(String[]::new))))
                .orderBy(w.NAMESPACE, w.KIND, w.NAME)
                .fetchSize(1000)
                .forEach(r -> m.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(new WorkloadFacts(
                                cluster,
                                r.value1(),
                                r.value2(),
                                r.value3(),
                                r.value4(),
                                r.value5(),
                                TEMPLATE.readValue(r.value6().data()),
                                r.value7().toInstant())));
        return m;
    }

    /** The observations of many namespaces of a cluster, by namespace (one query). */
    public Map<String, NamespaceObservation> namespaces(String cluster, Collection<String> namespaces) {
        Map<String, NamespaceObservation> m = new HashMap<>();
        db.selectFrom(INVENTORY_NAMESPACE)
                .where(INVENTORY_NAMESPACE.CLUSTER.eq(cluster))
                .and(INVENTORY_NAMESPACE.NAMESPACE.eq(DSL.any(namespaces.toArray(String[]::new))))
                .forEach(r -> m.put(r.getNamespace(), mapNamespace(r)));
        return m;
    }

    /**
     * Deletes the observations of a cluster's namespaces other than {@code keep} (deleted from the cluster, or no
     * longer managed there).
     *
     * @return the namespaces whose observation was deleted
     */
    public Set<String> deleteNamespacesExcept(String cluster, Set<String> keep) {
        ownership.fence(cluster);
        return new java.util.TreeSet<>(db.deleteFrom(INVENTORY_NAMESPACE)
                .where(INVENTORY_NAMESPACE.CLUSTER.eq(cluster))
                .and(INVENTORY_NAMESPACE.NAMESPACE.ne(DSL.all(keep.toArray(String[]::new))))
                .returning(INVENTORY_NAMESPACE.NAMESPACE)
                .fetch(INVENTORY_NAMESPACE.NAMESPACE));
    }

    /**
     * Stores the observations of one cluster that differ (in anything but the time) from what is stored, in JDBC
     * batches; returns the namespaces written.
     */
    public Set<String> upsertAll(String cluster, Collection<NamespaceObservation> all) {
        ownership.fence(cluster);
        Map<String, NamespaceObservation> stored = namespaces(
                cluster, all.stream().map(NamespaceObservation::namespace).toList());
        Set<String> written = new java.util.TreeSet<>();
        List<Query> queries = new ArrayList<>();
        for (NamespaceObservation o : all) {
            NamespaceObservation old = stored.get(o.namespace());
            if (old == null || !same(old, o)) {
                written.add(o.namespace());
                queries.add(upsertQuery(o));
            }
        }
        executeInBatches(queries);
        return written;
    }

    private Query upsertQuery(NamespaceObservation o) {
        JSONB labels = JSONB.valueOf(JSON.writeValueAsString(o.labels()));
        JSONB sas = JSONB.valueOf(JSON.writeValueAsString(o.serviceAccountAutomount()));
        JSONB peers = JSONB.valueOf(JSON.writeValueAsString(o.tenantNetworkPolicyPeers()));
        return db.insertInto(INVENTORY_NAMESPACE)
                .set(INVENTORY_NAMESPACE.CLUSTER, o.cluster())
                .set(INVENTORY_NAMESPACE.NAMESPACE, o.namespace())
                .set(INVENTORY_NAMESPACE.LABELS, labels)
                .set(INVENTORY_NAMESPACE.RESOURCE_QUOTAS, o.resourceQuotas().toArray(String[]::new))
                .set(INVENTORY_NAMESPACE.LIMIT_RANGES, o.limitRanges().toArray(String[]::new))
                .set(INVENTORY_NAMESPACE.DEFAULT_DENY_INGRESS, o.defaultDenyIngress())
                .set(INVENTORY_NAMESPACE.DEFAULT_DENY_EGRESS, o.defaultDenyEgress())
                .set(INVENTORY_NAMESPACE.SERVICE_ACCOUNTS, sas)
                .set(INVENTORY_NAMESPACE.TENANT_NETWORK_POLICY_PEERS, peers)
                .set(INVENTORY_NAMESPACE.OBSERVED_AT, utc(o.observedAt()))
                .onConflict(INVENTORY_NAMESPACE.CLUSTER, INVENTORY_NAMESPACE.NAMESPACE)
                .doUpdate()
                .set(INVENTORY_NAMESPACE.LABELS, labels)
                .set(INVENTORY_NAMESPACE.RESOURCE_QUOTAS, o.resourceQuotas().toArray(String[]::new))
                .set(INVENTORY_NAMESPACE.LIMIT_RANGES, o.limitRanges().toArray(String[]::new))
                .set(INVENTORY_NAMESPACE.DEFAULT_DENY_INGRESS, o.defaultDenyIngress())
                .set(INVENTORY_NAMESPACE.DEFAULT_DENY_EGRESS, o.defaultDenyEgress())
                .set(INVENTORY_NAMESPACE.SERVICE_ACCOUNTS, sas)
                .set(INVENTORY_NAMESPACE.TENANT_NETWORK_POLICY_PEERS, peers)
                .set(INVENTORY_NAMESPACE.OBSERVED_AT, utc(o.observedAt()));
    }

    private static boolean same(NamespaceObservation a, NamespaceObservation b) {
        return a.labels().equals(b.labels())
                && Set.copyOf(a.resourceQuotas()).equals(Set.copyOf(b.resourceQuotas()))
                && Set.copyOf(a.limitRanges()).equals(Set.copyOf(b.limitRanges()))
                && a.defaultDenyIngress() == b.defaultDenyIngress()
                && a.defaultDenyEgress() == b.defaultDenyEgress()
                && a.serviceAccountAutomount().equals(b.serviceAccountAutomount())
                && a.tenantNetworkPolicyPeers().equals(b.tenantNetworkPolicyPeers());
    }

    private static NamespaceObservation mapNamespace(Record rec) {
        var r = rec.into(INVENTORY_NAMESPACE);
        return new NamespaceObservation(
                r.getCluster(),
                r.getNamespace(),
                JSON.readValue(r.getLabels().data(), new TypeReference<Map<String, String>>() {}),
                List.of(r.getResourceQuotas()),
                List.of(r.getLimitRanges()),
                r.getDefaultDenyIngress(),
                r.getDefaultDenyEgress(),
                JSON.readValue(r.getServiceAccounts().data(), new TypeReference<Map<String, Boolean>>() {}),
                r.getObservedAt().toInstant(),
                JSON.readValue(
                        r.getTenantNetworkPolicyPeers().data(), new TypeReference<List<NetworkPolicyPeer>>() {}));
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
