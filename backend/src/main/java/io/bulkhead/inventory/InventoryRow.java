package io.bulkhead.inventory;

import java.time.Instant;
import java.util.List;

/**
 * One workload of the inventory as users see it: where it runs, whose it is, and the image of each container
 * (init containers included, in template order).
 *
 * @param team the team owning the namespace
 * @param observedAt when the inventory last saw a change of the workload
 */
public record InventoryRow(
        String cluster,
        String team,
        String namespace,
        String kind,
        String name,
        List<Container> containers,
        Instant observedAt) {

    public InventoryRow {
        containers = List.copyOf(containers);
    }

    /** A container of the workload's pod template and its image. */
    public record Container(String name, boolean init, ImageRef image) {}
}
