package io.bulkhead.inventory;

import java.util.List;

/** Values the filters can take for the signed-in user: clusters and teams that have visible inventory. */
public record InventoryOptions(List<String> clusters, List<String> teams, List<String> kinds) {
    public InventoryOptions {
        clusters = List.copyOf(clusters);
        teams = List.copyOf(teams);
        kinds = List.copyOf(kinds);
    }
}
