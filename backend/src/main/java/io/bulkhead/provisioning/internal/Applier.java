package io.bulkhead.provisioning.internal;

import io.bulkhead.clusters.internal.kube.Outages;
import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one place Bulkhead writes to clusters. Server-side apply with field manager {@value #FIELD_MANAGER}, forced
 * on the objects we own; bounded retries with backoff; objects that already hold every desired field are not
 * written at all; objects we own but no longer want are pruned by label; each object is read back and reported.
 * A missing or changed object that we applied before is reported as drift, with the field manager that changed
 * it (from managedFields) when the API server knows it.
 */
@Component
public class Applier {
    public static final String FIELD_MANAGER = "bulkhead";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String NAMESPACE_LABEL = "bulkhead.io/namespace";
    private static final String EXCEPTION_NAMESPACE_LABEL =
            io.bulkhead.provisioning.internal.render.TierRenderer.EXCEPTION_NAMESPACE_LABEL;
    private static final Logger log = LoggerFactory.getLogger(Applier.class);
    private static final int ATTEMPTS = 4;

    /** Per-object outcome. {@code drift} is null when the object was as we left it. */
    public record ObjectResult(
            String key,
            String apiVersion,
            String kind,
            @Nullable String namespace,
            String name,
            String status,
            @Nullable String message,
            @Nullable String resourceVersion,
            boolean written,
            @Nullable Drift drift,
            @Nullable String change) {
        /** Whether this apply changed the object on Bulkhead's own account (not a repair of drift). */
        public boolean ownChange() {
            return written && drift == null && change != null;
        }
    }

    /**
     * What changed behind our back: {@code deleted} or {@code modified}; by whom if the API server knows it (the
     * field manager that last wrote the changed fields); and the fields Bulkhead had set, as applied and as found.
     */
    public record Drift(
            String change,
            @Nullable String fieldManager,
            @Nullable String fields) {}

    /**
     * What earlier passes left for a namespace: the keys they applied, the object each last applied (loaded on
     * demand; null when not recorded, e.g. before it was kept) and the resourceVersion each read back.
     */
    public interface History {
        boolean applied(String key);

        @Nullable
        HasMetadata lastApplied(String key);

        @Nullable
        String resourceVersion(String key);

        /** Only the keys: no last applied objects or versions known (every difference then counts as drift). */
        static History ofKeys(Set<String> keys) {
            return new History() {
                @Override
                public boolean applied(String key) {
                    return keys.contains(key);
                }

                @Override
                public @Nullable HasMetadata lastApplied(String key) {
                    return null;
                }

                @Override
                public @Nullable String resourceVersion(String key) {
                    return null;
                }
            };
        }

        /** This history, with {@code objects} as the last applied ones for the keys in {@code appliedKeys}. */
        default History then(List<HasMetadata> objects, Set<String> appliedKeys) {
            History before = this;
            Map<String, HasMetadata> now = new java.util.HashMap<>();
            objects.stream().filter(o -> appliedKeys.contains(key(o))).forEach(o -> now.put(key(o), o));
            return new History() {
                @Override
                public boolean applied(String key) {
                    return now.containsKey(key) || before.applied(key);
                }

                @Override
                public @Nullable HasMetadata lastApplied(String key) {
                    HasMetadata o = now.get(key);
                    return o != null ? o : before.lastApplied(key);
                }

                @Override
                public @Nullable String resourceVersion(String key) {
                    return now.containsKey(key) ? null : before.resourceVersion(key);
                }
            };
        }
    }

    /**
     * The outcome of one {@link #apply}. {@code namespaceCreated}: the Namespace did not exist when this apply read
     * it, and this apply created it (so nothing else of ours can be in it).
     */
    public record Report(List<ObjectResult> objects, List<String> pruned, boolean namespaceCreated) {
        public boolean ok() {
            return objects.stream().allMatch(o -> o.status().equals("APPLIED"));
        }

        public long writes() {
            return objects.stream().filter(ObjectResult::written).count() + pruned.size();
        }

        public List<ObjectResult> drifted() {
            return objects.stream().filter(o -> o.drift() != null).toList();
        }
    }

    public static String key(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getApiVersion() + "/" + o.getKind() + "/" + (ns == null ? "" : ns) + "/"
                + o.getMetadata().getName();
    }

    /**
     * Applies {@code objects} in order (cluster-scoped policies and the Namespace first). {@code previouslyApplied}
     * are the keys applied by an earlier pass: finding one of them missing is drift. {@code pruneKinds} are the
     * namespaced kinds to prune in {@code namespace} by the managed-by and namespace labels.
     */
    public Report apply(
            KubernetesClient client,
            String namespace,
            List<HasMetadata> objects,
            Set<String> previouslyApplied,
            List<Class<? extends HasMetadata>> pruneKinds) {
        return apply(client, namespace, objects, previouslyApplied, pruneKinds, null);
    }

    /**
     * As {@link #apply(KubernetesClient, String, List, Set, List)}, reading live objects from {@code live} (a
     * {@link #snapshot} of the cluster taken once per pass) instead of one GET per object: an object the snapshot
     * shows holding every desired field costs no request, and pruning uses the snapshot instead of one LIST per
     * kind. Anything else (an object missing from the snapshot or changed) is read fresh and applied as usual, so
     * drift is still detected against the current object.
     */
    public Report apply(
            KubernetesClient client,
            String namespace,
            List<HasMetadata> objects,
            Set<String> previouslyApplied,
            List<Class<? extends HasMetadata>> pruneKinds,
            @Nullable Live live) {
        return apply(client, namespace, objects, History.ofKeys(previouslyApplied), pruneKinds, live);
    }

    /**
     * As {@link #apply(KubernetesClient, String, List, Set, List, Live)}, telling Bulkhead's own changes from drift
     * by {@code history}: an object that still holds every field Bulkhead last applied and is written now because
     * the desired state changed (a tier roll, an exception) is Bulkhead's own change, never drift; one that no longer
     * holds them was changed by someone else.
     */
    public Report apply(
            KubernetesClient client,
            String namespace,
            List<HasMetadata> objects,
            History history,
            List<Class<? extends HasMetadata>> pruneKinds,
            @Nullable Live live) {
        List<ObjectResult> results = new ArrayList<>();
        Set<String> wanted = new LinkedHashSet<>();
        boolean namespaceFailed = false;
        // true once this call has created the namespace (it did not exist when read): nothing can be in it yet,
        // so objects never applied before are applied without reading them first, and nothing is pruned
        boolean namespaceCreated = false;
        for (HasMetadata desired : objects) {
            String key = key(desired);
            wanted.add(key);
            if (namespaceFailed && desired.getMetadata().getNamespace() != null) {
                results.add(result(
                        desired,
                        "FAILED",
                        "Not applied: the namespace itself could not be applied.",
                        null,
                        false,
                        null,
                        null));
                continue;
            }
            boolean appliedBefore = history.applied(key);
            HasMetadata seen = live == null ? null : live.unchanged(desired);
            boolean isNamespace = desired.getKind().equals("Namespace");
            ObjectResult r;
            if (seen != null) {
                r = result(desired, "APPLIED", null, seen.getMetadata().getResourceVersion(), false, null, null);
            } else {
                boolean inNewNamespace = namespaceCreated
                        && !appliedBefore
                        && namespace.equals(desired.getMetadata().getNamespace());
                Applied a = applyOne(client, desired, appliedBefore, inNewNamespace, history);
                r = a.result();
                if (isNamespace && namespace.equals(desired.getMetadata().getName())) {
                    namespaceCreated = a.created();
                }
            }
            results.add(r);
            if (isNamespace && !r.status().equals("APPLIED")) {
                namespaceFailed = true;
            }
        }
        List<String> pruned =
                namespaceFailed || namespaceCreated ? List.of() : prune(client, namespace, wanted, pruneKinds, live);
        return new Report(results, pruned, namespaceCreated && !namespaceFailed);
    }

    /** One object's result, and whether it did not exist before this apply (only known when it was read). */
    private record Applied(ObjectResult result, boolean created) {}

    /**
     * Reads the object and applies it unless it already holds every desired field. {@code blind}: it cannot exist
     * (in a namespace this pass created) and was never applied, so it is applied without reading it first.
     */
    private Applied applyOne(
            KubernetesClient client, HasMetadata desired, boolean appliedBefore, boolean blind, History history) {
        try {
            HasMetadata live =
                    blind ? null : withRetry(() -> client.resource(desired).get());
            boolean claimed = false;
            if (live == null
                    && !blind
                    && desired instanceof io.fabric8.kubernetes.api.model.Namespace
                    && Ownership.annotation(desired, TierRenderer.OWNER_ANNOTATION) != null) {
                // claim the name first with a plain create, which fails if anything else holds it (even one created
                // a moment after our read): server-side apply alone would merge into, and so take over, that object.
                // Only Namespaces: the other owned objects are cluster-scoped policy copies no tenant can create
                Claim c = claim(client, desired);
                live = c.live();
                claimed = c.created();
            }
            if (live != null && !claimed) {
                String refusal = Ownership.refusal(desired, live);
                if (refusal != null) {
                    log.warn("Not applying {}: it exists and is not Bulkhead's for this record", key(desired));
                    return new Applied(result(desired, "FAILED", refusal, null, false, null, null), false);
                }
                if (satisfies(desired, live)) {
                    return new Applied(
                            result(
                                    desired,
                                    "APPLIED",
                                    null,
                                    live.getMetadata().getResourceVersion(),
                                    false,
                                    null,
                                    null),
                            false);
                }
            }
            // forced only past the ownership check above: the object is new (claimed by us), carries this record's
            // owner annotation or Bulkhead's label and field manager, or lives in a namespace this pass proved ours
            HasMetadata applied = withRetry(() -> client.resource(desired)
                    .fieldManager(FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply());
            String rv = applied.getMetadata().getResourceVersion();
            ownWrite(applied);
            Drift drift = null;
            String change = null;
            boolean existed = live != null && !claimed;
            if (!existed && appliedBefore && isOwnDelete(key(desired))) {
                change = "created"; // Bulkhead itself deleted it a moment ago (a shared policy another namespace
                // released)
            } else if (!existed && appliedBefore) {
                drift = new Drift("deleted", null, null);
            } else if (existed && !Objects.equals(rv, live.getMetadata().getResourceVersion())) {
                drift = appliedBefore ? drift(key(desired), live, history) : null;
                change = "updated";
            } else if (!existed) {
                change = "created";
            }
            return new Applied(
                    result(desired, "APPLIED", null, rv, true, drift, drift == null ? change : null),
                    claimed || (live == null && !blind));
        } catch (KubernetesClientException e) {
            if (Outages.isOutage(e)) {
                throw e; // the cluster, not this object: the caller stops instead of trying the next object
            }
            log.info(
                    "Applying {} failed: {} {}",
                    key(desired),
                    e.getCode(),
                    e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
            return new Applied(result(desired, "FAILED", explain(e), null, false, null, null), false);
        }
    }

    /** The object after a {@link #claim}: the one we created, or the one that was already there. */
    private record Claim(HasMetadata live, boolean created) {}

    /**
     * Creates a bare Namespace with only the name and the owner annotation (POST: refused when the name is held). On a
     * conflict the holder is read back, so the caller checks whose it is instead of writing over it.
     */
    private Claim claim(KubernetesClient client, HasMetadata desired) {
        HasMetadata bare = new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(desired.getMetadata().getName())
                .withAnnotations(Map.of(
                        TierRenderer.OWNER_ANNOTATION, Ownership.annotation(desired, TierRenderer.OWNER_ANNOTATION)))
                .endMetadata()
                .build();
        try {
            HasMetadata created = withRetry(() -> client.resource(bare).create());
            ownWrite(created);
            return new Claim(created, true);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            HasMetadata holder = withRetry(() -> client.resource(desired).get());
            if (holder == null) {
                throw e;
            }
            return new Claim(holder, false);
        }
    }

    private List<String> prune(
            KubernetesClient client,
            String namespace,
            Set<String> wanted,
            List<Class<? extends HasMetadata>> kinds,
            @Nullable Live live) {
        List<String> pruned = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : kinds) {
            List<? extends HasMetadata> owned = live != null && live.covers(kind)
                    ? live.owned(kind, namespace)
                    : withRetry(() -> client.resources(kind)
                            .inNamespace(namespace)
                            .withLabel(MANAGED_BY, FIELD_MANAGER)
                            .withLabel(NAMESPACE_LABEL, namespace)
                            .list()
                            .getItems());
            for (HasMetadata o : owned) {
                String k = key(o);
                if (!wanted.contains(k)) {
                    withRetry(() -> client.resource(o).delete());
                    ownDelete(k);
                    pruned.add(k);
                }
            }
        }
        return pruned;
    }

    /**
     * Removes labels from a Namespace this pass has applied (so it is ours): server-side apply does not drop a label
     * the live object holds when every desired field is present, so labels that must go are removed here.
     */
    public void removeNamespaceLabels(KubernetesClient client, String namespace, java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        ownWrite(withRetry(() -> client.namespaces().withName(namespace).edit(n -> {
            var b = new io.fabric8.kubernetes.api.model.NamespaceBuilder(n);
            keys.forEach(k -> b.editMetadata().removeFromLabels(k).endMetadata());
            return b.build();
        })));
    }

    /**
     * A namespace's exception policy copies of {@code kind} that belong to record {@code owner} (listed by label,
     * then checked by {@link Ownership#owns}: a copy that carries another record's id is never returned).
     */
    public List<HasMetadata> exceptionCopies(
            KubernetesClient client,
            Class<? extends HasMetadata> kind,
            String namespace,
            String owner,
            @Nullable Live live) {
        List<? extends HasMetadata> listed = live != null && live.covers(kind)
                ? live.exceptionCopies(kind, namespace)
                : withRetry(() -> client.resources(kind)
                        .withLabel(MANAGED_BY, FIELD_MANAGER)
                        .withLabel(EXCEPTION_NAMESPACE_LABEL, namespace)
                        .list()
                        .getItems());
        return listed.stream()
                .filter(o -> Ownership.owns(o, owner, null, namespace))
                .map(HasMetadata.class::cast)
                .toList();
    }

    /** Deletes one object that {@link #exceptionCopies} or {@link #prune} found to be ours. */
    public void delete(KubernetesClient client, HasMetadata ours) {
        withRetry(() -> client.resource(ours).delete());
        ownDelete(key(ours));
    }

    /**
     * The team's own NetworkPolicies in {@code namespace}: those without Bulkhead's managed-by label (a quarantine
     * parks them, since any of them could allow traffic beside Bulkhead's deny-all).
     */
    public List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy> teamNetworkPolicies(
            KubernetesClient client, String namespace) {
        return withRetry(() -> client.network()
                        .v1()
                        .networkPolicies()
                        .inNamespace(namespace)
                        .withoutLabel(MANAGED_BY, FIELD_MANAGER)
                        .list()
                        .getItems())
                .stream()
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    /** Deletes one of the team's NetworkPolicies once a quarantine has parked it in the database. */
    public void deleteParked(KubernetesClient client, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy p) {
        withRetry(() -> client.network()
                .v1()
                .networkPolicies()
                .inNamespace(p.getMetadata().getNamespace())
                .withName(p.getMetadata().getName())
                .delete());
    }

    /**
     * Puts a parked team NetworkPolicy back as it was (name, labels, annotations, spec); false when one of that name
     * exists again (the team made it meanwhile: left as it is).
     */
    public boolean restoreParked(
            KubernetesClient client, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy p) {
        var m = p.getMetadata();
        var clean = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(m.getName())
                .withNamespace(m.getNamespace())
                .withLabels(m.getLabels())
                .withAnnotations(m.getAnnotations())
                .endMetadata()
                .withSpec(p.getSpec())
                .build();
        try {
            withRetry(() -> client.network()
                    .v1()
                    .networkPolicies()
                    .inNamespace(m.getNamespace())
                    .resource(clean)
                    .create());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** What {@link #deleteNamespace} found. */
    public enum Removal {
        /** The namespace is ours and being deleted (the namespace controller finishes). */
        DELETING,
        /** No namespace of that name exists. */
        GONE,
        /** A namespace of that name exists and is not this record's: left untouched. */
        NOT_OURS
    }

    /**
     * Deletes namespace {@code name} only when it belongs to record {@code owner} of {@code team} (see {@link
     * Ownership#owns}); anything else of that name is never deleted.
     */
    public Removal deleteNamespace(KubernetesClient client, String name, String owner, String team) {
        var live = withRetry(() -> client.namespaces().withName(name).get());
        if (live == null) {
            return Removal.GONE;
        }
        if (!Ownership.owns(live, owner, team, null)) {
            log.warn("Not deleting namespace {}: it is not Bulkhead's for this record", name);
            return Removal.NOT_OURS;
        }
        if (live.getMetadata().getDeletionTimestamp() == null) {
            withRetry(() -> client.namespaces().withName(name).delete());
            ownDelete(key(live));
        }
        return Removal.DELETING;
    }

    /**
     * Server-side apply in dry-run mode (nothing is persisted): whether the API server and its admission would
     * accept the object. Throws the API server's refusal.
     */
    public void dryRun(KubernetesClient client, HasMetadata o) {
        client.resource(o).dryRun().fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /** What {@link #adopt} found. */
    public enum Adoption {
        /** The namespace now carries the record's owner annotation (or already did). */
        CLAIMED,
        /** No namespace of that name exists (or it is being deleted): nothing to adopt. */
        MISSING,
        /** The namespace carries another record's owner annotation: never taken over, not even by adoption. */
        TAKEN
    }

    /**
     * Claims an existing namespace for record {@code owner} (a reviewed adoption): sets the owner annotation with an
     * update that fails if the namespace changed since it was read, and only when it carries no owner yet.
     */
    public Adoption adopt(KubernetesClient client, String name, String owner) {
        var live = withRetry(() -> client.namespaces().withName(name).get());
        if (live == null || live.getMetadata().getDeletionTimestamp() != null) {
            return Adoption.MISSING;
        }
        String have = Ownership.annotation(live, TierRenderer.OWNER_ANNOTATION);
        if (have != null) {
            return have.equals(owner) ? Adoption.CLAIMED : Adoption.TAKEN;
        }
        var claimed = new io.fabric8.kubernetes.api.model.NamespaceBuilder(live)
                .editMetadata()
                .addToAnnotations(TierRenderer.OWNER_ANNOTATION, owner)
                .endMetadata()
                .build();
        // carries the resourceVersion read above: a change in between is a 409, and the next pass decides again
        ownWrite(client.resource(claimed).update());
        return Adoption.CLAIMED;
    }

    /**
     * Whether a namespace named {@code name} exists in the cluster (whoever's it is). For validating a new request:
     * a name that exists is never handed to a requester.
     */
    public boolean namespaceExists(KubernetesClient client, String name) {
        return withRetry(() -> client.namespaces().withName(name).get()) != null;
    }

    /** The kinds a {@link #snapshot} lists: everything tiers render, and everything pruned. */
    public static final List<Class<? extends HasMetadata>> SNAPSHOT_KINDS = List.of(
            io.fabric8.kubernetes.api.model.Namespace.class,
            io.fabric8.kubernetes.api.model.ResourceQuota.class,
            io.fabric8.kubernetes.api.model.LimitRange.class,
            io.fabric8.kubernetes.api.model.ServiceAccount.class,
            io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
            io.fabric8.kubernetes.api.model.rbac.RoleBinding.class,
            io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy.class,
            io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding.class);

    /**
     * Every object labelled {@code managed-by=bulkhead} of the {@code covered} kinds in one cluster, by
     * {@link #key}, as listed at one moment. A desired object of a covered kind that carries the label and is not
     * in {@code byKey} did not exist then. Indexed once by namespace label and by exception-namespace label, so a
     * pass over n namespaces does not scan the whole snapshot per namespace (which made the pass O(n²)).
     */
    public static final class Live {
        private final Map<String, HasMetadata> byKey;
        private final Set<String> covered;
        private final Map<String, List<HasMetadata>> byNamespaceLabel;
        private final Map<String, List<HasMetadata>> byExceptionNamespace;

        public Live(Map<String, HasMetadata> byKey, Set<String> covered) {
            this.byKey = Map.copyOf(byKey);
            this.covered = Set.copyOf(covered);
            this.byNamespaceLabel = index(this.byKey.values(), NAMESPACE_LABEL);
            this.byExceptionNamespace = index(this.byKey.values(), EXCEPTION_NAMESPACE_LABEL);
        }

        private static Map<String, List<HasMetadata>> index(java.util.Collection<HasMetadata> objects, String label) {
            Map<String, List<HasMetadata>> index = new java.util.HashMap<>();
            for (HasMetadata o : objects) {
                var labels = o.getMetadata().getLabels();
                String value = labels == null ? null : labels.get(label);
                if (value != null) {
                    index.computeIfAbsent(value, k -> new ArrayList<>()).add(o);
                }
            }
            return index;
        }

        static String kindKey(Class<? extends HasMetadata> kind) {
            return HasMetadata.getApiVersion(kind) + "/" + HasMetadata.getKind(kind);
        }

        boolean covers(Class<? extends HasMetadata> kind) {
            return covered.contains(kindKey(kind));
        }

        /** The listed object with this {@link #key}, if there was one. */
        @Nullable
        HasMetadata get(String key) {
            return byKey.get(key);
        }

        /** The listed object when it holds every field of {@code desired}; null when it must be read and applied. */
        @Nullable
        HasMetadata unchanged(HasMetadata desired) {
            var labels = desired.getMetadata().getLabels();
            if (!covered.contains(desired.getApiVersion() + "/" + desired.getKind())
                    || labels == null
                    || !FIELD_MANAGER.equals(labels.get(MANAGED_BY))) {
                return null;
            }
            HasMetadata seen = byKey.get(key(desired));
            return seen != null && satisfies(desired, seen) ? seen : null;
        }

        /** Objects of {@code kind} in {@code namespace} that carry its namespace label (what pruning considers). */
        List<HasMetadata> owned(Class<? extends HasMetadata> kind, String namespace) {
            String k = kindKey(kind);
            return byNamespaceLabel.getOrDefault(namespace, List.of()).stream()
                    .filter(o -> k.equals(o.getApiVersion() + "/" + o.getKind()))
                    .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
                    .toList();
        }

        /** Objects of {@code kind} labelled as a namespace's exception policy copies. */
        List<HasMetadata> exceptionCopies(Class<? extends HasMetadata> kind, String namespace) {
            return byExceptionNamespace.getOrDefault(namespace, List.of()).stream()
                    .filter(kind::isInstance)
                    .toList();
        }
    }

    /**
     * Lists, once, every object Bulkhead manages in the cluster (one LIST per kind of {@link #SNAPSHOT_KINDS},
     * across all namespaces, by the managed-by label), for a pass over many namespaces. A kind that cannot be
     * listed (not served, or forbidden) is left out and its objects are read one by one as before.
     */
    public Live snapshot(KubernetesClient client) {
        Map<String, HasMetadata> byKey = new java.util.HashMap<>();
        Set<String> covered = new java.util.HashSet<>();
        for (Class<? extends HasMetadata> kind : SNAPSHOT_KINDS) {
            try {
                List<? extends HasMetadata> items = withRetry(() -> listManaged(client, kind));
                items.forEach(o -> byKey.put(key(o), o));
                covered.add(Live.kindKey(kind));
            } catch (KubernetesClientException e) {
                if (Outages.isOutage(e)) {
                    throw e; // reading one by one would fail (or hang) the same way, per object
                }
                log.info("Listing {} failed ({}); its objects are read one by one", kind.getSimpleName(), e.getCode());
            }
        }
        return new Live(byKey, covered);
    }

    private static List<? extends HasMetadata> listManaged(KubernetesClient client, Class<? extends HasMetadata> kind) {
        var op = client.resources(kind);
        return io.fabric8.kubernetes.api.model.Namespaced.class.isAssignableFrom(kind)
                ? op.inAnyNamespace()
                        .withLabel(MANAGED_BY, FIELD_MANAGER)
                        .list()
                        .getItems()
                : op.withLabel(MANAGED_BY, FIELD_MANAGER).list().getItems();
    }

    /**
     * Whether {@code live}, about to be written because it does not hold the desired fields, was changed by someone
     * else since Bulkhead last applied it (null: no, the write is Bulkhead's own change). With the last applied object
     * known: someone else changed it when it no longer holds every field of that object, and the changed fields name
     * the field manager. Without it (rows from before it was kept): when its resourceVersion is not the one the last
     * pass read back.
     */
    static @Nullable Drift drift(String key, HasMetadata live, History history) {
        HasMetadata previous = history.lastApplied(key);
        if (previous != null) {
            List<FieldChanges.Change> changes = FieldChanges.between(previous, live);
            if (changes.isEmpty()) {
                return null;
            }
            return new Drift("modified", FieldChanges.manager(live, changes), FieldChanges.describe(changes));
        }
        String recorded = history.resourceVersion(key);
        if (recorded != null && recorded.equals(live.getMetadata().getResourceVersion())) {
            return null;
        }
        return new Drift("modified", lastOtherManager(live), null);
    }

    /**
     * Object keys with the resourceVersions Bulkhead itself just wrote (the most recent {@value #OWN_WRITES_KEPT}): a
     * watch event that carries one of them is the echo of Bulkhead's own write, not someone else's change.
     */
    private final Map<String, Boolean> ownWrites =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<String, Boolean>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > OWN_WRITES_KEPT;
                }
            });

    private static final int OWN_WRITES_KEPT = 50_000;

    private void ownWrite(@Nullable HasMetadata written) {
        if (written == null || written.getMetadata().getResourceVersion() == null) {
            return;
        }
        ownWrites.put(key(written) + "@" + written.getMetadata().getResourceVersion(), Boolean.TRUE);
    }

    /** When Bulkhead itself deleted an object, by key (bounded like {@link #ownWrites}). */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> ownDeletes =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static final long OWN_DELETE_NANOS = java.time.Duration.ofMinutes(2).toNanos();

    private void ownDelete(String key) {
        if (ownDeletes.size() > OWN_WRITES_KEPT) {
            ownDeletes.clear();
        }
        ownDeletes.put(key, System.nanoTime());
    }

    /** Whether Bulkhead itself deleted the object with this key in the last two minutes. */
    public boolean isOwnDelete(String key) {
        Long at = ownDeletes.get(key);
        return at != null && System.nanoTime() - at < OWN_DELETE_NANOS;
    }

    /** Whether the object with this {@link #key} at this resourceVersion is what one of Bulkhead's own writes made. */
    public boolean isOwnWrite(String key, @Nullable String resourceVersion) {
        return resourceVersion != null && ownWrites.containsKey(key + "@" + resourceVersion);
    }

    /** The object as the applier compares it (fabric8's mapping, without managedFields). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asComparable(HasMetadata o) {
        return COMPARING.convertValue(o, Map.class);
    }

    /** The most recent field manager other than us that touched the object, if the API server recorded one. */
    static @Nullable String lastOtherManager(HasMetadata live) {
        List<ManagedFieldsEntry> entries = live.getMetadata().getManagedFields();
        if (entries == null) {
            return null;
        }
        return entries.stream()
                .filter(m -> !FIELD_MANAGER.equals(m.getManager()))
                .max(Comparator.comparing(m -> m.getTime() == null ? "" : m.getTime()))
                .map(ManagedFieldsEntry::getManager)
                .orElse(null);
    }

    /** True when every field we set is present with the same value in the live object. */
    static boolean satisfies(HasMetadata desired, HasMetadata live) {
        Map<String, Object> want = COMPARING.convertValue(desired, Map.class);
        Map<String, Object> have = COMPARING.convertValue(live, Map.class);
        Object wantMeta = want.remove("metadata");
        Object haveMeta = have.remove("metadata");
        if (wantMeta instanceof Map<?, ?> wm && haveMeta instanceof Map<?, ?> hm) {
            if (!subset(wm.get("labels"), hm.get("labels")) || !subset(wm.get("annotations"), hm.get("annotations"))) {
                return false;
            }
        }
        want.remove("status");
        return subset(want, have);
    }

    /** fabric8's mapper, minus managedFields (often the largest part of a live object, and never compared). */
    private static final com.fasterxml.jackson.databind.ObjectMapper COMPARING = Serialization.jsonMapper()
            .copy()
            .addMixIn(io.fabric8.kubernetes.api.model.ObjectMeta.class, WithoutManagedFields.class);

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"managedFields"})
    private interface WithoutManagedFields {}

    static boolean subset(@Nullable Object want, @Nullable Object have) {
        if (want == null) {
            return true;
        }
        if (want instanceof Map<?, ?> wm) {
            if (!(have instanceof Map<?, ?> hm)) {
                return wm.isEmpty() && have == null;
            }
            for (var e : wm.entrySet()) {
                if (!subset(e.getValue(), hm.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (want instanceof List<?> wl) {
            if (!(have instanceof List<?> hl) || hl.size() != wl.size()) {
                return wl.isEmpty() && have == null;
            }
            for (int i = 0; i < wl.size(); i++) {
                if (!subset(wl.get(i), hl.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (want.equals(have)) {
            return true;
        }
        if (want instanceof String ws
                && have instanceof String hs
                && QUANTITY.matcher(ws).matches()
                && QUANTITY.matcher(hs).matches()) {
            return new Quantity(ws).equals(new Quantity(hs));
        }
        if (want instanceof Number wn && have instanceof Number hn) {
            return wn.doubleValue() == hn.doubleValue();
        }
        return false;
    }

    private static final java.util.regex.Pattern QUANTITY =
            java.util.regex.Pattern.compile("^[+-]?[0-9.]+([eE][+-]?[0-9]+|[numkMGTPE]i?|Ki)?$");

    private static ObjectResult result(
            HasMetadata o,
            String status,
            @Nullable String message,
            @Nullable String rv,
            boolean written,
            @Nullable Drift drift,
            @Nullable String change) {
        return new ObjectResult(
                key(o),
                o.getApiVersion(),
                o.getKind(),
                o.getMetadata().getNamespace(),
                o.getMetadata().getName(),
                status,
                message,
                rv,
                written,
                drift,
                change);
    }

    /** A message a user can act on. */
    static String explain(KubernetesClientException e) {
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return switch (e.getCode()) {
            case 401 ->
                "The cluster refused Bulkhead's credentials (401). An admin must update them under Admin → Clusters.";
            case 403 -> "Bulkhead's cluster identity lacks permission (403): " + detail;
            case 422, 400 -> "The API server rejected the object as invalid: " + detail;
            case 0 -> "The cluster could not be reached: " + detail;
            default -> "The API server answered " + e.getCode() + ": " + detail;
        };
    }

    private static boolean retryable(KubernetesClientException e) {
        int c = e.getCode();
        // a time-out is not retried: the API server hangs, and each attempt would wait the whole request time-out
        return (c == 0 && !Outages.isTimeout(e))
                || c == 409
                || c == 429
                || c == 500
                || c == 502
                || c == 503
                || c == 504;
    }

    private static <T> T withRetry(java.util.function.Supplier<T> call) {
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                if (attempt >= ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff *= 3;
            }
        }
    }
}
