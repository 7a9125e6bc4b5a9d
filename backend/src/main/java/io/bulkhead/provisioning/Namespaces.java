package io.bulkhead.provisioning;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.provisioning.internal.ReconcileRequests;
import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.Tiers;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Namespaces as a service. Developers request namespaces for their own teams; requests inside the tier's defaults
 * are approved automatically, the rest wait for a reviewer (never the requester). Approved namespaces are
 * provisioned by the reconciler. Every read and action checks the user's role and team here, not in the UI.
 */
@Service
public class Namespaces {
    public static final int MAX_COMMENT = 1000;
    /** The shortest comment a reviewer's decision (approval or rejection) takes. */
    public static final int MIN_DECISION_COMMENT = 5;

    private static final Set<String> RESERVED = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final NamespaceStore store;
    private final CurrentUsers users;
    private final Tiers tiers;
    private final Clusters clusters;
    private final AuditTrail audit;
    private final Clock clock;
    private final ReconcileRequests reconcile;
    private final Provisioner provisioner;
    private final TierRenderer renderer;
    private final ApplicationEventPublisher events;
    private final io.bulkhead.tenancy.Teams teams;
    private final io.bulkhead.provisioning.internal.QuotaUsage quotaUsage;
    private final TeamBudgets budgets;

    Namespaces(
            NamespaceStore store,
            CurrentUsers users,
            Tiers tiers,
            Clusters clusters,
            AuditTrail audit,
            Clock clock,
            ReconcileRequests reconcile,
            Provisioner provisioner,
            TierRenderer renderer,
            ApplicationEventPublisher events,
            io.bulkhead.tenancy.Teams teams,
            io.bulkhead.provisioning.internal.QuotaUsage quotaUsage,
            TeamBudgets budgets) {
        this.quotaUsage = quotaUsage;
        this.budgets = budgets;
        this.store = store;
        this.users = users;
        this.tiers = tiers;
        this.clusters = clusters;
        this.audit = audit;
        this.clock = clock;
        this.reconcile = reconcile;
        this.provisioner = provisioner;
        this.renderer = renderer;
        this.events = events;
        this.teams = teams;
    }

    /** Field → message for every problem with the request (empty when it can be submitted). */
    @Transactional(readOnly = true)
    public Map<String, String> validate(NamespaceRequest r) {
        return validate(r, false);
    }

