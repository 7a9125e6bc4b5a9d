package io.bulkhead.tiers;

import java.time.Instant;

/** A tier and its latest published version. */
public record TierSummary(
        String name, String title, String summary, int latestVersion, Instant publishedAt, String publishedBy) {}
