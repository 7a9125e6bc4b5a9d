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
import io.bulkhead.provisioning.internal.ReconcileRequests;
import io.bulkhead.provisioning.internal.TierDryRun;
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

    TierRollout(
            Tiers tiers,
            Clusters clusters,
            TierDryRun dryRun,
            NamespaceStore store,
            ReconcileRequests reconcile,
            CurrentUsers users,
            AuditTrail audit,
            Clock clock) {
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
        var live = store.page(
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
}
