package io.bulkhead.provisioning;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a team's live namespaces in one cluster hold against its budget there.
 *
 * @param teamName the team's display name
 * @param budget the budget, or null when the team has none in this cluster (nothing is limited)
 * @param lines CPU, memory, storage and namespaces, in that order
 */
public record BudgetUse(
        String team,
        String teamName,
        String cluster,
        @Nullable TeamBudget budget,
        List<Line> lines) {

    public BudgetUse {
        lines = List.copyOf(lines);
    }

    /**
     * One resource.
     *
     * @param resource {@code CPU}, {@code Memory}, {@code Storage} or {@code Namespaces}
     * @param quotaKey the ResourceQuota key summed ({@code requests.cpu} …), or {@code namespaces}
     * @param used what the team's live namespaces hold (a quantity, or a count)
     * @param limit the budget, or null when unlimited
     * @param percent used / limit in percent (rounded; may exceed 100), or -1 when unlimited
     */
    public record Line(
            String resource,
            String quotaKey,
            String used,
            @Nullable String limit,
            int percent) {}

    /** Some resource is above its budget (a reviewer approved an overrun, or the budget was lowered). */
    public boolean over() {
        return lines.stream().anyMatch(l -> l.percent() > 100);
    }
}
