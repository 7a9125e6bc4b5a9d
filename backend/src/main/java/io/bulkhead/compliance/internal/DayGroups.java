package io.bulkhead.compliance.internal;

import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.compliance.TrendPoint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Folds the standing scores per day and group into trend lines (pure). */
public final class DayGroups {
    private DayGroups() {}

    /** All the groups as one line. */
    public static List<TrendPoint> line(List<ComplianceStore.DayGroup> groups) {
        return lines(groups, null).getOrDefault("", List.of());
    }

    /**
     * One line per key of {@code by} (one line under "" when null), keys in order, each with one point per day that
     * has standing scores: their mean (one decimal, half up) and how many there are.
     */
    public static Map<String, List<TrendPoint>> lines(
            List<ComplianceStore.DayGroup> groups, ScoreFilter.@Nullable GroupBy by) {
        record Sum(BigDecimal sum, int n) {}
        Map<String, TreeMap<LocalDate, Sum>> byKey = new TreeMap<>();
        for (ComplianceStore.DayGroup g : groups) {
            String key = by == null ? "" : by.keyOf(g.team(), g.cluster(), g.tier());
            byKey.computeIfAbsent(key, k -> new TreeMap<>())
                    .merge(g.day(), new Sum(g.sum(), g.namespaces()), (a, b) -> new Sum(a.sum.add(b.sum), a.n + b.n));
        }
        Map<String, List<TrendPoint>> out = new LinkedHashMap<>();
        byKey.forEach((key, days) -> {
            List<TrendPoint> line = new ArrayList<>(days.size());
            days.forEach((day, s) ->
                    line.add(new TrendPoint(day, s.sum.divide(BigDecimal.valueOf(s.n), 1, RoundingMode.HALF_UP), s.n)));
            out.put(key, line);
        });
        return out;
    }
}
