package io.bulkhead.provisioning;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.internal.BudgetStore;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.provisioning.internal.Quantities;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.Tiers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Team quota budgets per cluster. An admin sets how much CPU, memory and storage (the sums of the ResourceQuotas'
 * {@code requests.cpu}, {@code requests.memory}, {@code requests.storage}) and how many namespaces a team's live
 * namespaces in a cluster may hold. A namespace request or quota change that fits in what is left is approved
 * automatically where the tier's rules allow it; one that does not goes to a reviewer with the overrun in numbers.
 * Decisions for one team and cluster are serialized in PostgreSQL, so concurrent requests cannot overspend.
 *
 * <p>Members of the team, reviewers, managers and admins read a team's budgets; other developers are refused the
 * same way whether the team exists or not.
 */
@Service
public class TeamBudgets {
    static final String CPU = "requests.cpu";
    static final String MEMORY = "requests.memory";
    static final String STORAGE = "requests.storage";

    private final BudgetStore store;
    private final NamespaceStore namespaces;
    private final Tiers tiers;
    private final Teams teams;
    private final Clusters clusters;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final Clock clock;

    TeamBudgets(
            BudgetStore store,
            NamespaceStore namespaces,
            Tiers tiers,
            Teams teams,
            Clusters clusters,
            CurrentUsers users,
            AuditTrail audit,
            Clock clock) {
        this.store = store;
        this.namespaces = namespaces;
        this.tiers = tiers;
        this.teams = teams;
        this.clusters = clusters;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** Admin: field → message for every problem with the budget (empty when it can be saved). */
    @Transactional(readOnly = true)
    public Map<String, String> validate(BudgetDraft d) {
        CurrentUser user = users.require();
        if (!user.has(Role.ADMIN)) {
            denied(user, "set team budgets", null);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String team = text(d.team());
        if (team == null) {
            errors.put("team", "Choose a team.");
        } else if (team.indexOf('\u0000') >= 0 || !teams.exists(team)) {
            errors.put("team", "Choose a registered team.");
        }
        String cluster = text(d.cluster());
        if (cluster == null) {
            errors.put("cluster", "Choose a cluster.");
        } else if (cluster.indexOf('\u0000') >= 0
                || clusters.findAsSystem(cluster).isEmpty()) {
            errors.put("cluster", "Choose a registered cluster.");
        }
        quantityError(d.cpu(), "2 or 500m").ifPresent(m -> errors.put("cpu", m));
        quantityError(d.memory(), "64Gi or 512Mi").ifPresent(m -> errors.put("memory", m));
        quantityError(d.storage(), "500Gi or 1Ti").ifPresent(m -> errors.put("storage", m));
        if (d.namespaces() != null && (d.namespaces() < 0 || d.namespaces() > 10_000)) {
            errors.put("namespaces", "Enter a number of namespaces from 0 to 10000, or leave it empty for no limit.");
        }
        if (errors.isEmpty()
                && text(d.cpu()) == null
                && text(d.memory()) == null
                && text(d.storage()) == null
                && d.namespaces() == null) {
            errors.put("cpu", "Give at least one limit, or remove the budget.");
        }
        return errors;
    }

    /** Admin: sets (or replaces) the team's budget in the cluster; audited with before and after. */
    @Transactional
    public TeamBudget set(BudgetDraft d) {
        CurrentUser user = users.require();
        Map<String, String> errors = validate(d);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String team = text(d.team());
        String cluster = text(d.cluster());
        store.lock(team, cluster);
        Optional<TeamBudget> before = store.find(team, cluster);
        TeamBudget b = new TeamBudget(
                team,
                cluster,
                text(d.cpu()),
                text(d.memory()),
                text(d.storage()),
                d.namespaces(),
                user.displayName(),
                clock.instant());
        store.upsert(b, user.subject());
        audit.record(
                user,
                AuditEntry.of("team.budget-set")
                        .target("team", team)
                        .team(team)
                        .location(cluster, null)
                        .change(before.map(TeamBudgets::describe).orElse(null), describe(b)));
        return store.find(team, cluster).orElseThrow();
    }

    /** Admin: removes the team's budget in the cluster (nothing is limited there any more). */
    @Transactional
    public boolean remove(String team, String cluster) {
        CurrentUser user = users.require();
        if (!user.has(Role.ADMIN)) {
            denied(user, "remove team budgets", null);
        }
        if (team == null || cluster == null) {
            return false;
        }
        store.lock(team, cluster);
        Optional<TeamBudget> before = store.find(team, cluster);
        if (before.isEmpty() || !store.delete(team, cluster)) {
            return false;
        }
        audit.record(
                user,
                AuditEntry.of("team.budget-removed")
                        .target("team", team)
                        .team(team)
                        .location(cluster, null)
                        .change(describe(before.get()), null));
        return true;
    }

    /**
     * What the team's live namespaces hold against its budget, per cluster where it has a budget or namespaces.
     * Members, reviewers, managers and admins; anyone else is refused (whether the team exists or not).
     */
    @Transactional(readOnly = true)
    public List<BudgetUse> ofTeam(String team) {
        CurrentUser user = users.require();
        if (team == null || !user.canSeeTeam(team)) {
            denied(user, "see the budgets of another team", null);
        }
        return uses(Set.of(team));
    }

    /** Every budget and use the user may see (developers: their own teams), by team and cluster. */
    @Transactional(readOnly = true)
    public List<BudgetUse> visible() {
        CurrentUser user = users.require();
        return uses(user.seesAllTeams() ? null : user.teams());
    }

    /** The budget and use of the namespace's team in its cluster (its team's members and the other roles). */
    @Transactional(readOnly = true)
    public BudgetUse forNamespace(UUID namespaceId) {
        CurrentUser user = users.require();
        ManagedNamespace ns = namespaces
                .find(namespaceId)
                .orElseThrow(() -> new ValidationException(Map.of("id", "No such namespace.")));
        if (!user.canSeeTeam(ns.team())) {
            denied(user, "see the budget of a namespace of another team", ns.team());
        }
        return use(ns.team(), ns.cluster(), store.find(ns.team(), ns.cluster()).orElse(null));
    }

    // ---- for the request and change workflows (same package and NamespaceEdits; no user check) ----

    /**
     * Locks the team's budget in the cluster until the transaction ends and says by how much giving {@code
     * namespaceId} (null: a new namespace) the quota {@code hard} would overrun it, in numbers; null when it fits or
     * there is no budget. Only resources that grow count: a cut never overruns.
     */
    @Nullable
    String overrun(String team, String cluster, @Nullable UUID namespaceId, Map<String, String> hard) {
        store.lock(team, cluster);
        return overrunUnlocked(team, cluster, namespaceId, hard);
    }

    /** {@link #overrun} without the lock, for previews (the request itself checks again under the lock). */
    @Nullable
    String overrunUnlocked(String team, String cluster, @Nullable UUID namespaceId, Map<String, String> hard) {
        Optional<TeamBudget> budget = store.find(team, cluster);
        if (budget.isEmpty()) {
            return null;
        }
        TeamBudget b = budget.get();
        Totals others = new Totals();
        Totals current = new Totals();
        int count = 0;
        for (BudgetStore.Allocation a : store.allocations(team, cluster)) {
            Map<String, String> h = hardOf(a);
            if (a.id().equals(namespaceId)) {
                current.add(h);
            } else {
                others.add(h);
                count++;
            }
        }
        Totals asked = new Totals();
        asked.add(hard);
        List<String> over = new ArrayList<>();
        check(over, "CPU", asked.cpu, current.cpu, others.cpu, b.cpu(), Quantities::cpu);
        check(over, "Memory", asked.memory, current.memory, others.memory, b.memory(), Quantities::bytes);
        check(over, "Storage", asked.storage, current.storage, others.storage, b.storage(), Quantities::bytes);
        if (namespaceId == null && b.namespaces() != null && count + 1 > b.namespaces()) {
            over.add("namespaces: requested 1, used " + count + ", budget " + b.namespaces() + " (over by "
                    + (count + 1 - b.namespaces()) + ")");
        }
        if (over.isEmpty()) {
            return null;
        }
        return "Beyond team " + teamName(team) + "'s budget in cluster " + cluster + ": " + String.join("; ", over)
                + ".";
    }

    private static void check(
            List<String> over,
            String what,
            BigDecimal asked,
            BigDecimal current,
            BigDecimal others,
            @Nullable String limit,
            Function<BigDecimal, String> fmt) {
        if (limit == null || asked.compareTo(current) <= 0) {
            return;
        }
        BigDecimal max = Quantities.amount(limit);
        BigDecimal total = others.add(asked);
        if (total.compareTo(max) > 0) {
            over.add(what.toLowerCase(java.util.Locale.ROOT) + ": requested " + fmt.apply(asked) + ", used "
                    + fmt.apply(others) + " by the team's other namespaces, budget " + limit + " (over by "
                    + fmt.apply(total.subtract(max)) + ")");
        }
    }

    // ---- use ----

    private List<BudgetUse> uses(@Nullable Set<String> teamsWanted) {
        Map<String, TeamBudget> budgets = new LinkedHashMap<>();
        for (TeamBudget b : store.all(teamsWanted)) {
            budgets.put(b.team() + "\u0000" + b.cluster(), b);
        }
        Set<String> keys = new java.util.TreeSet<>(budgets.keySet());
        for (String[] tc : store.teamClusters(teamsWanted)) {
            keys.add(tc[0] + "\u0000" + tc[1]);
        }
        List<BudgetUse> out = new ArrayList<>();
        for (String key : keys) {
            int cut = key.indexOf('\u0000');
            out.add(use(key.substring(0, cut), key.substring(cut + 1), budgets.get(key)));
        }
        out.sort(java.util.Comparator.comparing(BudgetUse::teamName, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(BudgetUse::cluster));
        return out;
    }

    private BudgetUse use(String team, String cluster, @Nullable TeamBudget b) {
        Totals t = new Totals();
        int count = 0;
        for (BudgetStore.Allocation a : store.allocations(team, cluster)) {
            t.add(hardOf(a));
            count++;
        }
        List<BudgetUse.Line> lines = new ArrayList<>();
        lines.add(line("CPU", CPU, t.cpu, b == null ? null : b.cpu(), Quantities::cpu));
        lines.add(line("Memory", MEMORY, t.memory, b == null ? null : b.memory(), Quantities::bytes));
        lines.add(line("Storage", STORAGE, t.storage, b == null ? null : b.storage(), Quantities::bytes));
        Integer maxNs = b == null ? null : b.namespaces();
        lines.add(new BudgetUse.Line(
                "Namespaces",
                "namespaces",
                Integer.toString(count),
                maxNs == null ? null : maxNs.toString(),
                maxNs == null ? -1 : percent(BigDecimal.valueOf(count), BigDecimal.valueOf(maxNs))));
        return new BudgetUse(team, teamName(team), cluster, b, lines);
    }

    private static BudgetUse.Line line(
            String resource, String key, BigDecimal used, @Nullable String limit, Function<BigDecimal, String> fmt) {
        return new BudgetUse.Line(
                resource, key, fmt.apply(used), limit, limit == null ? -1 : percent(used, Quantities.amount(limit)));
    }

    private static int percent(BigDecimal used, BigDecimal limit) {
        if (limit.signum() == 0) {
            return used.signum() == 0 ? 0 : 101;
        }
        return used.multiply(BigDecimal.valueOf(100))
                .divide(limit, 0, RoundingMode.CEILING)
                .intValue();
    }

    private Map<String, String> hardOf(BudgetStore.Allocation a) {
        return tiers.bundle(a.tier(), a.tierVersion())
                .flatMap(bundle -> QuotaValues.hard(bundle, a.quotaPreset()))
                .orElse(QuotaValues.parse(a.quotaPreset()));
    }

    private String teamName(String team) {
        return teams.find(team).map(Team::displayName).orElse(team);
    }

    /** Sums of the budgeted quota keys. */
    private static final class Totals {
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        BigDecimal storage = BigDecimal.ZERO;

        void add(Map<String, String> hard) {
            cpu = cpu.add(amount(hard.get(CPU)));
            memory = memory.add(amount(hard.get(MEMORY)));
            storage = storage.add(amount(hard.get(STORAGE)));
        }

        private static BigDecimal amount(@Nullable String q) {
            if (q == null) {
                return BigDecimal.ZERO;
            }
            try {
                return Quantities.amount(q);
            } catch (IllegalArgumentException e) {
                return BigDecimal.ZERO;
            }
        }
    }

    private static Optional<String> quantityError(@Nullable String value, String example) {
        String v = text(value);
        if (v == null) {
            return Optional.empty();
        }
        if (v.length() > 40) {
            return Optional.of("At most 40 characters.");
        }
        try {
            if (Quantities.amount(v).signum() < 0) {
                return Optional.of("Must not be negative.");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + v + "' is not a Kubernetes quantity; write e.g. " + example
                    + ", or leave it empty for no limit.");
        }
        return Optional.empty();
    }

    private static Map<String, Object> describe(TeamBudget b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", b.cluster());
        m.put("cpu", b.cpu() == null ? "no limit" : b.cpu());
        m.put("memory", b.memory() == null ? "no limit" : b.memory());
        m.put("storage", b.storage() == null ? "no limit" : b.storage());
        m.put("namespaces", b.namespaces() == null ? "no limit" : b.namespaces());
        return m;
    }

    private void denied(CurrentUser user, String action, @Nullable String team) {
        audit.recordIndependently(user, AuditEntry.accessDenied(action, team), null);
        throw new AccessDeniedException(action, "not allowed for " + user.displayName());
    }

    private static @Nullable String text(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
