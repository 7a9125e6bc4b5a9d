package io.bulkhead.compliance.internal;

import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.TrendPoint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Daily trend from score history (pure). */
public final class Trends {

    private Trends() {}

    /**
     * One point per UTC day from {@code first} to {@code last}: the mean of each namespace's latest score at the end
     * of that day. {@code history} must be in time order and include each namespace's last snapshot before
     * {@code first}. Days before any namespace had a score are left out.
     */
    public static List<TrendPoint> daily(List<NamespaceScore> history, LocalDate first, LocalDate last) {
        Map<UUID, BigDecimal> current = new HashMap<>();
        List<TrendPoint> out = new ArrayList<>();
        int i = 0;
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Instant end = d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            while (i < history.size() && history.get(i).computedAt().isBefore(end)) {
                current.put(history.get(i).namespaceId(), history.get(i).score());
                i++;
            }
            if (!current.isEmpty()) {
                out.add(new TrendPoint(d, mean(current.values()), current.size()));
            }
        }
        return out;
    }

    /** Mean with one decimal (half up); zero for none. */
    public static BigDecimal mean(Collection<BigDecimal> values) {
        if (values.isEmpty()) {
            return BigDecimal.ZERO;
        }
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.divide(BigDecimal.valueOf(values.size()), 1, RoundingMode.HALF_UP);
    }
}