    private Map<String, String> validate(NamespaceRequest r, boolean adopting) {
        CurrentUser user = users.require();
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        text.put("cluster", r.cluster());
        text.put("team", r.team());
        text.put("tier", r.tier());
        text.put("quotaPreset", r.quotaPreset());
        text.put("purpose", r.purpose());
        text.forEach((field, value) -> {
            if (value != null && value.indexOf('\u0000') >= 0) {
                errors.put(field, "Remove the NUL character.");
            }
        });
        if (!errors.isEmpty()) {
            return errors; // PostgreSQL text cannot hold NUL: no lookup with it
        }
        String name = r.name() == null ? "" : r.name();
        if (name.isEmpty()) {
            errors.put("name", "Enter a name.");
        } else if (name.length() > 63) {
            errors.put("name", "At most 63 characters (this one has " + name.length() + ").");
        } else if (!name.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")) {
            errors.put(
                    "name", "Use lowercase letters a–z, digits and '-', starting and ending with a letter or digit.");
        } else if (RESERVED.contains(name) || name.startsWith("kube-")) {
            errors.put("name", "'" + name + "' is reserved by Kubernetes; choose another name.");
        } else if (r.cluster() != null && store.nameTaken(r.cluster(), name)) {
            errors.put("name", nameTaken(name));
        }
        if (r.team() == null || r.team().isBlank()) {
            errors.put("team", adopting ? "Choose the team that will own the namespace." : "Choose one of your teams.");
        } else if (adopting ? !teams.exists(r.team()) : !user.isMemberOf(r.team())) {
            errors.put(
                    "team",
                    adopting
                            ? "No team '" + r.team() + "' exists."
                            : "You can only request namespaces for your own teams.");
        }
        Optional<Integer> version = r.tier() == null ? Optional.empty() : tiers.latestVersion(r.tier());
        Optional<TierBundle> bundle = version.flatMap(v -> tiers.bundle(r.tier(), v));
        if (bundle.isEmpty()) {
            errors.put("tier", "Choose a tier.");
        }
        Optional<ClusterSummary> cluster = r.cluster() == null ? Optional.empty() : clusters.findAsSystem(r.cluster());
        if (cluster.isEmpty()) {
            errors.put("cluster", "Choose a registered cluster.");
        } else if (bundle.isPresent()) {
            String why = ineligibility(cluster.get(), bundle.get());
            if (why != null) {
                errors.put("cluster", why);
            }
        }
        if (adopting && !errors.containsKey("name") && cluster.isPresent()) {
            String why = adoptable(cluster.get(), name);
            if (why != null) {
                errors.put(why.startsWith("The cluster") ? "cluster" : "name", why);
            }
        } else if (!errors.containsKey("name")
                && cluster.isPresent()
                && cluster.get().status().equals("REACHABLE")
                && provisioner.namespaceExists(cluster.get().name(), name).orElse(false)) {
            // a namespace Bulkhead does not own (an add-on's, one made by hand, or one Bulkhead is still deleting)
            // is never handed to a requester; whose it is is not said
            errors.put("name", nameTaken(name));
        }
        if (bundle.isPresent()
                && (r.quotaPreset() == null
                        || bundle.get().quotaPreset(r.quotaPreset()).isEmpty())) {
            errors.put(
                    "quotaPreset",
                    "Choose one of the tier's quota presets: "
                            + bundle.get().quotaPresets().keySet() + ".");
        }
        if (r.egress() != null) {
            if (r.egress().size() > 50) {
                errors.put("egress", "At most 50 egress entries.");
            } else if (r.egress().stream().anyMatch(java.util.Objects::isNull)) {
                errors.put("egress", "An egress entry is empty.");
            } else if (bundle.isPresent()) {
                String refused = EgressReview.refusal(bundle.get(), r.egress());
                if (refused != null) {
                    errors.put("egress", refused);
                }
            }
        }
        String purpose = r.purpose() == null ? "" : r.purpose().strip();
        if (purpose.length() < 10) {
            errors.put("purpose", "Say in at least 10 characters what the namespace is for.");
        } else if (purpose.length() > NamespaceRequest.MAX_PURPOSE) {
            errors.put("purpose", "At most " + NamespaceRequest.MAX_PURPOSE + " characters.");
        }
        return errors;
    }

    /** Why the namespace cannot be adopted, or null when it exists and no Bulkhead record owns it. */
    private @Nullable String adoptable(ClusterSummary cluster, String name) {
        if (!cluster.status().equals("REACHABLE")) {
            return "The cluster must be reachable to adopt a namespace from it.";
        }
        Optional<ExistingNamespace> existing;
        try {
            existing = provisioner.inspect(cluster.name(), name);
        } catch (RuntimeException e) {
            return "The cluster must be reachable to adopt a namespace from it.";
        }
        if (existing.isEmpty()) {
            return "No namespace named '" + name + "' exists in this cluster.";
        }
        if (existing.get().managed()) {
            return "This namespace is already managed by Bulkhead.";
        }
        return null;
    }

    /** Admin: field → message for every problem with an adoption request (empty when it can be submitted). */
    @Transactional(readOnly = true)
    public Map<String, String> validateAdoption(NamespaceRequest r) {
        users.require().require("adopt existing namespaces", Role.ADMIN);
        return validate(r, true);
    }

    /**
     * Admin: what adopting an existing namespace would mean — what is in it now (bindings, network policies, pods)
     * and every object Bulkhead would apply. Throws {@link ValidationException} per field when it cannot be adopted.
     */
    @Transactional(readOnly = true)
    public AdoptionPreview adoptionPreview(NamespaceRequest r) {
        users.require().require("adopt existing namespaces", Role.ADMIN);
        Map<String, String> errors = validate(r, true);
        errors.remove("purpose");
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        int v = tiers.latestVersion(r.tier()).orElseThrow();
        TierBundle bundle = tiers.bundle(r.tier(), v).orElseThrow();
        String yaml = renderer.toYaml(renderer.render(
                bundle,
                new NamespaceSpec(
                        r.cluster(),
                        r.name(),
                        r.team(),
                        provisioner.teamGroup(r.team()),
                        r.tier(),
                        v,
                        r.quotaPreset(),
                        r.egress() == null ? List.of() : r.egress())));
        return new AdoptionPreview(provisioner.inspect(r.cluster(), r.name()).orElseThrow(), yaml);
    }

