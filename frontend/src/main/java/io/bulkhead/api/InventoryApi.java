package io.bulkhead.api;

import io.bulkhead.inventory.ImageUsages;
import io.bulkhead.inventory.InventoryFilter;
import io.bulkhead.inventory.InventoryOptions;
import io.bulkhead.inventory.InventoryQueries;
import io.bulkhead.inventory.InventoryRow;
import io.bulkhead.inventory.InventorySort;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The inventory: workloads with their images, and where an image runs, through {@link InventoryQueries}. */
@RestController
@RequestMapping(path = "/api/v1/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Inventory")
class InventoryApi {
    private final InventoryQueries inventory;

    InventoryApi(InventoryQueries inventory) {
        this.inventory = inventory;
    }

    @GetMapping("/workloads")
    @Operation(summary = "Workloads of the namespaces the caller may see, with containers and images")
    Page<InventoryRow> workloads(
            @RequestParam(required = false) @Nullable String cluster,
            @RequestParam(required = false) @Nullable String team,
            @RequestParam(required = false) @Nullable String namespace,
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable String image,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "CLUSTER") InventorySort.Field sort,
            @RequestParam(defaultValue = "false") boolean descending,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        var f = new InventoryFilter(cluster, team, namespace, kind, image, q);
        var s = new InventorySort(sort, descending);
        return Cursors.page(
                cursor, limit, "inv|" + f + "|" + s, (o, l) -> inventory.page(f, s, o, l), x -> inventory.count(f));
    }

    @GetMapping("/images/where")
    @Operation(summary = "Where does image X run: every container of a visible workload that runs it")
    ImageUsages whereRuns(@RequestParam(required = false) @Nullable String image) {
        return inventory.whereRuns(image);
    }

    @GetMapping("/options")
    @Operation(summary = "Clusters, teams and kinds that have visible inventory")
    InventoryOptions options() {
        return inventory.options();
    }
}
