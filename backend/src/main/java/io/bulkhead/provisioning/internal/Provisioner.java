package io.bulkhead.provisioning.internal;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.clusters.internal.kube.ClusterUnavailableException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.provisioning.ExemptionSource;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceSpec;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.ObjectStatus;
import io.bulkhead.provisioning.internal.render.DesiredState;
import io.bulkhead.provisioning.internal.render.ObjectNames;
import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.Tiers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes one namespace's cluster state match its desired state: renders the tier version, applies it with the one
 * {@link Applier}, records per-object status, moves the state (Approved → Provisioning → Ready/Failed), records
 * drift, and decommissions. Idempotent: running it twice, or after a crash at any point, converges.
 */
@Component
public class Provisioner {
    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
    static final List<Class<? extends HasMetadata>> PRUNE_KINDS =
            List.of(ResourceQuota.class, LimitRange.class, NetworkPolicy.class, RoleBinding.class);
    static final Set<NamespaceState> ACTIVE = EnumSet.of(
            NamespaceState.APPROVED, NamespaceState.PROVISIONING, NamespaceState.READY, NamespaceState.FAILED);

    private final NamespaceStore store;
    private final TierRenderer renderer;
    private final Applier applier;
    private final ClusterClients clients;
    private final Tiers tiers;
    private final Teams teams;
    private final AuditTrail audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ObjectProvider<ExemptionSource> exemptions;

    Provisioner(
            NamespaceStore store,
            TierRenderer renderer,
            Applier applier,
            ClusterClients clients,
            Tiers tiers,
            Teams teams,
            AuditTrail audit,
            Clock clock,
            TransactionTemplate tx,
            ObjectProvider<ExemptionSource> exemptions) {
        this.store = store;
        this.renderer = renderer;
        this.applier = applier;
        this.clients = clients;
        this.tiers = tiers;
        this.teams = teams;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.exemptions = exemptions;
    }

    /** The desired objects of a namespace (pure rendering; no API calls). */
    public DesiredState desired(ManagedNamespace ns) {
        return desired(ns, teamGroup(ns.team()));
    }

    private DesiredState desired(ManagedNamespace ns, String group) {
        TierBundle bundle = tiers.bundle(ns.tier(), ns.tierVersion())
                .orElseThrow(() ->
                        new IllegalStateException("Tier " + ns.tier() + " v" + ns.tierVersion() + " is not published"));
        return owned(
                ns.id(),
                renderer.render(
                        bundle,
                        new NamespaceSpec(
                                ns.cluster(),
                                ns.name(),
                                ns.team(),
                                group,
                                ns.tier(),
                                ns.tierVersion(),
                                ns.quotaPreset(),
                                ns.egress(),
                                exemptions.stream()
                                        .flatMap(source -> source.activeFor(ns.id()).stream())
                                        .toList())));
    }

    /**
     * Marks the Namespace and the namespace's exception policy copies with the record's id (the {@link
     * TierRenderer#OWNER_ANNOTATION owner annotation}): the applier writes to and deletes only objects that carry it.
     */
    private static DesiredState owned(UUID id, DesiredState state) {
        for (HasMetadata o : state.all()) {
            boolean copy = o.getMetadata().getLabels() != null
                    && o.getMetadata().getLabels().containsKey(TierRenderer.EXCEPTION_NAMESPACE_LABEL);
            if (o.getKind().equals("Namespace") || copy) {
                Map<String, String> annotations = o.getMetadata().getAnnotations() == null
                        ? new java.util.TreeMap<>()
                        : new java.util.TreeMap<>(o.getMetadata().getAnnotations());
                annotations.put(TierRenderer.OWNER_ANNOTATION, id.toString());
                o.getMetadata().setAnnotations(annotations);
            }
        }
        return state;
    }

    /** The OIDC group bound to a team's namespaces: the one registered on the team ({@code team-<id>} if none). */
    public String teamGroup(String team) {
        return teams.find(team).map(t -> t.oidcGroup()).orElse("team-" + team);
    }

