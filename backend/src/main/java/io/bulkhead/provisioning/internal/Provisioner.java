package io.bulkhead.provisioning.internal;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.clusters.ClusterOwnership;
import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.clusters.internal.kube.ClusterUnavailableException;
import io.bulkhead.clusters.internal.kube.KubeFailures;
import io.bulkhead.clusters.internal.kube.Outages;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.provisioning.ExemptionSource;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceSpec;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.ObjectStatus;
import io.bulkhead.provisioning.internal.render.DesiredState;
import io.bulkhead.provisioning.internal.render.ObjectNames;
import io.bulkhead.provisioning.internal.render.Quarantined;
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
    private final org.springframework.context.ApplicationEventPublisher events;

    private final ClusterOwnership ownership;
    private final QuarantineStore quarantines;

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
            ObjectProvider<ExemptionSource> exemptions,
            org.springframework.context.ApplicationEventPublisher events,
            ClusterOwnership ownership,
            QuarantineStore quarantines) {
        this.quarantines = quarantines;
        this.events = events;
        this.ownership = ownership;
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
        return desired(ns, teamGroup(ns.team()), quarantines.inForce(ns.id()));
    }

    /** The desired objects of a namespace as they are in quarantine, or out of it ({@code quarantined}). */
    public DesiredState desired(ManagedNamespace ns, boolean quarantined) {
        return desired(ns, teamGroup(ns.team()), quarantined);
    }

    /**
     * The names of the namespace's NetworkPolicies and its RoleBindings (with their ClusterRole) in or out of
     * quarantine (pure rendering), for the audit of a quarantine and its release.
     */
    public Map<String, List<String>> networkAndAccess(ManagedNamespace ns, boolean quarantined) {
        List<HasMetadata> objects = desired(ns, quarantined).namespaceObjects();
        return new java.util.TreeMap<>(Map.of(
                "networkPolicies",
                objects.stream()
                        .filter(NetworkPolicy.class::isInstance)
                        .map(o -> o.getMetadata().getName())
                        .toList(),
                "roleBindings",
                objects.stream()
                        .filter(RoleBinding.class::isInstance)
                        .map(o -> o.getMetadata().getName() + " → "
                                + ((RoleBinding) o).getRoleRef().getName())
                        .toList()));
    }

    private DesiredState desired(ManagedNamespace ns, String group, boolean quarantined) {
        DesiredState state = unquarantined(ns, group);
        return quarantined ? Quarantined.apply(state) : state;
    }

    private DesiredState unquarantined(ManagedNamespace ns, String group) {
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
     * {@link #beginPass}); null when it could not be listed for a reason of one request (objects are then read one
     * by one). Throws {@link ClusterUnavailableException} when the cluster itself cannot be used (no client, the
     * connection refused or dropped, no answer in time): a pass over it would wait per namespace.
     */
    private Applier.@org.jspecify.annotations.Nullable Live snapshot(String cluster) {
        try {
            return applier.snapshot(clients.forCluster(cluster));
        } catch (ClusterUnavailableException | KubernetesClientException e) {
            endPassOnOutage(cluster, e);
            log.info("Cluster {} could not be listed; objects are read one by one: {}", cluster, e.getMessage());
            return null;
        }
    }

    /**
     * Within a pass, a failure of the cluster itself (see {@link Outages}) ends the pass as a
     * {@link ClusterUnavailableException}: every further namespace would fail or hang the same way, and no
     * namespace is marked failed for its cluster's outage.
     */
    private static void endPassOnOutage(String cluster, RuntimeException e) {
        if (!Outages.isOutage(e)) {
            return;
        }
        if (e instanceof ClusterUnavailableException u) {
            throw u;
        }
        throw new ClusterUnavailableException(
                "Cluster " + cluster + " could not be used: " + KubeFailures.describe(e, null) + ".", e);
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

    /**
     * Starts a {@link Pass} over {@code cluster}: lists its live objects once. Throws
     * {@link ClusterUnavailableException} when the cluster cannot be used; {@link #reconcile(UUID, Pass)} throws it
     * too when the cluster fails mid-pass, so a pass over an unreachable or hanging cluster ends at once.
     */
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
        // only the cluster's owner applies to it; elsewhere the task is retried until the owner picks it up
        ownership.requireOwner(ns.cluster());
        List<ObjectStatus> recorded = found.get().objects();
        Applier.@org.jspecify.annotations.Nullable Live live = pass == null ? null : pass.live;
        if (ns.state() == NamespaceState.DECOMMISSIONING) {
            return decommission(ns, pass != null);
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
            if (pass != null) {
                throw e;
            }
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
        // read per namespace, never per pass: a pass that began before a quarantine or a release must not undo it
        Optional<io.bulkhead.provisioning.Quarantine> quarantine = quarantines.find(ns.id());
        boolean quarantined =
                quarantine.map(io.bulkhead.provisioning.Quarantine::inForce).orElse(false);
        DesiredState desired;
        try {
            desired = desired(
                    ns,
                    pass == null ? teamGroup(ns.team()) : pass.teamGroups.computeIfAbsent(ns.team(), this::teamGroup),
                    quarantined);
        } catch (RuntimeException e) {
            return fail(ns, "The tier could not be rendered: " + e.getMessage());
        }
        List<HasMetadata> ordered = new ArrayList<>(desired.clusterPolicies());
        ordered.addAll(desired.namespaceObjects());
        Set<String> before = found.get().appliedKeys();
        Applier.History history = history(found.get());
        Applier.Report report;
        List<String> ownChanges = new ArrayList<>();
        Shared shared = Shared.NONE;
        try {
            List<HasMetadata> opening = withoutLabelsOfNewCopies(ordered, before);
            if (opening != null) {
                // first the namespace's policy copy, and only once the API server has loaded it the label that
                // takes the namespace out of the shared binding: never a moment with neither in force
                report = applier.apply(client, ns.name(), opening, history, PRUNE_KINDS, live);
                if (!report.ok()) {
                    return record(ns, found.get(), ordered, report, List.of(), Shared.NONE, pass);
                }
                ownChanges.addAll(describeOwn(report));
                // what this first step applied is Bulkhead's own state from now on: the second step's changes to
                // it are Bulkhead's own too
                history = history.then(opening, applied(report));
                pause();
            }
            report = applier.apply(client, ns.name(), ordered, history, PRUNE_KINDS, live);
        } catch (KubernetesClientException e) {
            if (pass != null) {
                endPassOnOutage(ns.cluster(), e);
            }
            return fail(ns, Applier.explain(e));
        }
        // a namespace created just now by its first provisioning carries exactly the desired labels, and no copies
        // of ours can exist for it (decommission deletes them before the namespace): nothing to close, no requests
        boolean fresh = report.namespaceCreated() && before.isEmpty();
        if (report.ok() && !fresh) {
            try {
                ownChanges.addAll(closeEndedExemptions(client, ns, desired, live));
                shared = releaseShared(client, found.get().objects(), Set.copyOf(desired.keys()), ns.name());
                ownChanges.addAll(shared.changes());
                if (quarantine.isPresent()) {
                    ownChanges.addAll(quarantined ? parkTeamPolicies(client, ns) : restoreTeamPolicies(client, ns));
                }
            } catch (KubernetesClientException e) {
                if (pass != null) {
                    endPassOnOutage(ns.cluster(), e);
                }
                return fail(ns, "An ended exception could not be removed: " + Applier.explain(e));
            }
        }
        return record(ns, found.get(), ordered, report, ownChanges, shared, pass);
    }

    /**
     * Takes the team's own NetworkPolicies out of a quarantined namespace (any of them could allow traffic beside
     * the deny-all): each is stored with the quarantine first, then deleted, so a crash in between loses none.
     */
    private List<String> parkTeamPolicies(KubernetesClient client, ManagedNamespace ns) {
        List<NetworkPolicy> team = applier.teamNetworkPolicies(client, ns.name());
        if (team.isEmpty()) {
            return List.of();
        }
        Map<String, String> json = new java.util.LinkedHashMap<>();
        team.forEach(
                p -> json.put(p.getMetadata().getName(), io.fabric8.kubernetes.client.utils.Serialization.asJson(p)));
        tx.executeWithoutResult(s -> {
            ownership.fence(ns.cluster());
            quarantines.park(ns.id(), json);
        });
        List<String> changes = new ArrayList<>();
        for (NetworkPolicy p : team) {
            applier.deleteParked(client, p);
            changes.add("NetworkPolicy " + p.getMetadata().getName() + ": parked (the team's own; quarantine)");
        }
        return changes;
    }

    /**
     * After a release: puts the parked team NetworkPolicies back as they were and ends the quarantine record (a
     * policy the team has made again under the same name is left as it is).
     */
    private List<String> restoreTeamPolicies(KubernetesClient client, ManagedNamespace ns) {
        List<String> changes = new ArrayList<>();
        for (var e : quarantines.parked(ns.id()).entrySet()) {
            NetworkPolicy p =
                    io.fabric8.kubernetes.client.utils.Serialization.unmarshal(e.getValue(), NetworkPolicy.class);
            p.getMetadata().setNamespace(ns.name());
            changes.add("NetworkPolicy " + e.getKey() + ": "
                    + (applier.restoreParked(client, p)
                            ? "restored (the team's own; quarantine released)"
                            : "not restored: the team has made one of this name again"));
        }
        tx.executeWithoutResult(s -> {
            ownership.fence(ns.cluster());
            quarantines.finishRelease(ns.id());
        });
        return changes;
    }

    /**
     * Shared cluster-scoped objects (a tier version's admission policies and bindings) a namespace no longer uses:
     * {@code deleted} because no other namespace of the cluster uses them, {@code kept} because others still do.
     */
    record Shared(List<String> deleted, List<String> kept, List<String> changes) {
        static final Shared NONE = new Shared(List.of(), List.of(), List.of());
    }

    /**
     * Releases the shared tier-version policies and bindings that namespace {@code namespace} applied before and no
     * longer wants ({@code wanted}: after a tier roll the old version's; in a decommission, all): each is read, and
     * deleted through the applier when it is Bulkhead's (label and field manager) and no other namespace in the
     * cluster carries its tier version's labels (its binding's selector then matches nothing); otherwise kept.
     */
    private Shared releaseShared(
            KubernetesClient client, List<ObjectStatus> recorded, Set<String> wanted, String namespace) {
        List<String> deleted = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        Map<String, Boolean> inUse = new java.util.HashMap<>();
        // bindings first: a policy without its binding enforces nothing, a binding without its policy is an error
        List<ObjectStatus> candidates = recorded.stream()
                .filter(o -> o.status().equals("APPLIED") && o.namespace() == null && !wanted.contains(o.key()))
                .filter(o -> o.kind().equals("ValidatingAdmissionPolicyBinding")
                        || o.kind().equals("ValidatingAdmissionPolicy"))
                .sorted(java.util.Comparator.comparing(o -> o.kind().equals("ValidatingAdmissionPolicy")))
                .toList();
        for (ObjectStatus o : candidates) {
            Class<? extends HasMetadata> type = o.kind().equals("ValidatingAdmissionPolicy")
                    ? ValidatingAdmissionPolicy.class
                    : ValidatingAdmissionPolicyBinding.class;
            HasMetadata live = client.resources(type).withName(o.name()).get();
            if (live == null) {
                deleted.add(o.key());
                continue;
            }
            String tier = Ownership.label(live, TierRenderer.TIER_LABEL);
            String version = Ownership.label(live, TierRenderer.TIER_VERSION_LABEL);
            if (tier == null
                    || version == null
                    || Ownership.label(live, TierRenderer.EXCEPTION_NAMESPACE_LABEL) != null
                    || !Ownership.writtenByBulkhead(live)) {
                continue; // not a shared tier-version object of Bulkhead's: never deleted here
            }
            boolean used = inUse.computeIfAbsent(
                    tier + "/" + version,
                    k -> client
                            .namespaces()
                            .withLabel(TierRenderer.TIER_LABEL, tier)
                            .withLabel(TierRenderer.TIER_VERSION_LABEL, version)
                            // two are enough to tell whether one other than this namespace exists
                            .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                                    .withLimit(2L)
                                    .build())
                            .getItems()
                            .stream()
                            .anyMatch(n -> !n.getMetadata().getName().equals(namespace)));
            if (used) {
                kept.add(o.key());
                changes.add(
                        o.kind() + " " + o.name() + ": kept, other namespaces of " + tier + " v" + version + " use it");
            } else {
                applier.delete(client, live);
                deleted.add(o.key());
                changes.add(o.kind() + " " + o.name() + ": deleted");
            }
        }
        return new Shared(deleted, kept, changes);
    }

    /** What earlier passes applied to the namespace's objects, the applied objects read only when needed. */
    private Applier.History history(NamespaceStore.Loaded loaded) {
        Set<String> keys = loaded.appliedKeys();
        Map<String, String> versions = new java.util.HashMap<>();
        loaded.objects().forEach(o -> {
            if (o.resourceVersion() != null) {
                versions.put(o.key(), o.resourceVersion());
            }
        });
        UUID id = loaded.namespace().id();
        return new Applier.History() {
            @Override
            public boolean applied(String key) {
                return keys.contains(key);
            }

            @Override
            public @org.jspecify.annotations.Nullable HasMetadata lastApplied(String key) {
                if (!loaded.appliedHashes().containsKey(key)) {
                    return null;
                }
                return store.applied(id, key).map(Provisioner::parse).orElse(null);
            }

            @Override
            public @org.jspecify.annotations.Nullable String resourceVersion(String key) {
                return versions.get(key);
            }
        };
    }

    private static @org.jspecify.annotations.Nullable HasMetadata parse(String json) {
        try {
            return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(json, HasMetadata.class);
        } catch (RuntimeException e) {
            log.info("A recorded applied object could not be read back: {}", e.toString());
            return null;
        }
    }

    private static Set<String> applied(Applier.Report report) {
        Set<String> keys = new java.util.HashSet<>();
        report.objects().stream().filter(o -> o.status().equals("APPLIED")).forEach(o -> keys.add(o.key()));
        return keys;
    }

    /** The JSON and hash of a desired object as applied. */
    static NamespaceStore.Applied appliedForm(HasMetadata desired) {
        String json = io.fabric8.kubernetes.client.utils.Serialization.asJson(desired);
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new NamespaceStore.Applied(json, java.util.HexFormat.of().formatHex(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bulkhead's own writes of a report (created or updated objects, pruned ones), as "kind name: change". */
    private static List<String> describeOwn(Applier.Report report) {
        List<String> out = new ArrayList<>();
        for (Applier.ObjectResult r : report.objects()) {
            if (r.ownChange()) {
                out.add(r.kind() + " " + r.name() + ": " + r.change());
            }
        }
        for (String k : report.pruned()) {
            out.add(k + ": pruned");
        }
        return out;
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
     * every {@code bulkhead.io/exempt-*} label (and the quarantine label after a release) the desired Namespace does
     * not carry is removed here, first; then the
     * namespace's admission policy copies that are no longer wanted are deleted (the shared binding already covers
     * the namespace again, and a copy only ever denies more).
     */
    private List<String> closeEndedExemptions(
            KubernetesClient client,
            ManagedNamespace ns,
            DesiredState desired,
            Applier.@org.jspecify.annotations.Nullable Live snapshot) {
        List<String> changes = new ArrayList<>();
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
                    .filter(k -> (ObjectNames.isExemptLabel(k) || k.equals(Quarantined.QUARANTINED_LABEL))
                            && !wantedLabels.containsKey(k))
                    .toList();
            if (!stale.isEmpty()) {
                applier.removeNamespaceLabels(client, namespace, stale);
                stale.forEach(k -> changes.add("Namespace " + namespace + ": label " + k + " removed"));
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
                    changes.add(o.getKind() + " " + o.getMetadata().getName() + ": deleted");
                }
            }
        }
        return changes;
    }

    private Outcome record(
            ManagedNamespace ns,
            NamespaceStore.Loaded loaded,
            List<HasMetadata> ordered,
            Applier.Report report,
            List<String> ownChanges,
            Shared shared,
            @org.jspecify.annotations.Nullable Pass pass) {
        List<ObjectStatus> recorded = loaded.objects();
        NamespaceState state = report.ok() ? NamespaceState.READY : NamespaceState.FAILED;
        String reason = report.ok()
                ? null
                : report.objects().stream()
                        .filter(o -> !o.status().equals("APPLIED"))
                        .map(o -> o.kind() + " " + o.name() + ": " + o.message())
                        .findFirst()
                        .orElse("Some objects could not be applied.");
        // what the live objects now hold, for telling Bulkhead's next own change from drift
        Map<String, NamespaceStore.Applied> applied = new java.util.HashMap<>();
        Map<String, Applier.ObjectResult> byKey = new java.util.HashMap<>();
        report.objects().forEach(o -> byKey.put(o.key(), o));
        for (HasMetadata o : ordered) {
            Applier.ObjectResult r = byKey.get(Applier.key(o));
            if (r != null && r.status().equals("APPLIED")) {
                NamespaceStore.Applied a = appliedForm(o);
                if (!a.hash().equals(loaded.appliedHashes().get(r.key()))) {
                    applied.put(r.key(), a);
                }
            }
        }
        Set<String> own = new java.util.LinkedHashSet<>(ownChanges);
        own.addAll(describeOwn(report));
        // the first provisioning's objects are announced by "namespace.provisioned"; later own changes by what they are
        boolean announceOwn = !own.isEmpty() && !loaded.appliedKeys().isEmpty();
        if (state == ns.state()
                && java.util.Objects.equals(reason, ns.stateReason())
                && ns.generation() == ns.appliedGeneration()
                && report.writes() == 0
                && report.drifted().isEmpty()
                && applied.isEmpty()
                && !announceOwn
                && shared.deleted().isEmpty()
                && shared.kept().isEmpty()
                && NamespaceStore.changed(recorded, report.objects()).isEmpty()) {
            // nothing to record but the time: no transaction, and in a pass one statement for all such namespaces
            if (pass != null) {
                pass.unchanged.add(ns.id());
            } else {
                store.touch(List.of(ns.id()), clock.instant());
            }
            return new Outcome(state, 0, 0);
        }
        AuditEntry ownEntry = announceOwn ? ownChangeEntry(ns, loaded, ordered, report, List.copyOf(own)) : null;
        return tx.execute(s -> {
            // a replica that lost the cluster's lease meanwhile records nothing (its successor re-applies)
            ownership.fence(ns.cluster());
            var now = clock.instant();
            // business rows first, the audit chain head last: every transaction takes the locks in this order,
            // so a reconcile and a user action on the same namespace cannot deadlock
            store.recordApply(ns.id(), state, reason, ns.generation(), now);
            // in this transaction: what waits for this generation (a namespace change) is marked with the apply
            events.publishEvent(new io.bulkhead.provisioning.NamespaceApplied(ns.id(), ns.generation(), state, reason));
            List<String> pruned = new ArrayList<>(report.pruned());
            pruned.addAll(shared.deleted());
            long writes = store.recordObjects(ns.id(), recorded, report.objects(), pruned, applied, now);
            if (!shared.kept().isEmpty()) {
                writes += store.markReleased(ns.id(), shared.kept(), now);
            }
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
                audit.record(CurrentUser.SYSTEM, driftEntry(ns, r));
                writes++;
            }
            if (ownEntry != null) {
                audit.record(CurrentUser.SYSTEM, ownEntry);
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

    /** The audit event of one repaired drift: what someone else did, who (if the API server knows), the fields. */
    private static AuditEntry driftEntry(ManagedNamespace ns, Applier.ObjectResult r) {
        Applier.Drift d = r.drift();
        Map<String, Object> after = new java.util.TreeMap<>();
        after.put("object", r.key());
        after.put("change", d.change());
        if (d.change().equals("deleted")) {
            after.put(
                    "changedBy",
                    "unknown: the object was deleted, and a deletion names no one outside the API server's audit"
                            + " log");
        } else {
            after.put(
                    "changedBy",
                    d.fieldManager() == null
                            ? "unknown (no field manager owns the changed fields: a removed field keeps no owner)"
                            : d.fieldManager());
        }
        if (d.fields() != null) {
            after.put("fields", d.fields());
        }
        after.put("repaired", true);
        return AuditEntry.of("namespace.drift-repaired")
                .target("namespace", ns.id().toString())
                .team(ns.team())
                .location(ns.cluster(), ns.name())
                .change(null, after);
    }

    /**
     * The audit event of Bulkhead's own changes to a namespace's objects, named for their cause: a tier roll (the
     * tier version changed), an exception applied or removed (the namespace's exemptions changed), or an update.
     */
    private AuditEntry ownChangeEntry(
            ManagedNamespace ns,
            NamespaceStore.Loaded loaded,
            List<HasMetadata> ordered,
            Applier.Report report,
            List<String> changes) {
        String nsKey = ordered.stream()
                .filter(o -> o.getKind().equals("Namespace"))
                .map(Applier::key)
                .findFirst()
                .orElse("");
        HasMetadata wantNs = ordered.stream()
                .filter(o -> o.getKind().equals("Namespace"))
                .findFirst()
                .orElse(null);
        HasMetadata hadNs = loaded.appliedHashes().containsKey(nsKey)
                ? store.applied(ns.id(), nsKey).map(Provisioner::parse).orElse(null)
                : null;
        Map<String, String> had = exemptionLabels(hadNs);
        Map<String, String> want = exemptionLabels(wantNs);
        String hadVersion = hadNs == null ? null : Ownership.label(hadNs, TierRenderer.TIER_VERSION_LABEL);
        String action;
        Map<String, Object> before = new java.util.TreeMap<>();
        Map<String, Object> after = new java.util.TreeMap<>();
        List<String> shown = changes.size() > 40 ? changes.subList(0, 40) : changes;
        after.put("objects", shown);
        if (hadVersion != null && !hadVersion.equals(Integer.toString(ns.tierVersion()))) {
            action = "namespace.tier-rolled";
            before.put("tierVersion", hadVersion);
            after.put("tierVersion", ns.tierVersion());
            before.put("tier", ns.tier());
            after.put("tier", ns.tier());
        } else if (ns.generation() != ns.appliedGeneration()) {
            action = "namespace.updated";
            after.put("tierVersion", ns.tierVersion());
        } else if (changes.stream().anyMatch(c -> c.contains("(the team's own; quarantine"))) {
            // a team NetworkPolicy made during the quarantine (by a service account of the namespace) parked too
            action = "namespace.quarantine-enforced";
        } else {
            boolean opened = want.size() > had.size()
                    || changes.stream().anyMatch(c -> c.endsWith(": created"))
                    || lower(want.get(PSA_ENFORCE), had.get(PSA_ENFORCE));
            boolean closed = want.size() < had.size()
                    || changes.stream().anyMatch(c -> c.endsWith(": deleted") || c.endsWith(": pruned"))
                    || lower(had.get(PSA_ENFORCE), want.get(PSA_ENFORCE));
            action = opened && !closed
                    ? "namespace.exception-applied"
                    : closed && !opened ? "namespace.exception-removed" : "namespace.exceptions-changed";
            before.putAll(had);
            after.putAll(want);
        }
        return AuditEntry.of(action)
                .target("namespace", ns.id().toString())
                .team(ns.team())
                .location(ns.cluster(), ns.name())
                .change(before.isEmpty() ? null : before, after);
    }

    private static final String PSA_ENFORCE = "pod-security.kubernetes.io/enforce";
    private static final List<String> PSA_ORDER = List.of("privileged", "baseline", "restricted");

    /** Whether Pod Security level {@code a} is lower (more permissive) than {@code b}. */
    private static boolean lower(
            @org.jspecify.annotations.Nullable String a, @org.jspecify.annotations.Nullable String b) {
        return a != null && b != null && PSA_ORDER.indexOf(a) >= 0 && PSA_ORDER.indexOf(a) < PSA_ORDER.indexOf(b);
    }

    /** The Namespace labels an exception changes: the Pod Security enforce level and the exempt labels. */
    private static Map<String, String> exemptionLabels(@org.jspecify.annotations.Nullable HasMetadata namespace) {
        Map<String, String> out = new java.util.TreeMap<>();
        if (namespace == null || namespace.getMetadata().getLabels() == null) {
            return out;
        }
        namespace.getMetadata().getLabels().forEach((k, v) -> {
            if (k.equals(PSA_ENFORCE) || ObjectNames.isExemptLabel(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private Outcome fail(ManagedNamespace ns, String reason) {
        log.info("Namespace {}/{}: {}", ns.cluster(), ns.name(), reason);
        tx.executeWithoutResult(s -> {
            ownership.fence(ns.cluster());
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

    private Outcome decommission(ManagedNamespace ns, boolean inPass) {
        KubernetesClient client;
        try {
            client = clients.forCluster(ns.cluster());
        } catch (ClusterUnavailableException e) {
            if (inPass) {
                throw e;
            }
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
            if (inPass) {
                endPassOnOutage(ns.cluster(), e);
            }
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
        Shared shared;
        if (removal == Applier.Removal.GONE) {
            // the namespace and everything in it are gone; what remains of it is cluster-scoped: the tier version's
            // shared admission policies and bindings, deleted when no other namespace uses them
            try {
                shared = releaseShared(client, store.objects(ns.id()), Set.of(), ns.name());
            } catch (KubernetesClientException e) {
                log.info(
                        "Decommissioning {}/{}: shared policies not released yet, retried on the next pass: {}",
                        ns.cluster(),
                        ns.name(),
                        e.getMessage());
                return new Outcome(ns.state(), 0, 0);
            }
        } else {
            shared = Shared.NONE;
        }
        tx.executeWithoutResult(s -> {
            var now = clock.instant();
            store.markAllPruned(ns.id(), shared.kept(), now);
            store.transition(ns.id(), ns.version(), NamespaceState.DELETED, null, now);
            Map<String, Object> after = new java.util.TreeMap<>();
            after.put("state", "DELETED");
            if (!shared.changes().isEmpty()) {
                after.put("sharedPolicies", shared.changes());
            }
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
