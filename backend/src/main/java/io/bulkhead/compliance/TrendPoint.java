package io.bulkhead.compliance;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The mean score (UTC day) over the namespaces that had a score by the end of that day. */
public record TrendPoint(LocalDate day, BigDecimal score, int namespaces) {}