    /** Result of one pass over a namespace. */
    public record Outcome(NamespaceState state, long writes, int drifted) {}

    /** One pass over one namespace: apply (or decommission) and record. */
    public Outcome reconcile(UUID id) {
        return reconcile(id, null);
    }

    /**
     * The live objects Bulkhead manages in {@code cluster}, listed once for a pass over many namespaces (see
     * {@link #beginPass}); null when the cluster cannot be reached.
     */
    private Applier.@org.jspecify.annotations.Nullable Live snapshot(String cluster) {
        try {
            return applier.snapshot(clients.forCluster(cluster));
        } catch (ClusterUnavailableException | KubernetesClientException e) {
            log.info("Cluster {} could not be listed; objects are read one by one: {}", cluster, e.getMessage());
            return null;
        }
    }

    /**
     * A periodic pass over many namespaces of one cluster: the cluster's live objects listed once (unchanged
     * objects then cost no API request), team groups looked up once, and the reconcile time of namespaces found
     * unchanged written in one statement by {@link #finish}. Use it from one thread.
     */
    public static final class Pass {
        private final Applier.@org.jspecify.annotations.Nullable Live live;
        private final Map<String, String> teamGroups = new java.util.HashMap<>();
        private final List<UUID> unchanged = new ArrayList<>();

        Pass(Applier.@org.jspecify.annotations.Nullable Live live) {
            this.live = live;
        }

        /** The cluster snapshot, or null when the cluster could not be listed (objects are then read one by one). */
        public Applier.@org.jspecify.annotations.Nullable Live live() {
            return live;
        }
    }

    /** Starts a {@link Pass} over {@code cluster}: lists its live objects once. */
    public Pass beginPass(String cluster) {
        return new Pass(snapshot(cluster));
    }

    /** Records the reconcile time of the namespaces {@code pass} found unchanged; returns how many. */
    public int finish(Pass pass) {
        int n = pass.unchanged.isEmpty() ? 0 : store.touch(pass.unchanged, clock.instant());
        pass.unchanged.clear();
        return n;
    }

    /** As {@link #reconcile(UUID)}, within a {@link Pass} (null: on its own, reading each object). */
    public Outcome reconcile(UUID id, @org.jspecify.annotations.Nullable Pass pass) {
        // one pass per namespace at a time in this JVM: exceptions open in two timed steps that a second,
        // overlapping pass must not short-cut
        java.util.concurrent.locks.ReentrantLock lock =
                passes.computeIfAbsent(id, k -> new java.util.concurrent.locks.ReentrantLock());
        lock.lock();
        try {
            return reconcileLocked(id, pass);
        } finally {
            lock.unlock();
        }
    }

