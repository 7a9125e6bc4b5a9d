package io.bulkhead.provisioning;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.provisioning.internal.ReconcileRequests;
import io.bulkhead.provisioning.internal.TierDryRun;
import io.bulkhead.provisioning.internal.render.DesiredState;
import io.bulkhead.provisioning.internal.render.ObjectDiff;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.TierBundles;
import io.bulkhead.tiers.Tiers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admin work on tier versions: publish a new version only after every object it renders is accepted by the API
 * server's dry-run on every reachable cluster, and roll a tier's namespaces forward or back to a version.
 */
@Service
public class TierRollout {
    private final Tiers tiers;
    private final Clusters clusters;
    private final TierDryRun dryRun;
    private final NamespaceStore store;
    private final ReconcileRequests reconcile;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final Clock clock;
    private final Provisioner provisioner;

    TierRollout(
            Tiers tiers,
            Clusters clusters,
            TierDryRun dryRun,
            NamespaceStore store,
            ReconcileRequests reconcile,
            CurrentUsers users,
            AuditTrail audit,
            Clock clock,
            Provisioner provisioner) {
        this.provisioner = provisioner;
        this.tiers = tiers;
        this.clusters = clusters;
        this.dryRun = dryRun;
        this.store = store;
        this.reconcile = reconcile;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** Parses and dry-runs bundle YAML; returns the problems found (empty = publishable). */
    public List<String> validate(String yaml) {
        users.require().require("validate a tier version", Role.ADMIN);
        TierBundle bundle;
        try {
            bundle = TierBundles.parse(yaml == null ? "" : yaml);
        } catch (RuntimeException e) {
            return List.of(e.getMessage() == null ? "The YAML could not be parsed." : e.getMessage());
        }
        int next = tiers.latestVersion(bundle.name()).orElse(0) + 1;
        List<String> problems = new ArrayList<>();
        List<ClusterSummary> reachable = clusters.list().stream()
                .filter(c -> c.status().equals("REACHABLE"))
                .toList();
        if (reachable.isEmpty()) {
            problems.add("No cluster is reachable to dry-run the new version against; try again when one is.");
        }
        for (ClusterSummary c : reachable) {
            try {
                dryRun.check(bundle, next, c.name()).forEach(p -> problems.add(c.name() + ": " + p));
            } catch (RuntimeException e) {
                problems.add(c.name() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** Publishes a new version after a clean dry-run; {@link ValidationException} (field {@code yaml}) otherwise. */
    public int publish(String yaml) {
        List<String> problems = validate(yaml);
        if (!problems.isEmpty()) {
            throw new ValidationException(Map.of("yaml", String.join("\n", problems)));
        }
        return tiers.publish(yaml);
    }

    /** Moves every live namespace of the tier to {@code version} (forward or back); returns how many moved. */
    @Transactional
    public int rollAll(String tier, int version) {
        CurrentUser user = users.require();
        user.require("roll namespaces to another tier version", Role.ADMIN);
        if (tiers.bundle(tier, version).isEmpty()) {
            throw new ValidationException(Map.of("version", "Tier " + tier + " has no version " + version + "."));
        }
        var live = live(tier);
        int moved = 0;
        for (ManagedNamespace ns : live) {
            if (ns.tierVersion() != version) {
                store.setTierVersion(ns.id(), version, clock.instant());
                reconcile.afterCommit(ns.id());
                moved++;
            }
        }
        audit.record(
                user,
                AuditEntry.of("tier.rolled-out")
                        .target("tier", tier + "@" + version)
                        .change(null, Map.of("tier", tier, "version", version, "namespaces", moved)));
        return moved;
    }

    /** The namespaces of a tier that a roll moves: approved, provisioning, ready or failed. */
    private List<ManagedNamespace> live(String tier) {
        return store.page(
                new NamespaceStore.Query(
                        null,
                        null,
                        null,
                        tier,
                        EnumSet.of(
                                NamespaceState.APPROVED,
                                NamespaceState.PROVISIONING,
                                NamespaceState.READY,
                                NamespaceState.FAILED),
                        null),
                0,
                100_000);
    }

    /**
     * What {@link #rollAll} would change (admin only), changing nothing: per namespace that would move, the objects
     * the renderer adds, changes or removes between its version and {@code version} (the version label every object
     * carries aside), and once the tier's shared cluster-scoped policies. A namespace whose current version cannot
     * be rendered any more is listed with the problem. {@link ValidationException} (field {@code version}) when the
     * version is not published.
     */
    @Transactional(readOnly = true)
    public TierRollPreview rollPreview(String tier, int version) {
        CurrentUser user = users.require();
        user.require("preview a tier roll", Role.ADMIN);
        if (tiers.bundle(tier, version).isEmpty()) {
            throw new ValidationException(Map.of("version", "Tier " + tier + " has no version " + version + "."));
        }
        List<TierRollPreview.NamespaceChange> changes = new ArrayList<>();
        Map<Integer, List<TierRollPreview.ObjectChange>> sharedByFrom = new java.util.TreeMap<>();
        for (ManagedNamespace ns : live(tier)) {
            if (ns.tierVersion() == version) {
                continue;
            }
            try {
                DesiredState before = provisioner.desired(ns);
                DesiredState after = provisioner.desired(atVersion(ns, version));
                changes.add(new TierRollPreview.NamespaceChange(
                        ns.id(),
                        ns.cluster(),
                        ns.name(),
                        ns.team(),
                        ns.tierVersion(),
                        ObjectDiff.between(
                                tier, ns.tierVersion(), before.namespaceObjects(), version, after.namespaceObjects()),
                        null));
                sharedByFrom.computeIfAbsent(
                        ns.tierVersion(),
                        from -> ObjectDiff.between(
                                tier, from, before.clusterPolicies(), version, after.clusterPolicies()));
            } catch (RuntimeException e) {
                changes.add(new TierRollPreview.NamespaceChange(
                        ns.id(),
                        ns.cluster(),
                        ns.name(),
                        ns.team(),
                        ns.tierVersion(),
                        List.of(),
                        "Could not be rendered: " + e.getMessage()));
            }
        }
        changes.sort(java.util.Comparator.comparing(TierRollPreview.NamespaceChange::cluster)
                .thenComparing(TierRollPreview.NamespaceChange::namespace));
        Map<String, TierRollPreview.ObjectChange> shared = new java.util.LinkedHashMap<>();
        sharedByFrom.values().forEach(list -> list.forEach(c -> shared.putIfAbsent(c.kind() + "/" + c.name(), c)));
        return new TierRollPreview(tier, version, changes.size(), changes, List.copyOf(shared.values()));
    }

    private static ManagedNamespace atVersion(ManagedNamespace ns, int version) {
        return new DesiredSettings(ns.tier(), version, ns.quotaPreset(), ns.egress()).applyTo(ns);
    }
}
