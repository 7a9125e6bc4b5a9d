package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inventory through the browser, against the packaged portal and its local kube-apiserver: workloads deployed with
 * kubectl into a developer's Ready namespace show up with their images; search narrows the grid, a click on an
 * image tells where it runs, the CSV export holds the filtered rows, and another team's developer sees none of it.
 */
@ExtendWith(BulkheadExtension.class)
class InventoryIT {
    private static final String DIGEST = "sha256:" + "5eed0123456789ab".repeat(4);
    private static final LocatorAssertions.ContainsTextOptions PROVISIONING_TIME =
            new LocatorAssertions.ContainsTextOptions().setTimeout(180_000);

    static String workloads(String ns) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: checkout, namespace: %1$s}
                spec:
                  selector: {matchLabels: {app: checkout}}
                  template:
                    metadata: {labels: {app: checkout}}
                    spec:
                      initContainers:
                      - {name: migrate, image: "ghcr.io/bulkhead-demo/migrate@%2$s"}
                      containers:
                      - {name: app, image: "nginx:1.27"}
                      - {name: agent, image: "ghcr.io/bulkhead-demo/agent:3.1"}
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly, namespace: %1$s}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers:
                          - {name: report, image: "ghcr.io/bulkhead-demo/report:2.0"}
                """.formatted(ns, DIGEST);
    }

    @Test
    void developerSeesHerWorkloadsSearchesFindsWhereAnImageRunsAndExportsCsv(Portal portal) throws IOException {
        String ns = "ui-inv-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        assertThat(NamespacesIT.request(alice, ns, "baseline").state()).containsText("Ready", PROVISIONING_TIME);
        Optional<LocalKube> kube = LocalKube.find();
        Assumptions.assumeTrue(kube.isPresent(), "needs the portal's own local control plane and kubectl");
        kube.get().apply(workloads(ns));

        InventoryPage inventory;
        long deadline = System.nanoTime() + 120_000_000_000L;
        do {
            inventory = InventoryPage.open(alice);
            if (inventory.hasSearch()) {
                inventory.search(ns);
                if (inventory.shownCells("checkout").count() > 0
                        && inventory.shownCells("nightly").count() > 0) {
                    break;
                }
            }
            alice.page().waitForTimeout(2_000);
        } while (System.nanoTime() < deadline);
        assertThat(alice.viewHeading()).hasText("Inventory");
        assertThat(inventory.count()).hasText("2 workloads");
        assertThat(inventory.grid()).containsText("Deployment");
        assertThat(inventory.grid()).containsText("CronJob");
        assertThat(inventory.grid()).containsText("payments");
        // exactly this reference (the demo namespace runs docker.io/library/nginx:1.27), in a shown row (the grid
        // keeps the cells of rows it no longer shows)
        assertThat(inventory.shownImagesExactly("nginx:1.27")).hasCount(1);
        assertThat(inventory.grid()).containsText("ghcr.io/bulkhead-demo/migrate@sha256:5eed01234567…");
        inventory.screenshot("inventory");

        // search in images too: only the deployment runs the agent
        inventory.search("bulkhead-demo/agent");
        assertThat(inventory.count()).hasText("1 workload");
        assertThat(inventory.shownCells("nightly")).hasCount(0);
        inventory.screenshot("inventory-search");

        // a click on an image: where does it run?
        inventory.clickImage("agent:3.1");
        assertThat(inventory.whereSummary()).hasText("1 container in 1 workload, 1 namespace, 1 cluster.");
        assertThat(inventory.whereGrid()).containsText(ns);
        assertThat(inventory.whereGrid()).containsText("Deployment/checkout");
        inventory.screenshot("inventory-where");
        inventory.closeWhere();
        assertThat(inventory.whereDialog()).isHidden();

        // the lookup field: a repository finds the init container, pinned by digest
        inventory.lookUp("ghcr.io/bulkhead-demo/migrate");
        assertThat(inventory.whereGrid()).containsText("migrate (init)");
        inventory.closeWhere();

        // CSV of what is filtered (the namespace): one line per container
        inventory.search(ns);
        Download download = inventory.exportCsv();
        assertThat(download.failure()).isNull();
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        assertThat(csv)
                .startsWith("cluster,team,namespace,kind,workload,container,init,image,")
                .contains("local,payments," + ns + ",Deployment,checkout,migrate,true,ghcr.io/bulkhead-demo/migrate@"
                        + DIGEST)
                .contains("local,payments," + ns + ",CronJob,nightly,report,false,ghcr.io/bulkhead-demo/report:2.0");
        assertThat(csv.split("\r\n")).hasSize(5);

        // a deep link from another screen: where does nginx:1.27 run?
        InventoryPage deepLink = InventoryPage.open(alice, "inventory?where=nginx:1.27");
        assertThat(deepLink.whereGrid()).containsText("Deployment/checkout");
        assertThat(deepLink.whereGrid()).containsText("app");

        // another team's developer sees none of it
        Shell bob = portal.loginAs(DemoUser.DEV_BOB);
        InventoryPage bobs = InventoryPage.open(bob);
        assertThat(bob.wholePage()).not().containsText(ns);
        if (bobs.emptyNotice().count() > 0) {
            assertThat(bobs.emptyNotice()).containsText("No inventory yet");
            bobs.screenshot("inventory-empty");
        } else {
            bobs.search(ns);
            assertThat(bobs.count()).hasText("0 workloads");
        }
    }
}