    private final java.util.concurrent.ConcurrentHashMap<UUID, java.util.concurrent.locks.ReentrantLock> passes =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Outcome reconcileLocked(UUID id, @org.jspecify.annotations.Nullable Pass pass) {
        Optional<NamespaceStore.Loaded> found = store.findWithObjects(id);
        if (found.isEmpty()) {
            return new Outcome(NamespaceState.DELETED, 0, 0);
        }
        ManagedNamespace ns = found.get().namespace();
        List<ObjectStatus> recorded = found.get().objects();
        Applier.@org.jspecify.annotations.Nullable Live live = pass == null ? null : pass.live;
        if (ns.state() == NamespaceState.DECOMMISSIONING) {
            return decommission(ns);
        }
        if (!ACTIVE.contains(ns.state())) {
            return new Outcome(ns.state(), 0, 0);
        }
        if (ns.state() == NamespaceState.APPROVED) {
            tx.executeWithoutResult(
                    s -> store.transition(ns.id(), ns.version(), NamespaceState.PROVISIONING, null, clock.instant()));
        }
        KubernetesClient client;
        try {
            client = clients.forCluster(ns.cluster());
        } catch (ClusterUnavailableException e) {
            return fail(
                    ns,
                    "Cluster " + ns.cluster() + " is unavailable: " + e.getMessage()
                            + " Bulkhead retries automatically.");
        }
        // only a record never applied can be an unclaimed adoption: no query for the namespaces of a periodic pass
        if (ns.appliedGeneration() == 0 && store.adoptionPending(ns.id())) {
            Outcome refused = claimAdopted(client, ns);
            if (refused != null) {
                return refused;
            }
        }
        DesiredState desired;
        try {
            desired = desired(
                    ns,
                    pass == null ? teamGroup(ns.team()) : pass.teamGroups.computeIfAbsent(ns.team(), this::teamGroup));
        } catch (RuntimeException e) {
            return fail(ns, "The tier could not be rendered: " + e.getMessage());
        }
        List<HasMetadata> ordered = new ArrayList<>(desired.clusterPolicies());
        ordered.addAll(desired.namespaceObjects());
        Set<String> before = found.get().appliedKeys();
        Applier.Report report;
        try {
            List<HasMetadata> opening = withoutLabelsOfNewCopies(ordered, before);
            if (opening != null) {
                // first the namespace's policy copy, and only once the API server has loaded it the label that
                // takes the namespace out of the shared binding: never a moment with neither in force
                report = applier.apply(client, ns.name(), opening, before, PRUNE_KINDS, live);
                if (!report.ok()) {
                    return record(ns, recorded, report, pass);
                }
                pause();
            }
            report = applier.apply(client, ns.name(), ordered, before, PRUNE_KINDS, live);
        } catch (KubernetesClientException e) {
            return fail(ns, Applier.explain(e));
        }
        // a namespace created just now by its first provisioning carries exactly the desired labels, and no copies
        // of ours can exist for it (decommission deletes them before the namespace): nothing to close, no requests
        boolean fresh = report.namespaceCreated() && before.isEmpty();
        if (report.ok() && !fresh) {
            try {
                closeEndedExemptions(client, ns, desired, live);
            } catch (KubernetesClientException e) {
                return fail(ns, "An ended exception could not be removed: " + Applier.explain(e));
            }
        }
        return record(ns, recorded, report, pass);
    }

    /**
     * The first pass of an approved adoption: sets the owner annotation on the existing namespace so that the apply
     * that follows may write to it. Returns the failed outcome when there is nothing (left) to adopt.
     */
    private @org.jspecify.annotations.Nullable Outcome claimAdopted(KubernetesClient client, ManagedNamespace ns) {
        Applier.Adoption a;
        try {
            a = applier.adopt(client, ns.name(), ns.id().toString());
        } catch (KubernetesClientException e) {
            return fail(ns, "The namespace could not be adopted: " + Applier.explain(e));
        }
        return switch (a) {
            case MISSING ->
                fail(
                        ns,
                        "The namespace to adopt no longer exists in the cluster (or is being deleted); nothing was"
                                + " changed.");
            case TAKEN -> fail(ns, "The namespace to adopt is already managed by Bulkhead for another record.");
            case CLAIMED -> {
                tx.executeWithoutResult(s -> {
                    store.markAdopted(ns.id(), clock.instant());
                    audit.record(
                            CurrentUser.SYSTEM,
                            AuditEntry.of("namespace.adopted")
                                    .target("namespace", ns.id().toString())
                                    .team(ns.team())
                                    .location(ns.cluster(), ns.name())
                                    .change(null, Map.of("owner", ns.id().toString())));
                });
                yield null;
            }
        };
    }

