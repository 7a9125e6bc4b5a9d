package io.bulkhead.compliance;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.compliance.internal.ComplianceStore;
import io.bulkhead.compliance.internal.ControlCatalog;
import io.bulkhead.compliance.internal.DayGroups;
import io.bulkhead.compliance.internal.Evaluator;
import io.bulkhead.compliance.internal.NamespaceFacts;
import io.bulkhead.compliance.internal.PendingEvaluations;
import io.bulkhead.compliance.internal.PodSecurity;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.inventory.Inventory;
import io.bulkhead.inventory.NamespaceObservation;
import io.bulkhead.inventory.WorkloadFacts;
import io.bulkhead.platform.Csv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.Exemption;
import io.bulkhead.provisioning.ExemptionSource;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceDirectory;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.ObjectStatus;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.Tiers;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compliance of managed namespaces: evaluates the control catalog on a namespace from the inventory (workloads,
 * namespace labels and objects) and provisioning's object status, stores the current findings and a score
 * snapshot whenever the score or its counts change (and at least daily, see {@link #evaluateAll(boolean)}), and
 * serves scores, history, findings and their CSV export. Failed findings covered by an approved exception (a
 * {@link Waivers} bean: exactly the findings of the exception's control and scope) are WAIVED. The cluster change an
 * exception makes (provisioning's {@link ExemptionSource}) never fails a check by itself: a Pod Security level an
 * exception lowers is the level the namespace's label is expected at, while the workload checks stay scored
 * against the tier's promise. Developers see only their teams' namespaces, in every
 * read and export; reviewers, managers and admins see all.
 */
@Service
public class Compliance {
    private final NamespaceDirectory directory;
    private final Inventory inventory;
    private final Tiers tiers;
    private final ComplianceStore store;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final Clock clock;
    private final ObjectProvider<Waivers> waivers;
    private final ObjectProvider<ExemptionSource> exemptions;
    private final int retentionDays;
    private final TransactionTemplate tx;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final PendingEvaluations pending = new PendingEvaluations(this::evaluateNow);

    Compliance(
            NamespaceDirectory directory,
            Inventory inventory,
            Tiers tiers,
            ComplianceStore store,
            CurrentUsers users,
            AuditTrail audit,
            Clock clock,
            ObjectProvider<Waivers> waivers,
            ObjectProvider<ExemptionSource> exemptions,
            TransactionTemplate tx,
            @Value("${bulkhead.compliance.retention-days:400}") int retentionDays,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.directory = directory;
        this.inventory = inventory;
        this.tiers = tiers;
        this.store = store;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.waivers = waivers;
        this.exemptions = exemptions;
        this.retentionDays = retentionDays;
        this.tx = tx;
    }

    /** The control catalog, in evaluation order. */
    public List<Control> controls() {
        return ControlCatalog.controls();
    }

    public Optional<Control> control(String id) {
        return ControlCatalog.find(id);
    }

    /**
     * Evaluates one namespace now (portal's own work: no user check) and stores its findings; writes a score
     * snapshot when the score or a count changed since the last one, or when {@code forceSnapshot}.
     */
    @Transactional
    public Optional<NamespaceScore> evaluate(UUID namespaceId, boolean forceSnapshot) {
        Optional<ManagedNamespace> found = directory.find(namespaceId);
        if (found.isEmpty() || !NamespaceDirectory.LIVE.contains(found.get().state())) {
            return Optional.empty();
        }
        evaluateBatch(found.get().cluster(), List.of(found.get()), forceSnapshot);
        return store.latest(namespaceId);
    }

    /** Evaluates the live ones among namespaces of a cluster whose inventory changed (the queue's work). */
    private void evaluateNow(String cluster, Set<String> names) {
        evaluateChunks(
                cluster,
                directory.live(cluster).stream()
                        .filter(ns -> names.contains(ns.name()))
                        .toList(),
                false);
    }

    /**
     * A namespace is no longer live (portal's own work: no user check): from today its last score no longer stands
     * in the trends. The daily run ({@link #evaluateAll}) also ends any namespace it finds no longer live.
     */
    @Transactional
    public void ended(UUID namespaceId) {
        store.end(namespaceId, clock.instant());
    }

    /**
     * Queues namespaces of a cluster whose inventory changed and returns at once: one background thread evaluates
     * them, merging what arrives while it works, so a sync or watch never waits for compliance.
     */
    public void evaluateLater(String cluster, Set<String> namespaces) {
        pending.submit(cluster, namespaces);
    }

    /**
     * Waits until the namespaces queued by {@link #evaluateLater} before this call are evaluated.
     *
     * @return false if {@code timeout} passed first
     */
    public boolean awaitQueuedEvaluations(Duration timeout) throws InterruptedException {
        return pending.await(timeout);
    }

    @PreDestroy
    void stopQueuedEvaluations() {
        pending.close();
    }

    /** Evaluates every live namespace; with {@code forceSnapshot} (the daily run) each gets a history point. */
    public int evaluateAll(boolean forceSnapshot) {
        Map<String, List<ManagedNamespace>> byCluster = new TreeMap<>();
        for (ManagedNamespace ns : directory.live()) {
            byCluster.computeIfAbsent(ns.cluster(), c -> new ArrayList<>()).add(ns);
        }
        int n = 0;
        for (var e : byCluster.entrySet()) {
            evaluateChunks(e.getKey(), e.getValue(), forceSnapshot);
            n += e.getValue().size();
        }
        tx.executeWithoutResult(s -> store.endMissing(directory.liveIds(), clock.instant()));
        return n;
    }

    /** Namespaces per transaction: their inputs are read with one query per kind, their results written in batches. */
    private static final int CHUNK = 500;

    private void evaluateChunks(String cluster, List<ManagedNamespace> all, boolean forceSnapshot) {
        for (int from = 0; from < all.size() && !pending.closed(); from += CHUNK) {
            List<ManagedNamespace> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            tx.executeWithoutResult(s -> evaluateBatch(cluster, chunk, forceSnapshot));
        }
    }

    /**
     * Evaluates namespaces of one cluster: reads their inventory, objects, exemptions and last state in one query per
     * kind, evaluates in memory, and writes only what changed: the failed and waived findings when their hash
     * differs from the last evaluation's, a score snapshot when the score, a count, the team or the tier changed
     * (or when forced).
     */
    private void evaluateBatch(String cluster, List<ManagedNamespace> namespaces, boolean forceSnapshot) {
        List<String> names = namespaces.stream().map(ManagedNamespace::name).toList();
        List<UUID> ids = namespaces.stream().map(ManagedNamespace::id).toList();
        // one evaluation of a namespace at a time (the queue, an exception change and the daily run may overlap):
        // each reads the state the previous one wrote
        store.lock(ids);
        Map<String, List<WorkloadFacts>> workloads = inventory.workloads(cluster, names);
        Map<String, NamespaceObservation> seen = inventory.namespaces(cluster, names);
        Map<UUID, List<ObjectStatus>> objects = directory.objects(ids);
        Map<UUID, List<Exemption>> exempt = new java.util.HashMap<>();
        exemptions
                .orderedStream()
                .forEach(x -> x.activeFor(ids)
                        .forEach((id, list) -> exempt.computeIfAbsent(id, k -> new ArrayList<>())
                                .addAll(list)));
        Map<UUID, Set<Waiver>> waived = new java.util.HashMap<>();
        waivers.orderedStream()
                .forEach(w -> w.active(ids)
                        .forEach((id, set) -> waived.computeIfAbsent(id, k -> new java.util.LinkedHashSet<>())
                                .addAll(set)));
        Map<UUID, ComplianceStore.State> states = store.states(ids);
        Map<String, Optional<TierBundle>> bundles = new java.util.HashMap<>();
        Instant now = clock.instant();
        Map<UUID, List<Finding>> findingsToWrite = new java.util.LinkedHashMap<>();
        Map<UUID, String> hashes = new java.util.HashMap<>();
        List<NamespaceScore> snapshots = new ArrayList<>();
        List<ScoreChanged> scoreChanges = new ArrayList<>();
        for (ManagedNamespace ns : namespaces) {
            Optional<TierBundle> bundle = bundles.computeIfAbsent(
                    ns.tier() + "@" + ns.tierVersion(), k -> tiers.bundle(ns.tier(), ns.tierVersion()));
            if (bundle.isEmpty()) {
                continue;
            }
            NamespaceFacts facts = facts(
                    ns,
                    bundle.get(),
                    expectedEnforce(bundle.get(), exempt.getOrDefault(ns.id(), List.of())),
                    Optional.ofNullable(seen.get(ns.name())),
                    objects.getOrDefault(ns.id(), List.of()));
            List<Finding> findings = Evaluator.evaluate(
                    facts,
                    profile(bundle.get()),
                    workloads.getOrDefault(ns.name(), List.of()),
                    waived.getOrDefault(ns.id(), Set.of()));
            Score score = Score.of(findings);
            List<Finding> kept = findings.stream()
                    .filter(f -> f.result() != Finding.Result.PASS)
                    .toList();
            String hash = hash(kept);
            ComplianceStore.State state = states.get(ns.id());
            if (state == null || !hash.equals(state.findingsHash())) {
                findingsToWrite.put(ns.id(), kept);
                hashes.put(ns.id(), hash);
            }
            NamespaceScore last = state == null ? null : state.latest();
            boolean changed = last == null
                    || last.score().compareTo(score.value()) != 0
                    || last.passed() != score.passed()
                    || last.failed() != score.failed()
                    || last.waived() != score.waived()
                    || !last.team().equals(ns.team())
                    || !last.tier().equals(ns.tier())
                    || state.catalogVersion() != ControlCatalog.VERSION;
            if (changed || forceSnapshot) {
                snapshots.add(snapshot(ns, score, now));
                if (last != null && last.score().compareTo(score.value()) != 0) {
                    scoreChanges.add(new ScoreChanged(snapshot(ns, score, now), last.score()));
                }
            }
        }
        store.replaceFindings(findingsToWrite, hashes, now);
        store.snapshots(snapshots);
        scoreChanges.forEach(events::publishEvent);
    }

    private static NamespaceScore snapshot(ManagedNamespace ns, Score score, Instant at) {
        return new NamespaceScore(
                ns.id(),
                ns.cluster(),
                ns.name(),
                ns.team(),
                ns.tier(),
                score.value(),
                score.passed(),
                score.failed(),
                score.waived(),
                at);
    }

    /** SHA-256 over the findings' fields (order as evaluated), hex. */
    static String hash(List<Finding> findings) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (Finding f : findings) {
                for (String v : new String[] {
                    f.workloadKind(),
                    f.workloadName(),
                    f.container(),
                    f.controlId(),
                    f.severity().name(),
                    f.field(),
                    f.actual(),
                    f.expected(),
                    f.fix(),
                    f.result().name()
                }) {
                    md.update((v == null ? "\u0000" : v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update((byte) 0x1f);
                }
                md.update((byte) 0x1e);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rolls up every closed day within the retention that is not rolled up yet (the daily run; a trend read would
     * otherwise do it on first use).
     *
     * @return how many days were rolled up now
     */
    @Transactional
    public int rollUpHistory() {
        LocalDate today = today();
        return store.rollUp(today.minusDays(retentionDays), today.minusDays(1), clock.instant());
    }

    /** Deletes score history older than {@code bulkhead.compliance.retention-days} (default 400). */
    @Transactional
    public int purgeHistory() {
        return store.purgeBefore(clock.instant().minus(Duration.ofDays(retentionDays)));
    }

    /** The current failed and waived findings of a namespace (passed checks are only counted). Developers: their teams only. */
    @Transactional(readOnly = true)
    public List<Finding> findings(UUID namespaceId) {
        visible(namespaceId, "see compliance findings");
        return store.findings(namespaceId);
    }

    /** The findings as CSV (RFC 4180, cells that a spreadsheet would run as formulas are prefixed with '). */
    @Transactional(readOnly = true)
    public String findingsCsv(UUID namespaceId) {
        List<Finding> findings = findings(namespaceId);
        StringBuilder sb = new StringBuilder(
                "cluster,namespace,workload,container,control,severity,result,field,actual,expected,fix\r\n");
        for (Finding f : findings) {
            List<String> cells = List.of(
                    f.cluster(),
                    f.namespace(),
                    f.workload(),
                    f.container() == null ? "" : f.container(),
                    f.controlId(),
                    f.severity().name(),
                    f.result().name(),
                    f.field(),
                    f.actual(),
                    f.expected(),
                    f.fix());
            sb.append(String.join(",", cells.stream().map(Csv::cell).toList())).append("\r\n");
        }
        return sb.toString();
    }

    /** The latest score of each namespace the user may see, filtered. */
    @Transactional(readOnly = true)
    public List<NamespaceScore> namespaceScores(ScoreFilter f) {
        CurrentUser user = users.require();
        Set<UUID> live = directory.liveIds();
        return store.latestScores(user.seesAllTeams() ? null : user.teams(), f.team(), f.cluster(), f.tier()).stream()
                .filter(s -> live.contains(s.namespaceId()))
                .toList();
    }

    /** The latest score of one namespace. Developers: their teams only. */
    @Transactional(readOnly = true)
    public Optional<NamespaceScore> latest(UUID namespaceId) {
        visible(namespaceId, "see the compliance score");
        return store.latest(namespaceId);
    }

    /**
     * The controls failing in the most namespaces the user may see (filtered), with how many namespaces and failed
     * findings each; at most {@code limit}.
     */
    @Transactional(readOnly = true)
    public List<ControlFailures> topFailingControls(ScoreFilter f, int limit) {
        if (limit < 1 || limit > 100) {
            throw new ValidationException(Map.of("limit", "Choose 1 to 100 controls."));
        }
        List<UUID> ids =
                namespaceScores(f).stream().map(NamespaceScore::namespaceId).toList();
        List<ControlFailures> out = new ArrayList<>();
        for (ComplianceStore.ControlCount r : store.failuresByControl(ids)) {
            ControlCatalog.find(r.controlId())
                    .ifPresent(c -> out.add(new ControlFailures(c, r.namespaces(), r.findings())));
            if (out.size() == limit) {
                break;
            }
        }
        return out;
    }

    /**
     * The controls failing in each of the given namespaces, the one with the most failed findings first, for those
     * the user may see (others are left out, as are namespaces without failures). One query for all of them: for
     * lists of namespaces.
     */
    @Transactional(readOnly = true)
    public Map<UUID, List<Control>> failingControls(java.util.Collection<UUID> namespaceIds) {
        CurrentUser user = users.require();
        Set<UUID> ids = new java.util.HashSet<>(namespaceIds);
        if (!user.seesAllTeams()) {
            Set<UUID> own = store.latestScores(user.teams(), null, null, null).stream()
                    .map(NamespaceScore::namespaceId)
                    .collect(java.util.stream.Collectors.toSet());
            ids.retainAll(own);
        }
        Map<UUID, List<Control>> out = new java.util.LinkedHashMap<>();
        store.failingControls(ids)
                .forEach((ns, controls) -> out.put(
                        ns,
                        controls.stream()
                                .map(ControlCatalog::find)
                                .flatMap(Optional::stream)
                                .toList()));
        return out;
    }

    /**
     * The daily trend ({@link #trend}) of each team, cluster or tier the user may see, by key; keys in order.
     */
    @Transactional
    public Map<String, List<TrendPoint>> trendBy(ScoreFilter f, ScoreFilter.GroupBy by, int days) {
        return DayGroups.lines(visibleDays(f, days), by);
    }

    /**
     * The catalog changes within the last {@code days} days (today included): each day from which snapshots were
     * scored with a catalog version (its first snapshot), so a trend can mark it instead of jumping silently. The
     * history's oldest version is no change. Any signed-in user (the catalog is the same for every team).
     */
    @Transactional(readOnly = true)
    public List<CatalogChange> catalogChanges(int days) {
        users.require();
        LocalDate first = firstDay(days);
        List<CatalogChange> out = new ArrayList<>();
        List<Map.Entry<Integer, Instant>> versions = store.catalogVersions();
        for (int i = 1; i < versions.size(); i++) {
            LocalDate day = LocalDate.ofInstant(versions.get(i).getValue(), ZoneOffset.UTC);
            if (!day.isBefore(first)) {
                out.add(new CatalogChange(day, versions.get(i).getKey()));
            }
        }
        return out;
    }

    /** One namespace's daily score for the last {@code days} days (for its sparkline). Developers: their teams. */
    @Transactional(readOnly = true)
    public List<TrendPoint> namespaceTrend(UUID namespaceId, int days) {
        LocalDate first = firstDay(days);
        visible(namespaceId, "see the compliance trend");
        CurrentUser user = users.require();
        List<ComplianceStore.DayGroup> groups = store.dayGroups(
                user.seesAllTeams() ? null : user.teams(), null, null, null, namespaceId, first, today());
        return DayGroups.line(groups);
    }

    /**
     * The daily score lines of many namespaces at once (the sparklines of a grid: one query, not one per row), by
     * namespace. Namespaces of teams the user may not see are left out (a grid only lists visible ones); an unknown
     * id gets no line.
     */
    @Transactional(readOnly = true)
    public Map<UUID, List<TrendPoint>> namespaceTrends(java.util.Collection<UUID> namespaceIds, int days) {
        LocalDate first = firstDay(days);
        CurrentUser user = users.require();
        List<UUID> visibleIds = directory.find(namespaceIds).values().stream()
                .filter(ns -> user.canSeeTeam(ns.team()))
                .map(ManagedNamespace::id)
                .toList();
        Map<UUID, List<TrendPoint>> out = new java.util.HashMap<>();
        store.namespaceDayGroups(user.seesAllTeams() ? null : user.teams(), visibleIds, first, today())
                .forEach((id, groups) -> out.put(id, DayGroups.line(groups)));
        return out;
    }

    /** The first UTC day of a window of {@code days} days ending today; refuses a window outside the retention. */
    private LocalDate firstDay(int days) {
        if (days < 1 || days > retentionDays) {
            throw new ValidationException(Map.of("days", "Choose 1 to " + retentionDays + " days."));
        }
        return today().minusDays(days - 1L);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * The standing scores per day and group over the last {@code days} days that the user may see (filtered): the
     * closed days from the rollup (computed once, on first use), today from the snapshots.
     */
    private List<ComplianceStore.DayGroup> visibleDays(ScoreFilter f, int days) {
        LocalDate first = firstDay(days);
        LocalDate today = today();
        CurrentUser user = users.require();
        var teams = user.seesAllTeams() ? null : user.teams();
        List<ComplianceStore.DayGroup> out = new ArrayList<>(
                store.rolledUp(teams, f.team(), f.cluster(), f.tier(), first, today.minusDays(1), clock.instant()));
        out.addAll(store.dayGroups(teams, f.team(), f.cluster(), f.tier(), null, today, today));
        return out;
    }

    /**
     * Demo data only: records a past score of a namespace so the default run shows a trend. Only the portal itself
     * ({@link CurrentUser#SYSTEM}) may call it, and it refuses a time in the future.
     */
    @Transactional
    public void seedHistory(CurrentUser actor, UUID namespaceId, Score score, Instant at) {
        if (!actor.equals(CurrentUser.SYSTEM)) {
            throw new AccessDeniedException("seed compliance history", "only the portal's demo data may");
        }
        if (at.isAfter(clock.instant())) {
            throw new ValidationException(Map.of("at", "A history point cannot be in the future."));
        }
        ManagedNamespace ns = directory
                .find(namespaceId)
                .orElseThrow(() -> new ValidationException(Map.of("id", "No such namespace.")));
        store.snapshots(List.of(snapshot(ns, score, at)));
        store.evaluated(namespaceId, at);
    }

    /** Latest scores aggregated by team, cluster or tier (see {@link ScoreSummary}). */
    @Transactional(readOnly = true)
    public List<ScoreSummary> scores(ScoreFilter f, ScoreFilter.GroupBy by) {
        Map<String, List<NamespaceScore>> groups = new TreeMap<>();
        namespaceScores(f)
                .forEach(x -> groups.computeIfAbsent(by.keyOf(x), k -> new ArrayList<>())
                        .add(x));
        List<ScoreSummary> out = new ArrayList<>();
        groups.forEach((k, list) -> out.add(ScoreSummary.of(k, list)));
        return out;
    }

    /**
     * One point per UTC day for the last {@code days} days (today included): the mean of each visible namespace's
     * latest score at the end of that day. Days before any namespace had a score are left out.
     */
    @Transactional
    public List<TrendPoint> trend(ScoreFilter f, int days) {
        return DayGroups.line(visibleDays(f, days));
    }

    /**
     * Readiness for a stricter (or any other) tier: what would fail if the namespace moved to {@code targetTier}
     * (its latest version), evaluated on the namespace's live workloads from the inventory with the target's
     * controls and Pod Security profile. Exceptions do not carry over: a move needs its own. Developers: their teams
     * only.
     */
    @Transactional(readOnly = true)
    public TierReadiness readiness(UUID namespaceId, String targetTier) {
        ManagedNamespace ns = visible(namespaceId, "see tier readiness");
        Target target = target(targetTier);
        return readiness(
                ns,
                target,
                Optional.ofNullable(
                        inventory.namespaces(ns.cluster(), List.of(ns.name())).get(ns.name())),
                inventory.workloads(ns.cluster(), List.of(ns.name())).getOrDefault(ns.name(), List.of()));
    }

    /**
     * Per team the user may see (developers: their teams; reviewers, managers and admins: all), how many of its live
     * namespaces are ready for {@code targetTier} (its latest version): nothing would fail if they moved there, as
     * {@link #readiness} answers it. Teams in order; a team without live namespaces is left out.
     */
    @Transactional(readOnly = true)
    public List<TeamReadiness> readinessByTeam(String targetTier) {
        CurrentUser user = users.require();
        Target target = target(targetTier);
        Map<String, List<ManagedNamespace>> byCluster = new TreeMap<>();
        for (ManagedNamespace ns : directory.live()) {
            if (user.canSeeTeam(ns.team())) {
                byCluster.computeIfAbsent(ns.cluster(), c -> new ArrayList<>()).add(ns);
            }
        }
        Map<String, int[]> counts = new TreeMap<>();
        for (var e : byCluster.entrySet()) {
            List<String> names =
                    e.getValue().stream().map(ManagedNamespace::name).toList();
            Map<String, List<WorkloadFacts>> workloads = inventory.workloads(e.getKey(), names);
            Map<String, NamespaceObservation> seen = inventory.namespaces(e.getKey(), names);
            for (ManagedNamespace ns : e.getValue()) {
                TierReadiness r = readiness(
                        ns,
                        target,
                        Optional.ofNullable(seen.get(ns.name())),
                        workloads.getOrDefault(ns.name(), List.of()));
                int[] c = counts.computeIfAbsent(ns.team(), k -> new int[2]);
                c[0]++;
                if (r.ready()) {
                    c[1]++;
                }
            }
        }
        List<TeamReadiness> out = new ArrayList<>();
        counts.forEach((team, c) -> out.add(new TeamReadiness(team, targetTier, c[0], c[1])));
        return out;
    }

    /** A target tier at its latest version. */
    private record Target(String tier, int version, TierBundle bundle) {}

    private Target target(String targetTier) {
        int version = tiers.latestVersion(targetTier)
                .orElseThrow(() -> new ValidationException(Map.of("tier", "No such tier: " + targetTier + ".")));
        TierBundle bundle = tiers.bundle(targetTier, version)
                .orElseThrow(() -> new ValidationException(Map.of("tier", "No such tier: " + targetTier + ".")));
        return new Target(targetTier, version, bundle);
    }

    private TierReadiness readiness(
            ManagedNamespace ns, Target target, Optional<NamespaceObservation> seen, List<WorkloadFacts> workloads) {
        NamespaceFacts current = facts(
                ns, target.bundle(), target.bundle().podSecurity().enforce().label(), seen, List.of());
        NamespaceFacts facts = new NamespaceFacts(
                current.cluster(),
                current.namespace(),
                target.tier(),
                current.expectedEnforce(),
                current.enforceLabel(),
                current.resourceQuota(),
                current.limitRange(),
                current.defaultDenyIngress(),
                current.defaultDenyEgress(),
                current.drift(),
                current.allowedRegistries(),
                current.runtimeClasses(),
                current.serviceAccountAutomount());
        PodSecurity.Profile profile = profile(target.bundle());
        List<Finding> failing = Evaluator.evaluate(facts, profile, workloads, Set.of()).stream()
                .filter(f -> f.workloadKind() != null && f.result() == Finding.Result.FAIL)
                .toList();
        return new TierReadiness(
                target.tier(),
                target.version(),
                profile.level().label() + ":" + profile.version(),
                failing,
                failing.isEmpty());
    }

    /** The Pod Security level and version a tier promises (its enforce label and enforce-version). */
    private static PodSecurity.Profile profile(TierBundle bundle) {
        return PodSecurity.Profile.of(
                bundle.podSecurity().enforce().label(), bundle.podSecurity().version());
    }

    /**
     * The Pod Security enforce level the namespace's label is expected at: the tier's, or the lower level an active
     * exception renders (its own findings are waived by its control; the other checks stay scored at the tier's
     * level, so the lowered label never fails or hides anything by itself).
     */
    static String expectedEnforce(TierBundle bundle, List<Exemption> exemptions) {
        TierBundle.PodSecurityLevel level = bundle.podSecurity().enforce();
        for (Exemption e : exemptions) {
            if (e.control().equals(Exemption.PSA_LEVEL) && e.value() != null) {
                for (TierBundle.PodSecurityLevel l : TierBundle.PodSecurityLevel.values()) {
                    if (l.label().equalsIgnoreCase(e.value()) && l.ordinal() < level.ordinal()) {
                        level = l;
                    }
                }
            }
        }
        return level.label();
    }

    private NamespaceFacts facts(
            ManagedNamespace ns,
            TierBundle bundle,
            String expectedEnforce,
            Optional<NamespaceObservation> seen,
            List<ObjectStatus> objects) {
        String drift = null;
        if (ns.state() != NamespaceState.READY) {
            drift = "namespace is " + ns.state().label() + (ns.stateReason() == null ? "" : ": " + ns.stateReason());
        } else {
            List<String> off = objects.stream()
                    .filter(o -> !o.status().equals("APPLIED") && !o.status().equals("PRUNED"))
                    .map(o -> o.kind() + " " + o.name() + ": " + o.status())
                    .toList();
            if (!off.isEmpty()) {
                drift = String.join("; ", off);
            }
        }
        return new NamespaceFacts(
                ns.cluster(),
                ns.name(),
                ns.tier(),
                expectedEnforce,
                seen.map(o -> o.labels().get("pod-security.kubernetes.io/enforce"))
                        .orElse(null),
                seen.map(o -> !o.resourceQuotas().isEmpty()).orElse(false),
                seen.map(o -> !o.limitRanges().isEmpty()).orElse(false),
                seen.map(NamespaceObservation::defaultDenyIngress).orElse(false),
                seen.map(NamespaceObservation::defaultDenyEgress).orElse(false),
                drift,
                bundle.admissionRule(TierBundle.ImageDigestAndRegistry.class)
                        .map(TierBundle.ImageDigestAndRegistry::registries)
                        .orElse(List.of()),
                bundle.admissionRule(TierBundle.RequireRuntimeClass.class)
                        .map(TierBundle.RequireRuntimeClass::allowed)
                        .orElse(List.of()),
                seen.map(NamespaceObservation::serviceAccountAutomount).orElse(Map.of()),
                seen.map(o -> widening(bundle.network(), o.tenantNetworkPolicyPeers()))
                        .orElse(List.of()));
    }

    /**
     * What NetworkPolicies not made by Bulkhead open beyond the tier, one line per policy and direction, by the rule
     * the tier's admission policy also enforces ({@link TierBundle.Network#alreadyAllows}).
     */
    static List<String> widening(TierBundle.Network net, List<io.bulkhead.inventory.NetworkPolicyPeer> peers) {
        java.util.Map<String, java.util.Set<String>> open = new java.util.LinkedHashMap<>();
        for (var p : peers) {
            TierBundle.Peer kind = switch (p.peer()) {
                case io.bulkhead.inventory.NetworkPolicyPeer.IP_BLOCK -> TierBundle.Peer.IP_BLOCK;
                case io.bulkhead.inventory.NetworkPolicyPeer.SAME_NAMESPACE -> TierBundle.Peer.SAME_NAMESPACE;
                case io.bulkhead.inventory.NetworkPolicyPeer.OTHER_NAMESPACES -> TierBundle.Peer.OTHER_NAMESPACES;
                default -> TierBundle.Peer.ANYWHERE;
            };
            if (net.alreadyAllows(p.ingress(), kind)) {
                continue;
            }
            String what = switch (kind) {
                case ANYWHERE -> "anywhere";
                case IP_BLOCK -> String.valueOf(p.cidr());
                case SAME_NAMESPACE -> "pods of this namespace";
                case OTHER_NAMESPACES -> "other namespaces";
            };
            open.computeIfAbsent(
                            p.policy() + ": " + (p.ingress() ? "ingress from " : "egress to "),
                            k -> new java.util.LinkedHashSet<>())
                    .add(what);
        }
        return open.entrySet().stream()
                .map(e -> e.getKey() + String.join(", ", e.getValue()))
                .toList();
    }

    private ManagedNamespace visible(UUID namespaceId, String action) {
        CurrentUser user = users.require();
        ManagedNamespace ns = directory
                .find(namespaceId)
                .orElseThrow(() -> new ValidationException(Map.of("id", "No such namespace.")));
        if (!user.canSeeTeam(ns.team())) {
            audit.recordIndependently(user, AuditEntry.accessDenied(action + " of team " + ns.team(), ns.team()), null);
            throw new AccessDeniedException(action, "not one of your teams");
        }
        return ns;
    }
}