    /**
     * Reviewers and admins: for a waiting adoption request, what the namespace holds now and what Bulkhead would
     * apply (empty when the record is not an adoption, or it was already decided, or the cluster cannot be read).
     */
    @Transactional(readOnly = true)
    public Optional<AdoptionPreview> adoptionUnderReview(UUID id) {
        CurrentUser user = users.require();
        user.require("review adoptions", Role.REVIEWER, Role.ADMIN);
        ManagedNamespace ns =
                store.find(id).orElseThrow(() -> new ValidationException(Map.of("id", "No such request.")));
        if (ns.state() != NamespaceState.REQUESTED || !store.isAdoption(id)) {
            return Optional.empty();
        }
        try {
            return provisioner
                    .inspect(ns.cluster(), ns.name())
                    .map(existing -> new AdoptionPreview(existing, renderer.toYaml(provisioner.desired(ns))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Admin: asks to bring a namespace that exists in the cluster (and that no Bulkhead record owns) under Bulkhead
     * for a team. Always reviewed, by a reviewer other than the admin who asked; once approved, the reconciler claims
     * it (owner annotation) and applies the tier. Nothing is stored when it is invalid.
     */
    @Transactional
    public ManagedNamespace requestAdoption(NamespaceRequest r) {
        CurrentUser user = users.require();
        if (!user.has(Role.ADMIN)) {
            denied(user, "adopt existing namespaces", null);
        }
        Map<String, String> errors = validate(r, true);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        int version = tiers.latestVersion(r.tier()).orElseThrow();
        var now = clock.instant();
        ManagedNamespace ns = insertNew(
                r,
                version,
                user,
                now,
                false,
                "Adoption of an existing namespace: check what already runs in it and who has access (preview)"
                        + " before approving.");
        store.insertAdoption(ns.id(), now);
        Map<String, Object> described = describe(ns);
        described.put("adoption", true);
        audit.record(user, entry("namespace.adoption-requested", ns).change(null, described));
        return ns;
    }

    private static String nameTaken(String name) {
        return "A namespace named '" + name + "' already exists in this cluster; choose another name. (An admin can"
                + " adopt an existing namespace into Bulkhead.)";
    }

    /** Why a cluster cannot host a tier (e.g. no sandbox RuntimeClass), or null when it can. */
    public static @Nullable String ineligibility(ClusterSummary cluster, TierBundle bundle) {
        var rc = bundle.admissionRule(TierBundle.RequireRuntimeClass.class);
        if (rc.isPresent() && rc.get().allowed().stream().noneMatch(cluster.runtimeClasses()::contains)) {
            return "Cluster " + cluster.name() + " has none of the RuntimeClasses "
                    + rc.get().allowed() + " the " + bundle.title()
                    + " tier needs; choose another cluster or ask an admin to add one.";
        }
        return null;
    }

    /** Clusters that can host the tier's latest version. */
    @Transactional(readOnly = true)
    public List<ClusterSummary> eligibleClusters(String tier) {
        users.require();
        var bundle = tiers.latestVersion(tier).flatMap(v -> tiers.bundle(tier, v));
        return clusters.list().stream()
                .filter(c -> bundle.isEmpty() || ineligibility(c, bundle.get()) == null)
                .toList();
    }

    /** The YAML of every object the request would create; throws {@link ValidationException} if invalid. */
    @Transactional(readOnly = true)
    public String preview(NamespaceRequest r) {
        Map<String, String> errors = validate(r);
        errors.remove("purpose");
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        int v = tiers.latestVersion(r.tier()).orElseThrow();
        TierBundle bundle = tiers.bundle(r.tier(), v).orElseThrow();
        String group = provisioner.teamGroup(r.team());
        return renderer.toYaml(renderer.render(
                bundle,
                new NamespaceSpec(
                        r.cluster(),
                        r.name(),
                        r.team(),
                        group,
                        r.tier(),
                        v,
                        r.quotaPreset(),
                        r.egress() == null ? List.of() : r.egress())));
    }

    /** Submits a request. Nothing is stored when it is invalid ({@link ValidationException} per field). */
    @Transactional
    public ManagedNamespace request(NamespaceRequest r) {
        CurrentUser user = users.require();
        if (r.team() != null && !user.isMemberOf(r.team())) {
            denied(user, "request a namespace for team " + r.team(), r.team());
        }
        Map<String, String> errors = validate(r);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        int version = tiers.latestVersion(r.tier()).orElseThrow();
        TierBundle bundle = tiers.bundle(r.tier(), version).orElseThrow();
        String reviewReason = null;
        if (!bundle.review().autoApproveDefaultQuota()) {
            reviewReason = "The " + bundle.title() + " tier is always reviewed.";
        } else if (!bundle.defaultQuotaPreset().equals(r.quotaPreset())) {
            reviewReason = "Quota preset " + r.quotaPreset() + " is above the tier's default "
                    + bundle.defaultQuotaPreset() + ".";
        }
        String egressReason = EgressReview.reviewReason(bundle, r.egress());
        if (egressReason != null) {
            reviewReason = reviewReason == null ? egressReason : reviewReason + " " + egressReason;
        }
        // serialized per team and cluster until this transaction commits: concurrent requests cannot both fit in
        // the same remaining budget
        String overrun = budgets.overrun(
                r.team(),
                r.cluster(),
                null,
                bundle.quotaPreset(r.quotaPreset()).orElseThrow().hard());
        if (overrun != null) {
            reviewReason = reviewReason == null ? overrun : reviewReason + " " + overrun;
        }
        boolean auto = reviewReason == null;
        var now = clock.instant();
        ManagedNamespace ns = insertNew(r, version, user, now, auto, reviewReason);
        audit.record(user, entry("namespace.requested", ns).change(null, describe(ns)));
        if (auto) {
            audit.record(
                    CurrentUser.SYSTEM,
                    entry("namespace.approved", ns)
                            .change(Map.of("state", "REQUESTED"), Map.of("state", "APPROVED", "by", "automatic")));
            reconcile.afterCommit(ns.id());
        }
        return ns;
    }

    /**
     * Stores a new namespace record for a valid request: approved automatically ({@code auto}) or waiting for review
     * with {@code reviewReason}. A name taken by a request that won the race since validation is a field message.
     */
    private ManagedNamespace insertNew(
            NamespaceRequest r,
            int version,
            CurrentUser user,
            java.time.Instant now,
            boolean auto,
            @Nullable String reviewReason) {
        ManagedNamespace ns = new ManagedNamespace(
                UUID.randomUUID(),
                r.cluster(),
                r.name(),
                r.team(),
                r.tier(),
                version,
                r.quotaPreset(),
                r.egress() == null ? List.of() : List.copyOf(r.egress()),
                r.purpose().strip(),
                auto ? NamespaceState.APPROVED : NamespaceState.REQUESTED,
                null,
                !auto,
                reviewReason,
                user.subject(),
                user.displayName(),
                now,
                auto ? CurrentUser.SYSTEM.subject() : null,
                auto ? "Bulkhead (automatic)" : null,
                auto ? now : null,
                auto ? "Within the tier's defaults and the team's budget: approved automatically." : null,
                1,
                0,
                null,
                now,
                0);
        try {
            store.insert(ns);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            // another request for the same name won the race between validation and insert
            throw new ValidationException(Map.of("name", nameTaken(ns.name())));
        }
        return ns;
    }

    /**
     * Reviewer approves a waiting request (never their own) with a comment of at least
     * {@link #MIN_DECISION_COMMENT} characters saying what was checked.
     */
    @Transactional
    public ManagedNamespace approve(UUID id, String comment) {
        return decide(id, comment, true);
    }

    /** Reviewer rejects a waiting request with a comment saying why. */
    @Transactional
    public ManagedNamespace reject(UUID id, String comment) {
        return decide(id, comment, false);
    }

    private ManagedNamespace decide(UUID id, String comment, boolean approve) {
        CurrentUser user = users.require();
        String action = approve ? "approve namespace requests" : "reject namespace requests";
        if (!user.hasAny(Role.REVIEWER, Role.ADMIN)) {
            denied(user, action, null);
        }
        ManagedNamespace ns =
                store.lock(id).orElseThrow(() -> new ValidationException(Map.of("id", "No such request.")));
        if (ns.requestedBy().equals(user.subject())) {
            denied(user, "decide on their own request", ns.team());
        }
        String c = comment == null ? "" : comment.strip();
        if (c.length() < MIN_DECISION_COMMENT) {
            throw new ValidationException(Map.of(
                    "comment",
                    approve
                            ? "Say what you checked before approving (at least " + MIN_DECISION_COMMENT
                                    + " characters)."
                            : "Say why the request is rejected (at least " + MIN_DECISION_COMMENT + " characters)."));
        }
        if (c.length() > MAX_COMMENT) {
            throw new ValidationException(Map.of("comment", "At most " + MAX_COMMENT + " characters."));
        }
        if (ns.state() != NamespaceState.REQUESTED) {
            throw new ValidationException(Map.of(
                    "state", "This request was already decided (" + ns.state().label() + ")."));
        }
        NamespaceState to = approve ? NamespaceState.APPROVED : NamespaceState.REJECTED;
        if (!store.decide(id, ns.version(), to, user.subject(), user.displayName(), c, clock.instant())) {
            throw new ValidationException(
                    Map.of("state", "Someone else decided this request at the same time; reload."));
        }
        audit.record(
                user,
                entry(approve ? "namespace.approved" : "namespace.rejected", ns)
                        .change(Map.of("state", "REQUESTED"), Map.of("state", to.name(), "comment", c)));
        if (approve) {
            reconcile.afterCommit(id);
        }
        return store.find(id).orElseThrow();
    }

    /** Starts deletion; {@code confirmName} must repeat the namespace's name. Team members and admins only. */
    @Transactional
    public ManagedNamespace decommission(UUID id, String confirmName) {
        CurrentUser user = users.require();
        ManagedNamespace ns =
                store.lock(id).orElseThrow(() -> new ValidationException(Map.of("id", "No such namespace.")));
        if (!user.isMemberOf(ns.team()) && !user.has(Role.ADMIN)) {
            denied(user, "decommission a namespace of another team", ns.team());
        }
        if (!ns.name().equals(confirmName)) {
            throw new ValidationException(Map.of("confirm", "Type the namespace name '" + ns.name() + "' to confirm."));
        }
        if (!ns.state().live()) {
            throw new ValidationException(Map.of(
                    "state",
                    "Only provisioned namespaces can be decommissioned (this one is "
                            + ns.state().label() + ")."));
        }
        store.transition(id, ns.version(), NamespaceState.DECOMMISSIONING, null, clock.instant());
        audit.record(
                user,
                entry("namespace.decommission-requested", ns)
                        .change(Map.of("state", ns.state().name()), Map.of("state", "DECOMMISSIONING")));
        events.publishEvent(new NamespaceDecommissioned(id));
        reconcile.afterCommit(id);
        return store.find(id).orElseThrow();
    }

    /** Admin: moves a namespace to another published version of its tier (roll forward or back). */
    @Transactional
    public ManagedNamespace moveTierVersion(UUID id, int version) {
        CurrentUser user = users.require();
        user.require("roll namespaces to another tier version", Role.ADMIN);
        ManagedNamespace ns =
                store.lock(id).orElseThrow(() -> new ValidationException(Map.of("id", "No such namespace.")));
        if (tiers.bundle(ns.tier(), version).isEmpty()) {
            throw new ValidationException(Map.of("version", "Tier " + ns.tier() + " has no version " + version + "."));
        }
        store.setTierVersion(id, version, clock.instant());
        audit.record(
                user,
                entry("namespace.tier-version-changed", ns)
                        .change(Map.of("tierVersion", ns.tierVersion()), Map.of("tierVersion", version)));
        reconcile.afterCommit(id);
        return store.find(id).orElseThrow();
    }

    /** Filter for the list; blank = any. Developers are limited to their teams whatever they ask for. */
    public record Filter(
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String tier,
            @Nullable Set<NamespaceState> states,
            @Nullable String text) {
        public static final Filter ALL = new Filter(null, null, null, null, null);

        public Filter {
            if (text != null && text.length() > 100) {
                throw new ValidationException(Map.of("text", "Search text is limited to 100 characters."));
            }
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw new ValidationException(Map.of("text", "Remove the NUL character."));
            }
        }
    }

    @Transactional(readOnly = true)
    public List<ManagedNamespace> list(Filter f, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 500) {
            throw new IllegalArgumentException("Page must start at 0 or later and hold 1 to 500 rows.");
        }
        return store.page(query(f), offset, limit);
    }

    @Transactional(readOnly = true)
    public int count(Filter f) {
        return store.count(query(f));
    }

    private NamespaceStore.Query query(Filter f) {
        CurrentUser user = users.require();
        return new NamespaceStore.Query(
                user.seesAllTeams() ? null : user.teams(),
                blank(f.team()),
                blank(f.cluster()),
                blank(f.tier()),
                f.states(),
                blank(f.text()));
    }

    /** Requests waiting for review, oldest first (reviewers and admins). */
    @Transactional(readOnly = true)
    public List<ManagedNamespace> reviewQueue() {
        CurrentUser user = users.require();
        user.require("see the review queue", Role.REVIEWER, Role.ADMIN);
        var q = new NamespaceStore.Query(null, null, null, null, Set.of(NamespaceState.REQUESTED), null);
        List<ManagedNamespace> all = new java.util.ArrayList<>(store.page(q, 0, 500));
        all.sort(java.util.Comparator.comparing(ManagedNamespace::requestedAt));
        return all;
    }

    @Transactional(readOnly = true)
    public Optional<ManagedNamespace> find(UUID id) {
        CurrentUser user = users.require();
        Optional<ManagedNamespace> ns = store.find(id);
        if (ns.isPresent() && !user.canSeeTeam(ns.get().team())) {
            denied(user, "see a namespace of another team", ns.get().team());
        }
        return ns;
    }

    /**
     * The namespace of that name in the cluster (the record that holds the name, else the latest rejected or deleted
     * one), if the user may see it. Another team's namespace is refused like {@link #find}.
     */
    @Transactional(readOnly = true)
    public Optional<ManagedNamespace> findByName(String cluster, String name) {
        CurrentUser user = users.require();
        if (cluster == null || name == null || cluster.indexOf('\u0000') >= 0 || name.indexOf('\u0000') >= 0) {
            return Optional.empty();
        }
        Optional<ManagedNamespace> ns = store.findByName(cluster, name);
        if (ns.isPresent() && !user.canSeeTeam(ns.get().team())) {
            denied(user, "see a namespace of another team", ns.get().team());
        }
        return ns;
    }

    /** The namespace's desired objects and what the last apply found. */
    @Transactional(readOnly = true)
    public List<ObjectStatus> objects(UUID id) {
        find(id).orElseThrow(() -> new ValidationException(Map.of("id", "No such namespace.")));
        return store.objects(id);
    }

    /** YAML of the namespace's desired objects. */
    @Transactional(readOnly = true)
    public String desiredYaml(UUID id) {
        ManagedNamespace ns = find(id).orElseThrow(() -> new ValidationException(Map.of("id", "No such namespace.")));
        return renderer.toYaml(provisioner.desired(ns));
    }

    /**
     * How much of its quota a live namespace uses, per resource, from the ResourceQuota's status in the cluster
     * (empty when it is not live, the quota has no status yet, or the cluster does not answer). Developers: their
     * teams only.
     */
    @Transactional(readOnly = true)
    public List<QuotaUse> quotaUse(UUID id) {
        ManagedNamespace ns = find(id).orElseThrow(() -> new ValidationException(Map.of("id", "No such namespace.")));
        if (!ns.state().live()) {
            return List.of();
        }
        try {
            return quotaUsage.of(ns.cluster(), ns.name());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Admin: reconcile now. */
    public void resync(UUID id) {
        users.require().require("re-sync a namespace", Role.ADMIN);
        reconcile.afterCommit(id);
    }

    private void denied(CurrentUser user, String action, @Nullable String team) {
        audit.recordIndependently(user, AuditEntry.accessDenied(action, team), null);
        throw new AccessDeniedException(action, "not allowed for " + user.displayName());
    }

    private static AuditEntry entry(String action, ManagedNamespace ns) {
        return AuditEntry.of(action)
                .target("namespace", ns.id().toString())
                .team(ns.team())
                .location(ns.cluster(), ns.name());
    }

    private static Map<String, Object> describe(ManagedNamespace ns) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ns.name());
        m.put("cluster", ns.cluster());
        m.put("tier", ns.tier() + " v" + ns.tierVersion());
        m.put("quotaPreset", ns.quotaPreset());
        m.put(
                "egress",
                ns.egress().stream()
                        .map(e -> e.cidr() + ":" + e.port() + "/" + e.protocol())
                        .toList());
        m.put("purpose", ns.purpose());
        m.put("state", ns.state().name());
        return m;
    }

    private static @Nullable String blank(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