    /**
     * What the namespace {@code name} of {@code cluster} holds now (for an adoption's review); empty when it does not
     * exist. Reads only.
     */
    public Optional<io.bulkhead.provisioning.ExistingNamespace> inspect(String cluster, String name) {
        KubernetesClient client = clients.forCluster(cluster);
        var live = client.namespaces().withName(name).get();
        if (live == null) {
            return Optional.empty();
        }
        List<String> bindings = client.rbac().roleBindings().inNamespace(name).list().getItems().stream()
                .map(b -> b.getMetadata().getName() + " → " + b.getRoleRef().getKind() + " "
                        + b.getRoleRef().getName() + ": "
                        + (b.getSubjects() == null
                                ? "nobody"
                                : b.getSubjects().stream()
                                        .map(x -> x.getKind() + " " + x.getName())
                                        .collect(java.util.stream.Collectors.joining(", "))))
                .sorted()
                .toList();
        List<String> policies = client.network().networkPolicies().inNamespace(name).list().getItems().stream()
                .map(p -> p.getMetadata().getName())
                .sorted()
                .toList();
        int pods = client.pods().inNamespace(name).list().getItems().size();
        return Optional.of(new io.bulkhead.provisioning.ExistingNamespace(
                name,
                live.getMetadata().getLabels() == null
                        ? Map.of()
                        : live.getMetadata().getLabels(),
                Ownership.annotation(live, TierRenderer.OWNER_ANNOTATION) != null,
                bindings,
                policies,
                pods));
    }

    /** How long the API server gets to load a changed admission policy before the next step relies on it. */
    static final java.time.Duration POLICY_PROPAGATION = java.time.Duration.ofSeconds(3);

    private static void pause() {
        try {
            Thread.sleep(POLICY_PROPAGATION);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for admission policies to load", e);
        }
    }

