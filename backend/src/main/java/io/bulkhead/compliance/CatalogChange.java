package io.bulkhead.compliance;

import java.time.LocalDate;

/**
 * A change of the control catalog and scoring rule seen in the score history: from {@code day} (UTC) snapshots are
 * scored with catalog {@code version}, so the trend may jump there without anything changing in the namespaces.
 */
public record CatalogChange(LocalDate day, int version) {}
