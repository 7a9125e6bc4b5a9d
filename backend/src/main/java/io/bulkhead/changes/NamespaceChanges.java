package io.bulkhead.changes;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.changes.internal.ChangeStore;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.TierReadiness;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.DesiredSettings;
import io.bulkhead.provisioning.EgressReview;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceApplied;
import io.bulkhead.provisioning.NamespaceDecommissioned;
import io.bulkhead.provisioning.NamespaceEdits;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.provisioning.QuotaUse;
import io.bulkhead.provisioning.QuotaValues;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.Tiers;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Change requests of live namespaces, the way a namespace request goes: {@link #validate} with a message per field,
 * {@link #preview} on the live namespace (object diff; for a tier move the workloads the target tier would fail and
 * the API server's own Pod Security warnings; for a quota change the use), {@link #request} approved automatically
 * inside the tier's rules or left for a reviewer (never the requester), then applied by the reconciler and audited
 * with before and after. One open change per namespace (a database constraint). Only members of the owning team
 * may ask for or withdraw a change; for anyone else the namespace does not exist here.
 */
@Service
public class NamespaceChanges {
    public static final int MIN_COMMENT = 5;
    public static final int MAX_COMMENT = 1000;
    private static final String NO_SUCH_NAMESPACE = "No such namespace.";
    private static final String NO_SUCH_CHANGE = "No such change request.";

    private final ChangeStore store;
    private final NamespaceEdits edits;
    private final CurrentUsers users;
    private final Tiers tiers;
    private final Clusters clusters;
    private final Compliance compliance;
    private final AuditTrail audit;
    private final Clock clock;

    NamespaceChanges(
            ChangeStore store,
            NamespaceEdits edits,
            CurrentUsers users,
            Tiers tiers,
            Clusters clusters,
            Compliance compliance,
            AuditTrail audit,
            Clock clock) {
        this.store = store;
        this.edits = edits;
        this.users = users;
        this.tiers = tiers;
        this.clusters = clusters;
        this.compliance = compliance;
        this.audit = audit;
        this.clock = clock;
    }

    /** Field → message for every problem with the change (empty when it can be previewed and submitted). */
    @Transactional(readOnly = true)
    public Map<String, String> validate(ChangeDraft d) {
        CurrentUser user = users.require();
        ManagedNamespace ns = ownNamespace(user, d.namespaceId(), "change a namespace");
        Map<String, String> errors = new LinkedHashMap<>();
        target(ns, d, errors);
        reasonError(d.reason()).ifPresent(m -> errors.put("reason", m));
        return errors;
    }

    /**
     * What the change would do, evaluated now on the live namespace; {@link ValidationException} per field when it
     * cannot be made (the reason is not needed for a preview).
     */
    @Transactional(readOnly = true)
    public ChangePreview preview(ChangeDraft d) {
        CurrentUser user = users.require();
        ManagedNamespace ns = ownNamespace(user, d.namespaceId(), "change a namespace");
        Map<String, String> errors = new LinkedHashMap<>();
        DesiredSettings after = target(ns, d, errors);
        if (!errors.isEmpty() || after == null) {
            throw new ValidationException(errors);
        }
        return preview(ns, Objects.requireNonNull(d.kind()), after, false);
    }

    /**
     * Asks for the change. Inside the tier's rules it is approved at once and the reconciler applies it; otherwise it
     * waits for a reviewer. Refused per field when invalid, when running workloads would break and the draft does not
     * acknowledge it ({@code acknowledge}), or when the namespace already has an open change ({@code namespace}).
     */
    @Transactional
    public NamespaceChange request(ChangeDraft d) {
        CurrentUser user = users.require();
        ManagedNamespace ns = ownNamespace(user, d.namespaceId(), "change a namespace");
        Map<String, String> errors = new LinkedHashMap<>();
        DesiredSettings after = target(ns, d, errors);
        reasonError(d.reason()).ifPresent(m -> errors.put("reason", m));
        if (!errors.isEmpty() || after == null) {
            throw new ValidationException(errors);
        }
        ChangeKind kind = Objects.requireNonNull(d.kind());
        // the namespace row orders concurrent requests for it; the unique index settles any race the check loses.
        // The preview then takes the team's budget lock (per cluster), so that concurrent changes and namespace
        // requests of the team cannot both fit in the same remaining budget.
        edits.lock(ns.id());
        ChangePreview preview = preview(ns, kind, after, true);
        if (preview.breaksWorkloads() && !d.acknowledgeBreakage()) {
            throw new ValidationException(Map.of(
                    "acknowledge",
                    "Running workloads would be refused or fail after this change (see the preview). Confirm that you"
                            + " want it anyway, or fix them first."));
        }
        store.open(ns.id()).ifPresent(open -> {
            throw new ValidationException(Map.of("namespace", openRefusal(open)));
        });
        Instant now = clock.instant();
        boolean auto = !preview.needsReview();
        NamespaceChange change = new NamespaceChange(
                UUID.randomUUID(),
                ns.id(),
                ns.team(),
                ns.cluster(),
                ns.name(),
                kind,
                DesiredSettings.of(ns),
                after,
                preview,
                Objects.requireNonNull(d.reason()).strip(),
                d.acknowledgeBreakage() && preview.breaksWorkloads(),
                preview.reviewReason(),
                ChangeState.PENDING,
                null,
                user.subject(),
                user.displayName(),
                now,
                null,
                null,
                null,
                null,
                null,
                null,
                now,
                0);
        if (!store.insert(change)) {
            throw new ValidationException(Map.of(
                    "namespace",
                    store.open(ns.id())
                            .map(NamespaceChanges::openRefusal)
                            .orElse("Another change of this namespace was asked for at the same time; reload.")));
        }
        Map<String, Object> asked = describe(after);
        asked.put("kind", kind.name());
        asked.put("reason", change.reason());
        if (change.acknowledged()) {
            asked.put("acknowledgedBreakage", true);
        }
        audit.record(user, entry("namespace.change-requested", change).change(describe(change.before()), asked));
        if (auto) {
            return approveNow(
                    change,
                    ns,
                    CurrentUser.SYSTEM,
                    "Bulkhead (automatic)",
                    "Within the tier's rules and the team's budget: approved automatically.");
        }
        return change;
    }

    /** Reviewer or admin approves a waiting change (never their own), with a comment; the reconciler applies it. */
    @Transactional
    public NamespaceChange approve(UUID id, @Nullable String comment) {
        return decide(id, comment, true);
    }

    /** Reviewer or admin rejects a waiting change (never their own), with a comment saying why. */
    @Transactional
    public NamespaceChange reject(UUID id, @Nullable String comment) {
        return decide(id, comment, false);
    }

    private NamespaceChange decide(UUID id, @Nullable String comment, boolean approve) {
        CurrentUser user = users.require();
        String action = approve ? "approve namespace changes" : "reject namespace changes";
        if (!user.hasAny(Role.REVIEWER, Role.ADMIN)) {
            denied(user, action, null);
        }
        NamespaceChange c = store.lock(id).orElseThrow(() -> new ValidationException(Map.of("id", NO_SUCH_CHANGE)));
        if (c.requestedBy().equals(user.subject())) {
            denied(user, "decide on their own change request", c.team());
        }
        String text = comment == null ? "" : comment.strip();
        if (text.length() < MIN_COMMENT) {
            throw new ValidationException(Map.of(
                    "comment",
                    approve
                            ? "Say in at least " + MIN_COMMENT + " characters why the change may go ahead."
                            : "Say why the change is rejected (at least " + MIN_COMMENT + " characters)."));
        }
        if (text.length() > MAX_COMMENT) {
            throw new ValidationException(Map.of("comment", "At most " + MAX_COMMENT + " characters."));
        }
        if (c.state() != ChangeState.PENDING) {
            throw new ValidationException(Map.of(
                    "state", "This change was already decided (" + c.state().label() + ")."));
        }
        if (!approve) {
            if (!store.decide(
                    id,
                    c.version(),
                    ChangeState.REJECTED,
                    user.subject(),
                    user.displayName(),
                    text,
                    null,
                    clock.instant())) {
                throw new ValidationException(
                        Map.of("state", "Someone else decided this change at the same time; reload."));
            }
            audit.record(
                    user,
                    entry("namespace.change-rejected", c)
                            .change(Map.of("state", "PENDING"), Map.of("state", "REJECTED", "comment", text)));
            return store.find(id).orElseThrow();
        }
        ManagedNamespace ns = edits.lock(c.namespaceId()).orElseThrow();
        if (!changeable(ns)) {
            String why = "The namespace is " + ns.state().label() + " now; the change can no longer be applied.";
            store.failOpen(ns.id(), why, clock.instant());
            audit.record(
                    user,
                    entry("namespace.change-failed", c)
                            .outcome(AuditOutcome.FAILED)
                            .change(Map.of("state", "PENDING"), Map.of("state", "FAILED", "reason", why)));
            return store.find(id).orElseThrow();
        }
        return approveNow(c, ns, user, user.displayName(), text);
    }

    /** Makes the change the namespace's desired state and marks it approved (by {@code by}). */
    private NamespaceChange approveNow(
            NamespaceChange c, ManagedNamespace ns, CurrentUser by, String byName, String comment) {
        DesiredSettings now = DesiredSettings.of(ns);
        // only what the change is about: a tier version rolled meanwhile is kept for quota and egress changes
        DesiredSettings to = switch (c.kind()) {
            case TIER_MOVE ->
                new DesiredSettings(
                        c.after().tier(), c.after().tierVersion(), c.after().quotaPreset(), now.egress());
            case QUOTA ->
                new DesiredSettings(now.tier(), now.tierVersion(), c.after().quotaPreset(), now.egress());
            case EGRESS ->
                new DesiredSettings(
                        now.tier(),
                        now.tierVersion(),
                        now.quotaPreset(),
                        c.after().egress());
            case OWNERSHIP -> now;
        };
        long generation = edits.change(ns.id(), to);
        if (!store.decide(
                c.id(),
                c.version(),
                ChangeState.APPROVED,
                by.subject(),
                byName,
                comment,
                generation,
                clock.instant())) {
            throw new ValidationException(
                    Map.of("state", "Someone else decided this change at the same time; reload."));
        }
        Map<String, Object> after = describe(to);
        after.put("state", "APPROVED");
        after.put("comment", comment);
        if (by == CurrentUser.SYSTEM) {
            after.put("by", "automatic");
        }
        audit.record(by, entry("namespace.change-approved", c).change(Map.of("state", "PENDING"), after));
        return store.find(c.id()).orElseThrow();
    }

    /** The requesting team withdraws a change that is still waiting for review. */
    @Transactional
    public NamespaceChange withdraw(UUID id) {
        CurrentUser user = users.require();
        NamespaceChange c = store.lock(id).orElseThrow(() -> new ValidationException(Map.of("id", NO_SUCH_CHANGE)));
        if (!user.isMemberOf(c.team())) {
            hidden(user, "withdraw a change of another team", c.team());
            throw new ValidationException(Map.of("id", NO_SUCH_CHANGE));
        }
        if (c.state() != ChangeState.PENDING) {
            throw new ValidationException(Map.of(
                    "state",
                    "Only a change waiting for review can be withdrawn (this one is "
                            + c.state().label() + ")."));
        }
        if (!store.decide(
                id,
                c.version(),
                ChangeState.WITHDRAWN,
                user.subject(),
                user.displayName(),
                null,
                null,
                clock.instant())) {
            throw new ValidationException(Map.of("state", "The change was decided at the same time; reload."));
        }
        audit.record(
                user,
                entry("namespace.change-withdrawn", c)
                        .change(Map.of("state", "PENDING"), Map.of("state", "WITHDRAWN")));
        return store.find(id).orElseThrow();
    }

    /** The namespace's changes, newest first (developers: their teams; others: not found). */
    @Transactional(readOnly = true)
    public List<NamespaceChange> ofNamespace(UUID namespaceId) {
        CurrentUser user = users.require();
        visibleNamespace(user, namespaceId);
        return store.ofNamespace(namespaceId, 50);
    }

    /** The namespace's open change (waiting for review or being applied), if any. */
    @Transactional(readOnly = true)
    public Optional<NamespaceChange> openChange(UUID namespaceId) {
        CurrentUser user = users.require();
        visibleNamespace(user, namespaceId);
        return store.open(namespaceId);
    }

    /** One change request (developers: their teams' only; another team's is not found). */
    @Transactional(readOnly = true)
    public Optional<NamespaceChange> find(UUID id) {
        CurrentUser user = users.require();
        Optional<NamespaceChange> c = store.find(id);
        if (c.isPresent() && !user.canSeeTeam(c.get().team())) {
            hidden(user, "see a change of another team", c.get().team());
            return Optional.empty();
        }
        return c;
    }

    /** Changes waiting for review, oldest first (reviewers and admins). */
    @Transactional(readOnly = true)
    public List<NamespaceChange> reviewQueue() {
        CurrentUser user = users.require();
        user.require("see the review queue", Role.REVIEWER, Role.ADMIN);
        return store.inStates(EnumSet.of(ChangeState.PENDING), 500);
    }

    /** The reconciler recorded an apply: the approved change it carries is applied (or noted as not yet). */
    @EventListener
    void applied(NamespaceApplied e) {
        Instant now = clock.instant();
        if (e.state() == NamespaceState.READY) {
            store.markApplied(e.namespaceId(), e.generation(), now)
                    .ifPresent(c -> audit.record(
                            CurrentUser.SYSTEM,
                            entry("namespace.change-applied", c)
                                    .outcome(AuditOutcome.SUCCESS)
                                    .change(describe(c.before()), describe(c.after()))));
        } else if (e.reason() != null) {
            store.noteApplyProblem(
                    e.namespaceId(), "Not applied yet: " + e.reason() + " Bulkhead retries automatically.", now);
        }
    }

    /** A decommissioned namespace's open change can never be applied. */
    @EventListener
    void decommissioned(NamespaceDecommissioned e) {
        store.failOpen(e.namespaceId(), "The namespace is being decommissioned.", clock.instant());
    }

    // --- rules ---

    private static boolean changeable(ManagedNamespace ns) {
        return ns.state() == NamespaceState.READY || ns.state() == NamespaceState.FAILED;
    }

    /** The settings the draft asks for, or null with {@code errors} filled. */
    private @Nullable DesiredSettings target(ManagedNamespace ns, ChangeDraft d, Map<String, String> errors) {
        if (!changeable(ns)) {
            errors.put(
                    "namespace",
                    "Only a provisioned namespace can be changed (this one is "
                            + ns.state().label() + ").");
            return null;
        }
        if (d.kind() == null) {
            errors.put("kind", "Choose what to change.");
            return null;
        }
        TierBundle current = tiers.bundle(ns.tier(), ns.tierVersion()).orElseThrow();
        DesiredSettings now = DesiredSettings.of(ns);
        switch (d.kind()) {
            case TIER_MOVE -> {
                String tier = text(d.tier());
                if (tier == null) {
                    errors.put("tier", "Choose the tier to move to.");
                    return null;
                }
                if (tier.equals(ns.tier())) {
                    errors.put("tier", "The namespace is on the " + current.title() + " tier already.");
                    return null;
                }
                Optional<TierBundle> bundle = tiers.latestVersion(tier).flatMap(v -> tiers.bundle(tier, v));
                if (bundle.isEmpty()) {
                    errors.put("tier", "Choose a tier.");
                    return null;
                }
                TierBundle target = bundle.get();
                Optional<ClusterSummary> cluster = clusters.findAsSystem(ns.cluster());
                String ineligible =
                        cluster.map(c -> Namespaces.ineligibility(c, target)).orElse(null);
                if (ineligible != null) {
                    errors.put("tier", ineligible);
                    return null;
                }
                String preset = text(d.quotaPreset());
                if (preset == null) {
                    preset = target.quotaPreset(ns.quotaPreset()).isPresent() || QuotaValues.isCustom(ns.quotaPreset())
                            ? ns.quotaPreset()
                            : target.defaultQuotaPreset();
                } else if (target.quotaPreset(preset).isEmpty()) {
                    errors.put(
                            "quotaPreset",
                            "Choose one of the " + target.title() + " tier's quota presets: "
                                    + target.quotaPresets().keySet() + ".");
                    return null;
                }
                String refused = EgressReview.refusal(target, ns.egress());
                if (refused != null) {
                    errors.put("tier", "The " + target.title() + " tier refuses the egress allowlist: " + refused);
                    return null;
                }
                int version = tiers.latestVersion(tier).orElseThrow();
                return new DesiredSettings(tier, version, preset, ns.egress());
            }
            case QUOTA -> {
                if (d.quotaValues() != null && !d.quotaValues().isEmpty()) {
                    return customQuota(ns, current, d.quotaValues(), errors);
                }
                String preset = text(d.quotaPreset());
                if (preset == null || current.quotaPreset(preset).isEmpty()) {
                    errors.put(
                            "quotaPreset",
                            "Choose one of the tier's quota presets: "
                                    + current.quotaPresets().keySet() + ".");
                    return null;
                }
                if (preset.equals(ns.quotaPreset())) {
                    errors.put("quotaPreset", "The namespace has quota preset " + preset + " already.");
                    return null;
                }
                DesiredSettings to = new DesiredSettings(now.tier(), now.tierVersion(), preset, now.egress());
                String cut = cutBelowUse(
                        ns, current.quotaPreset(preset).orElseThrow().hard(), preset);
                if (cut != null) {
                    errors.put("quotaPreset", cut);
                    return null;
                }
                return to;
            }
            case EGRESS -> {
                List<EgressRule> egress = d.egress();
                if (egress == null) {
                    errors.put("egress", "Give the new egress allowlist.");
                    return null;
                }
                if (egress.size() > 50) {
                    errors.put("egress", "At most 50 egress entries.");
                    return null;
                }
                if (egress.stream().anyMatch(Objects::isNull)) {
                    errors.put("egress", "An egress entry is empty.");
                    return null;
                }
                if (new LinkedHashSet<>(egress).size() != egress.size()) {
                    errors.put("egress", "An egress entry is listed twice.");
                    return null;
                }
                if (Set.copyOf(egress).equals(Set.copyOf(ns.egress()))) {
                    errors.put("egress", "The allowlist is unchanged.");
                    return null;
                }
                String refused = EgressReview.refusal(current, egress);
                if (refused != null) {
                    errors.put("egress", refused);
                    return null;
                }
                return new DesiredSettings(now.tier(), now.tierVersion(), now.quotaPreset(), egress);
            }
            case OWNERSHIP -> {
                errors.put("kind", "Ownership handoffs are not available yet; ask an admin.");
                return null;
            }
        }
        return null;
    }

    /**
     * Custom quota values: each a valid quantity (fabric8's parser, as the API server reads it), resources left out
     * keep the namespace's current values, not the same as now, and not below what the namespace uses.
     */
    private @Nullable DesiredSettings customQuota(
            ManagedNamespace ns, TierBundle current, Map<String, String> values, Map<String, String> errors) {
        Map<String, String> invalid = QuotaValues.validate(values);
        if (!invalid.isEmpty()) {
            errors.putAll(invalid);
            return null;
        }
        Map<String, String> now = QuotaValues.hard(current, ns.quotaPreset()).orElse(Map.of());
        Map<String, String> merged = new LinkedHashMap<>(now);
        values.forEach((k, v) -> merged.put(k, v.strip()));
        String encoded = QuotaValues.encode(merged);
        if (encoded.equals(ns.quotaPreset()) || sameAmounts(now, merged)) {
            errors.put("quotaValues", "The quota is unchanged.");
            return null;
        }
        String cut = cutBelowUse(ns, merged, "custom values");
        if (cut != null) {
            errors.put("quotaValues", cut);
            return null;
        }
        return new DesiredSettings(ns.tier(), ns.tierVersion(), encoded, ns.egress());
    }

    private static boolean sameAmounts(Map<String, String> a, Map<String, String> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (var e : a.entrySet()) {
            try {
                if (QuotaValues.amount(e.getValue()).compareTo(QuotaValues.amount(b.get(e.getKey()))) != 0) {
                    return false;
                }
            } catch (IllegalArgumentException ex) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why the preset's limits are below what the namespace uses now ("requests.cpu: 3 in use, preset S allows 2"),
     * or null when they are not, or the use is unknown.
     */
    private @Nullable String cutBelowUse(ManagedNamespace ns, Map<String, String> hard, String preset) {
        List<QuotaUse> use;
        try {
            use = edits.quotaUse(ns);
        } catch (RuntimeException e) {
            return null; // unknown use: the preview says the cluster did not answer; the quota itself then refuses
        }
        List<String> over = new ArrayList<>();
        for (QuotaUse u : use) {
            String limit = hard.get(u.resource());
            if (u.used() == null || limit == null) {
                continue;
            }
            try {
                if (Quantities.amount(u.used()).compareTo(Quantities.amount(limit)) > 0) {
                    over.add(u.resource() + ": " + u.used() + " in use, " + allows(preset) + " " + limit);
                }
            } catch (IllegalArgumentException e) {
                // a quantity we cannot compare is not a reason to refuse
            }
        }
        return over.isEmpty()
                ? null
                : "The namespace uses more than " + allows(preset) + ": " + String.join("; ", over) + ".";
    }

    private ChangePreview preview(ManagedNamespace ns, ChangeKind kind, DesiredSettings after, boolean lockBudget) {
        DesiredSettings before = DesiredSettings.of(ns);
        TierBundle current = tiers.bundle(ns.tier(), ns.tierVersion()).orElseThrow();
        TierBundle target = tiers.bundle(after.tier(), after.tierVersion()).orElseThrow();
        String diff = edits.objectDiff(ns, after);
        List<WorkloadImpact> workloads = List.of();
        List<String> warnings = List.of();
        String problem = null;
        List<QuotaUse> use = List.of();
        boolean moveDown = kind == ChangeKind.TIER_MOVE && target.sortOrder() < current.sortOrder();
        if (kind == ChangeKind.TIER_MOVE) {
            TierReadiness readiness = compliance.readiness(ns.id(), after.tier());
            workloads =
                    readiness.failing().stream().map(NamespaceChanges::impact).toList();
            try {
                warnings = edits.dryRunWarnings(ns, after);
            } catch (RuntimeException e) {
                problem = "The cluster could not dry-run the change: " + e.getMessage();
            }
        }
        if (kind == ChangeKind.TIER_MOVE || kind == ChangeKind.QUOTA) {
            try {
                use = edits.quotaUse(ns);
            } catch (RuntimeException e) {
                problem = problem == null ? "The cluster did not say how much quota is in use." : problem;
            }
        }
        boolean breaks = !workloads.isEmpty() || warnings.stream().anyMatch(w -> w.contains("violate"));
        List<String> reasons = new ArrayList<>();
        switch (kind) {
            case TIER_MOVE -> {
                if (moveDown) {
                    reasons.add("A move to a less strict tier (" + current.title() + " → " + target.title()
                            + ") is always reviewed.");
                }
                if (breaks) {
                    reasons.add("Running workloads would be refused or fail on the " + target.title() + " tier.");
                }
                if (!target.review().autoApproveDefaultQuota()) {
                    reasons.add("The " + target.title() + " tier is always reviewed.");
                } else if (above(target, after.quotaPreset())) {
                    reasons.add("Quota preset " + after.quotaPreset() + " is above the " + target.title()
                            + " tier's default " + target.defaultQuotaPreset() + ".");
                }
                String egress = EgressReview.reviewReason(target, after.egress());
                if (egress != null) {
                    reasons.add(egress);
                }
            }
            case QUOTA -> {
                if (!current.review().autoApproveDefaultQuota()) {
                    reasons.add("The " + current.title() + " tier is always reviewed.");
                } else if (above(current, after.quotaPreset())) {
                    reasons.add((QuotaValues.isCustom(after.quotaPreset())
                                    ? "The custom quota values are"
                                    : "Quota preset " + after.quotaPreset() + " is")
                            + " above the tier's default " + current.defaultQuotaPreset() + ".");
                }
            }
            case EGRESS -> {
                List<EgressRule> added = after.egress().stream()
                        .filter(e -> !before.egress().contains(e))
                        .toList();
                String egress = EgressReview.reviewReason(current, added);
                if (egress != null) {
                    reasons.add(egress);
                }
            }
            case OWNERSHIP -> reasons.add("Ownership handoffs are always reviewed.");
        }
        if (kind == ChangeKind.TIER_MOVE || kind == ChangeKind.QUOTA) {
            String overrun = edits.budgetOverrun(ns, after, lockBudget);
            if (overrun != null) {
                reasons.add(overrun);
            }
        }
        return new ChangePreview(
                kind,
                before,
                after,
                diff,
                workloads,
                warnings,
                problem,
                use,
                reasons.isEmpty() ? null : String.join(" ", reasons),
                breaks,
                moveDown);
    }

    /** The preset is larger than the tier's default (presets are ordered smallest first). */
    private static boolean above(TierBundle bundle, String preset) {
        if (QuotaValues.isCustom(preset)) {
            // custom values are inside the rules only when no resource exceeds the tier's default preset
            Map<String, String> dflt = bundle.quotaPreset(bundle.defaultQuotaPreset())
                    .orElseThrow()
                    .hard();
            for (var e : QuotaValues.parse(preset).entrySet()) {
                String limit = dflt.get(e.getKey());
                try {
                    if (limit == null
                            ? QuotaValues.amount(e.getValue()).signum() > 0
                            : QuotaValues.amount(e.getValue()).compareTo(QuotaValues.amount(limit)) > 0) {
                        return true;
                    }
                } catch (IllegalArgumentException ex) {
                    return true;
                }
            }
            return false;
        }
        List<String> order = List.copyOf(bundle.quotaPresets().keySet());
        return order.indexOf(preset) > order.indexOf(bundle.defaultQuotaPreset());
    }

    private static String allows(String preset) {
        return preset.equals("custom values") ? "the custom values allow" : "preset " + preset + " allows";
    }

    private static WorkloadImpact impact(Finding f) {
        String where = f.workload() + (f.container() == null ? "" : " (container " + f.container() + ")");
        return new WorkloadImpact(
                where, f.controlId(), f.field() + " is " + f.actual() + ", must be " + f.expected() + ". " + f.fix());
    }

    private static Optional<String> reasonError(@Nullable String reason) {
        String r = reason == null ? "" : reason.strip();
        if (r.indexOf('\u0000') >= 0) {
            return Optional.of("Remove the NUL character.");
        }
        if (r.length() < 10) {
            return Optional.of("Say in at least 10 characters why the namespace should change.");
        }
        if (r.length() > ChangeDraft.MAX_REASON) {
            return Optional.of("At most " + ChangeDraft.MAX_REASON + " characters.");
        }
        return Optional.empty();
    }

    private static String openRefusal(NamespaceChange open) {
        return "This namespace already has an open change (" + open.summary() + ", "
                + open.state().label()
                + ", asked for by " + open.requestedByName() + "). One change at a time: wait until it is applied,"
                + " or withdraw it.";
    }

    // --- access ---

    /** The namespace, if the user is a member of its team; anyone else is told it does not exist. */
    private ManagedNamespace ownNamespace(CurrentUser user, UUID id, String action) {
        ManagedNamespace ns =
                edits.find(id).orElseThrow(() -> new ValidationException(Map.of("namespace", NO_SUCH_NAMESPACE)));
        if (!user.isMemberOf(ns.team())) {
            hidden(user, action + " of another team", ns.team());
            throw new ValidationException(Map.of("namespace", NO_SUCH_NAMESPACE));
        }
        return ns;
    }

    private ManagedNamespace visibleNamespace(CurrentUser user, UUID id) {
        ManagedNamespace ns =
                edits.find(id).orElseThrow(() -> new ValidationException(Map.of("namespace", NO_SUCH_NAMESPACE)));
        if (!user.canSeeTeam(ns.team())) {
            hidden(user, "see the changes of a namespace of another team", ns.team());
            throw new ValidationException(Map.of("namespace", NO_SUCH_NAMESPACE));
        }
        return ns;
    }

    /** Records the refusal (no location: the caller must not learn the name) without telling the caller. */
    private void hidden(CurrentUser user, String action, String team) {
        audit.recordIndependently(user, AuditEntry.accessDenied(action, team), null);
    }

    private void denied(CurrentUser user, String action, @Nullable String team) {
        audit.recordIndependently(user, AuditEntry.accessDenied(action, team), null);
        throw new AccessDeniedException(action, "not allowed for " + user.displayName());
    }

    private static AuditEntry entry(String action, NamespaceChange c) {
        return AuditEntry.of(action)
                .target("namespace-change", c.id().toString())
                .team(c.team())
                .location(c.cluster(), c.namespace());
    }

    private static Map<String, Object> describe(DesiredSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tier", s.tier() + " v" + s.tierVersion());
        m.put("quotaPreset", s.quotaPreset());
        m.put(
                "egress",
                s.egress().stream()
                        .map(e -> e.cidr() + ":" + e.port() + "/" + e.protocol())
                        .toList());
        return m;
    }

    private static @Nullable String text(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Kubernetes quantities compared by amount. */
    static final class Quantities {
        private Quantities() {}

        static BigDecimal amount(String quantity) {
            return io.bulkhead.tiers.TierBundles.quantityValue(quantity);
        }
    }
}
