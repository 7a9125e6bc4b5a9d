package io.bulkhead.compliance;

import org.jspecify.annotations.Nullable;

/** Filter for scores; null = any. Developers are limited to their teams whatever they ask for. */
public record ScoreFilter(
        @Nullable String team,
        @Nullable String cluster,
        @Nullable String tier) {
    public static final ScoreFilter ALL = new ScoreFilter(null, null, null);

    /** How {@link Compliance#scores} groups. */
    public enum GroupBy {
        TEAM,
        CLUSTER,
        TIER;

        /** The team, cluster or tier of the score. */
        public String keyOf(NamespaceScore s) {
            return switch (this) {
                case TEAM -> s.team();
                case CLUSTER -> s.cluster();
                case TIER -> s.tier();
            };
        }
    }
}
