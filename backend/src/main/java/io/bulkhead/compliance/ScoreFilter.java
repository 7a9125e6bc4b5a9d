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
            return keyOf(s.team(), s.cluster(), s.tier());
        }

        /** Which of team, cluster and tier this groups by. */
        public String keyOf(String team, String cluster, String tier) {
            return switch (this) {
                case TEAM -> team;
                case CLUSTER -> cluster;
                case TIER -> tier;
            };
        }
    }
}