    /**
     * When exception policy copies are new (not applied by an earlier pass), the objects without the exempt labels
     * of their rules, for a first apply; null when there is nothing new.
     */
    private static @org.jspecify.annotations.Nullable List<HasMetadata> withoutLabelsOfNewCopies(
            List<HasMetadata> ordered, Set<String> before) {
        List<String> held = ordered.stream()
                .filter(o -> o instanceof ValidatingAdmissionPolicy
                        && o.getMetadata().getLabels() != null
                        && o.getMetadata().getLabels().containsKey(TierRenderer.EXCEPTION_NAMESPACE_LABEL)
                        && !before.contains(Applier.key(o)))
                .flatMap(o -> ObjectNames.ruleOfExceptionPolicy(
                        o.getMetadata().getName(),
                        o.getMetadata().getLabels().get(TierRenderer.EXCEPTION_NAMESPACE_LABEL))
                        .map(ObjectNames::exemptLabel)
                        .stream())
                .toList();
        if (held.isEmpty()) {
            return null;
        }
        List<HasMetadata> out = new ArrayList<>();
        for (HasMetadata o : ordered) {
            if (o instanceof io.fabric8.kubernetes.api.model.Namespace n) {
                var b = new NamespaceBuilder(n);
                held.forEach(k -> b.editMetadata().removeFromLabels(k).endMetadata());
                out.add(b.build());
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * Closes holes of exceptions that are no longer in force. Server-side apply does not remove a label when the
     * live object already holds every desired field, and a label someone else set is not ours to drop by apply: so
     * every {@code bulkhead.io/exempt-*} label the desired Namespace does not carry is removed here, first; then the
     * namespace's admission policy copies that are no longer wanted are deleted (the shared binding already covers
     * the namespace again, and a copy only ever denies more).
     */
    private void closeEndedExemptions(
            KubernetesClient client,
            ManagedNamespace ns,
            DesiredState desired,
            Applier.@org.jspecify.annotations.Nullable Live snapshot) {
        String namespace = ns.name();
        Map<String, String> wantedLabels = desired.namespaceObjects().stream()
                .filter(o -> o.getKind().equals("Namespace"))
                .findFirst()
                .map(o -> o.getMetadata().getLabels())
                .orElse(Map.of());
        // with a cluster snapshot (periodic pass) no extra request unless something is to be removed
        HasMetadata live = snapshot != null && snapshot.covers(io.fabric8.kubernetes.api.model.Namespace.class)
                ? snapshot.get("v1/Namespace//" + namespace)
                : client.namespaces().withName(namespace).get();
        if (live != null && live.getMetadata().getLabels() != null) {
            List<String> stale = live.getMetadata().getLabels().keySet().stream()
                    .filter(k -> ObjectNames.isExemptLabel(k) && !wantedLabels.containsKey(k))
                    .toList();
            if (!stale.isEmpty()) {
                applier.removeNamespaceLabels(client, namespace, stale);
                // the shared binding must cover the namespace again before its copy goes
                pause();
            }
        }
        Set<String> wanted = new java.util.HashSet<>(desired.keys());
        for (Class<? extends HasMetadata> kind :
                List.of(ValidatingAdmissionPolicyBinding.class, ValidatingAdmissionPolicy.class)) {
            for (HasMetadata o :
                    applier.exceptionCopies(client, kind, namespace, ns.id().toString(), snapshot)) {
                if (!wanted.contains(Applier.key(o))) {
                    applier.delete(client, o);
                }
            }
        }
    }

    private Outcome record(
            ManagedNamespace ns,
            List<ObjectStatus> recorded,
            Applier.Report report,
            @org.jspecify.annotations.Nullable Pass pass) {
        NamespaceState state = report.ok() ? NamespaceState.READY : NamespaceState.FAILED;
        String reason = report.ok()
                ? null
                : report.objects().stream()
                        .filter(o -> !o.status().equals("APPLIED"))
                        .map(o -> o.kind() + " " + o.name() + ": " + o.message())
                        .findFirst()
                        .orElse("Some objects could not be applied.");
        if (state == ns.state()
                && java.util.Objects.equals(reason, ns.stateReason())
                && ns.generation() == ns.appliedGeneration()
                && report.writes() == 0
                && report.drifted().isEmpty()
                && NamespaceStore.changed(recorded, report.objects()).isEmpty()) {
            // nothing to record but the time: no transaction, and in a pass one statement for all such namespaces
            if (pass != null) {
                pass.unchanged.add(ns.id());
            } else {
                store.touch(List.of(ns.id()), clock.instant());
            }
            return new Outcome(state, 0, 0);
        }
        return tx.execute(s -> {
            var now = clock.instant();
            // business rows first, the audit chain head last: every transaction takes the locks in this order,
            // so a reconcile and a user action on the same namespace cannot deadlock
            store.recordApply(ns.id(), state, reason, ns.generation(), now);
            long writes = store.recordObjects(ns.id(), recorded, report.objects(), report.pruned(), now);
            for (Applier.ObjectResult r : report.drifted()) {
                store.recordDrift(
                        ns.id(),
                        ns.cluster(),
                        ns.name(),
                        r.key(),
                        r.drift().change(),
                        r.drift().fieldManager(),
                        true,
                        now);
                Map<String, Object> after = new java.util.TreeMap<>();
                after.put("object", r.key());
                after.put("change", r.drift().change());
                after.put(
                        "changedBy",
                        r.drift().fieldManager() == null
                                ? "unknown (not in managedFields)"
                                : r.drift().fieldManager());
                after.put("repaired", true);
                audit.record(
                        CurrentUser.SYSTEM,
                        AuditEntry.of("namespace.drift-repaired")
                                .target("namespace", ns.id().toString())
                                .team(ns.team())
                                .location(ns.cluster(), ns.name())
                                .change(null, after));
                writes++;
            }
            if (state != ns.state() || (reason != null && !reason.equals(ns.stateReason()))) {
                audit.record(
                        CurrentUser.SYSTEM,
                        AuditEntry.of(
                                        state == NamespaceState.READY
                                                ? "namespace.provisioned"
                                                : "namespace.provisioning-failed")
                                .outcome(state == NamespaceState.READY ? AuditOutcome.SUCCESS : AuditOutcome.FAILED)
                                .target("namespace", ns.id().toString())
                                .team(ns.team())
                                .location(ns.cluster(), ns.name())
                                .change(
                                        Map.of("state", ns.state().name()),
                                        reason == null
                                                ? Map.of(
                                                        "state",
                                                        state.name(),
                                                        "objects",
                                                        report.objects().size())
                                                : Map.of("state", state.name(), "reason", reason)));
                writes++;
            }
            return new Outcome(state, writes + report.writes(), report.drifted().size());
        });
    }

    private Outcome fail(ManagedNamespace ns, String reason) {
        log.info("Namespace {}/{}: {}", ns.cluster(), ns.name(), reason);
        tx.executeWithoutResult(s -> {
            store.recordApply(ns.id(), NamespaceState.FAILED, reason, ns.appliedGeneration(), clock.instant());
            if (ns.state() != NamespaceState.FAILED || !reason.equals(ns.stateReason())) {
                audit.record(
                        CurrentUser.SYSTEM,
                        AuditEntry.of("namespace.provisioning-failed")
                                .outcome(AuditOutcome.FAILED)
                                .target("namespace", ns.id().toString())
                                .team(ns.team())
                                .location(ns.cluster(), ns.name())
                                .change(
                                        Map.of("state", ns.state().name()),
                                        Map.of("state", "FAILED", "reason", reason)));
            }
        });
        return new Outcome(NamespaceState.FAILED, 1, 0);
    }

    private Outcome decommission(ManagedNamespace ns) {
        KubernetesClient client;
        try {
            client = clients.forCluster(ns.cluster());
        } catch (ClusterUnavailableException e) {
            return new Outcome(ns.state(), 0, 0);
        }
        Applier.Removal removal;
        try {
            for (Class<? extends HasMetadata> kind :
                    List.of(ValidatingAdmissionPolicyBinding.class, ValidatingAdmissionPolicy.class)) {
                for (HasMetadata o :
                        applier.exceptionCopies(client, kind, ns.name(), ns.id().toString(), null)) {
                    applier.delete(client, o);
                }
            }
            removal = applier.deleteNamespace(client, ns.name(), ns.id().toString(), ns.team());
        } catch (KubernetesClientException e) {
            log.info(
                    "Decommissioning {}/{} failed; retried on the next pass: {}",
                    ns.cluster(),
                    ns.name(),
                    e.getMessage());
            return new Outcome(ns.state(), 0, 0);
        }
        if (removal == Applier.Removal.DELETING) {
            return new Outcome(
                    NamespaceState.DECOMMISSIONING, 1, 0); // the namespace controller finishes; next pass checks
        }
        tx.executeWithoutResult(s -> {
            var now = clock.instant();
            store.markAllPruned(ns.id(), now);
            store.transition(ns.id(), ns.version(), NamespaceState.DELETED, null, now);
            Map<String, Object> after = new java.util.TreeMap<>();
            after.put("state", "DELETED");
            if (removal == Applier.Removal.NOT_OURS) {
                after.put(
                        "cluster",
                        "A namespace of this name exists but was not created by Bulkhead for this record;"
                                + " it was left untouched.");
            }
            audit.record(
                    CurrentUser.SYSTEM,
                    AuditEntry.of("namespace.deleted")
                            .target("namespace", ns.id().toString())
                            .team(ns.team())
                            .location(ns.cluster(), ns.name())
                            .change(Map.of("state", "DECOMMISSIONING"), after));
        });
        return new Outcome(NamespaceState.DELETED, 1, 0);
    }

    /**
     * Whether a namespace of this name exists in the cluster, whoever's it is; empty when the cluster cannot be
     * asked (the applier refuses a foreign namespace at apply time anyway).
     */
    public Optional<Boolean> namespaceExists(String cluster, String name) {
        try {
            return Optional.of(applier.namespaceExists(clients.forCluster(cluster), name));
        } catch (ClusterUnavailableException | KubernetesClientException e) {
            log.info("Could not check whether namespace {} exists in {}: {}", name, cluster, e.getMessage());
            return Optional.empty();
        }
    }
}
