package io.bulkhead.provisioning;

import io.bulkhead.provisioning.internal.LabelDryRun;
import io.bulkhead.provisioning.internal.LineDiff;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.provisioning.internal.QuotaUsage;
import io.bulkhead.provisioning.internal.ReconcileRequests;
import io.bulkhead.provisioning.internal.render.TierRenderer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changing a live namespace's settings for the portal's change workflow: what the change would render (object
 * diff), what the API server says about it on the live namespace (dry-run warnings), the quota in use, and the
 * change itself, which only updates the desired state: the reconciler's one applier writes it to the cluster. It
 * does not check the signed-in user: the caller (the change requests) does.
 */
@Service
public class NamespaceEdits {
    private final NamespaceStore store;
    private final Provisioner provisioner;
    private final TierRenderer renderer;
    private final LabelDryRun labelDryRun;
    private final QuotaUsage quotaUsage;
    private final ReconcileRequests reconcile;
    private final Clock clock;
    private final TeamBudgets budgets;
    private final io.bulkhead.tiers.Tiers tierStore;

    NamespaceEdits(
            NamespaceStore store,
            Provisioner provisioner,
            TierRenderer renderer,
            LabelDryRun labelDryRun,
            QuotaUsage quotaUsage,
            ReconcileRequests reconcile,
            Clock clock,
            TeamBudgets budgets,
            io.bulkhead.tiers.Tiers tierStore) {
        this.budgets = budgets;
        this.tierStore = tierStore;
        this.store = store;
        this.provisioner = provisioner;
        this.renderer = renderer;
        this.labelDryRun = labelDryRun;
        this.quotaUsage = quotaUsage;
        this.reconcile = reconcile;
        this.clock = clock;
    }

    /** The namespace record (any team). */
    @Transactional(readOnly = true)
    public Optional<ManagedNamespace> find(UUID id) {
        return store.find(id);
    }

    /** The same record, locked for update until the caller's transaction ends. */
    @Transactional
    public Optional<ManagedNamespace> lock(UUID id) {
        return store.lock(id);
    }

    /**
     * A unified diff of the desired objects' YAML now and with {@code to} (pure rendering, no API call); empty when
     * nothing would change.
     */
    public String objectDiff(ManagedNamespace ns, DesiredSettings to) {
        String before = renderer.toYaml(provisioner.desired(ns));
        String after = renderer.toYaml(provisioner.desired(to.applyTo(ns)));
        return LineDiff.unified(before, after, 3);
    }

    /**
     * The API server's warnings for applying the namespace's changed Namespace object (its labels: Pod Security
     * level and version, tier) with {@code dryRun=All}: Pod Security names every existing pod the new level would
     * refuse. Throws when the cluster cannot be asked.
     */
    public List<String> dryRunWarnings(ManagedNamespace ns, DesiredSettings to) {
        return labelDryRun.warnings(ns.cluster(), provisioner.desired(to.applyTo(ns)));
    }

    /** The quota in use, from the ResourceQuota's status (empty when unknown); throws when the cluster cannot say. */
    public List<QuotaUse> quotaUse(ManagedNamespace ns) {
        return quotaUsage.of(ns.cluster(), ns.name());
    }

    /**
     * Makes {@code to} the namespace's desired settings and asks for a reconcile once the caller's transaction
     * commits; returns the generation that, once applied, carries the change.
     */
    @Transactional
    public long change(UUID id, DesiredSettings to) {
        long generation = store.setSettings(id, to, clock.instant())
                .orElseThrow(() -> new IllegalStateException("namespace " + id + " is gone"));
        reconcile.afterCommit(id);
        return generation;
    }

    /**
     * How far giving the namespace the settings {@code to} would take its team beyond its budget in the cluster, in
     * numbers (requested, used by the team's other namespaces, budget); null when it fits or there is no budget.
     * With {@code lock}, decisions for the team and cluster are serialized until the caller's transaction ends.
     */
    @Transactional
    public @org.jspecify.annotations.Nullable String budgetOverrun(
            ManagedNamespace ns, DesiredSettings to, boolean lock) {
        java.util.Map<String, String> hard = tiers(to);
        return lock
                ? budgets.overrun(ns.team(), ns.cluster(), ns.id(), hard)
                : budgets.overrunUnlocked(ns.team(), ns.cluster(), ns.id(), hard);
    }

    private java.util.Map<String, String> tiers(DesiredSettings to) {
        return tierStore
                .bundle(to.tier(), to.tierVersion())
                .flatMap(b -> QuotaValues.hard(b, to.quotaPreset()))
                .orElse(QuotaValues.parse(to.quotaPreset()));
    }
}
