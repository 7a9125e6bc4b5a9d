package io.bulkhead.provisioning.internal;

import static io.bulkhead.db.jooq.Tables.MANAGED_NAMESPACE;
import static io.bulkhead.db.jooq.Tables.TEAM_BUDGET;

import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.TeamBudget;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/** jOOQ access to team budgets and to what the team's namespaces hold. */
@Repository
public class BudgetStore {
    /** First key of the two-key advisory locks that serialize budget decisions (per team and cluster). */
    private static final int LOCK_CLASS = 4141;

    private final DSLContext db;

    BudgetStore(DSLContext db) {
        this.db = db;
    }

    /** A namespace that counts against its team's budget: its tier version and quota preset (or custom values). */
    public record Allocation(UUID id, String tier, int tierVersion, String quotaPreset) {}

    /**
     * Serializes budget decisions for the team in the cluster until the caller's transaction ends (a PostgreSQL
     * transaction-level advisory lock): two requests cannot both see the same remaining budget.
     */
    public void lock(String team, String cluster) {
        db.execute(
                "SELECT pg_advisory_xact_lock(?, hashtext(?))",
                LOCK_CLASS,
                team + "/" + cluster); // both are DNS labels: "/" cannot be in either
    }

    public Optional<TeamBudget> find(String team, String cluster) {
        return db.selectFrom(TEAM_BUDGET)
                .where(TEAM_BUDGET.TEAM.eq(team).and(TEAM_BUDGET.CLUSTER.eq(cluster)))
                .fetchOptional(BudgetStore::map);
    }

    /** Budgets of the teams (null: every team), by team and cluster. */
    public List<TeamBudget> all(@Nullable Collection<String> teams) {
        return db.selectFrom(TEAM_BUDGET)
                .where(teams == null ? org.jooq.impl.DSL.noCondition() : TEAM_BUDGET.TEAM.in(teams))
                .orderBy(TEAM_BUDGET.TEAM, TEAM_BUDGET.CLUSTER)
                .fetch(BudgetStore::map);
    }

    public void upsert(TeamBudget b, String bySubject) {
        var at = b.updatedAt().atOffset(ZoneOffset.UTC);
        db.insertInto(TEAM_BUDGET)
                .set(TEAM_BUDGET.TEAM, b.team())
                .set(TEAM_BUDGET.CLUSTER, b.cluster())
                .set(TEAM_BUDGET.CPU, b.cpu())
                .set(TEAM_BUDGET.MEMORY, b.memory())
                .set(TEAM_BUDGET.STORAGE, b.storage())
                .set(TEAM_BUDGET.NAMESPACES, b.namespaces())
                .set(TEAM_BUDGET.UPDATED_BY, bySubject)
                .set(TEAM_BUDGET.UPDATED_BY_NAME, b.updatedByName())
                .set(TEAM_BUDGET.UPDATED_AT, at)
                .onConflict(TEAM_BUDGET.TEAM, TEAM_BUDGET.CLUSTER)
                .doUpdate()
                .set(TEAM_BUDGET.CPU, b.cpu())
                .set(TEAM_BUDGET.MEMORY, b.memory())
                .set(TEAM_BUDGET.STORAGE, b.storage())
                .set(TEAM_BUDGET.NAMESPACES, b.namespaces())
                .set(TEAM_BUDGET.UPDATED_BY, bySubject)
                .set(TEAM_BUDGET.UPDATED_BY_NAME, b.updatedByName())
                .set(TEAM_BUDGET.UPDATED_AT, at)
                .execute();
    }

    public boolean delete(String team, String cluster) {
        return db.deleteFrom(TEAM_BUDGET)
                        .where(TEAM_BUDGET.TEAM.eq(team).and(TEAM_BUDGET.CLUSTER.eq(cluster)))
                        .execute()
                > 0;
    }

    /** The team's live namespaces in the cluster (approved through failed), which hold their quota. */
    public List<Allocation> allocations(String team, String cluster) {
        return db.select(
                        MANAGED_NAMESPACE.ID,
                        MANAGED_NAMESPACE.TIER,
                        MANAGED_NAMESPACE.TIER_VERSION,
                        MANAGED_NAMESPACE.QUOTA_PRESET)
                .from(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE
                        .TEAM
                        .eq(team)
                        .and(MANAGED_NAMESPACE.CLUSTER.eq(cluster))
                        .and(MANAGED_NAMESPACE.STATE.in(live())))
                .orderBy(MANAGED_NAMESPACE.ID)
                .fetch(r -> new Allocation(
                        r.get(MANAGED_NAMESPACE.ID),
                        r.get(MANAGED_NAMESPACE.TIER),
                        r.get(MANAGED_NAMESPACE.TIER_VERSION),
                        r.get(MANAGED_NAMESPACE.QUOTA_PRESET)));
    }

    /** Team and cluster pairs that have live namespaces (for teams in {@code teams}; null: every team). */
    public List<String[]> teamClusters(@Nullable Collection<String> teams) {
        return db.selectDistinct(MANAGED_NAMESPACE.TEAM, MANAGED_NAMESPACE.CLUSTER)
                .from(MANAGED_NAMESPACE)
                .where(MANAGED_NAMESPACE.STATE.in(live()))
                .and(teams == null ? org.jooq.impl.DSL.noCondition() : MANAGED_NAMESPACE.TEAM.in(teams))
                .fetch(r -> new String[] {r.get(MANAGED_NAMESPACE.TEAM), r.get(MANAGED_NAMESPACE.CLUSTER)});
    }

    private static List<String> live() {
        return java.util.Arrays.stream(NamespaceState.values())
                .filter(NamespaceState::live)
                .map(Enum::name)
                .toList();
    }

    private static TeamBudget map(Record r) {
        return new TeamBudget(
                r.get(TEAM_BUDGET.TEAM),
                r.get(TEAM_BUDGET.CLUSTER),
                r.get(TEAM_BUDGET.CPU),
                r.get(TEAM_BUDGET.MEMORY),
                r.get(TEAM_BUDGET.STORAGE),
                r.get(TEAM_BUDGET.NAMESPACES),
                r.get(TEAM_BUDGET.UPDATED_BY_NAME),
                r.get(TEAM_BUDGET.UPDATED_AT).toInstant());
    }
}
