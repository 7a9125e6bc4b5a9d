package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
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

    private static void filter(Page page, String fieldId, String value) {
        page.locator("#" + fieldId + " input").fill(value);
        page.waitForTimeout(700); // the field reports lazily (ValueChangeMode.LAZY)
        Vaadin.waitUntilIdle(page);
    }

    /** Cells of shown rows only: the grid keeps the content of rows it no longer shows, hidden. */
    private static Locator cell(Page page, String text) {
        return page.locator("#inventory-grid vaadin-grid-cell-content:visible")
                .filter(new Locator.FilterOptions().setHasText(text));
    }

    @Test
    void developerSeesHerWorkloadsSearchesFindsWhereAnImageRunsAndExportsCsv(Portal portal) throws IOException {
        String ns = "ui-inv-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        NamespacesIT.request(alice, ns, "baseline");
        assertThat(alice.page().locator("#ns-state")).containsText("Ready", PROVISIONING_TIME);
        Optional<LocalKube> kube = LocalKube.find();
        Assumptions.assumeTrue(kube.isPresent(), "needs the portal's own local control plane and kubectl");
        kube.get().apply(workloads(ns));

        Page page = alice.page();
        long deadline = System.nanoTime() + 120_000_000_000L;
        do {
            alice.open("inventory");
            if (page.locator("#inventory-search").count() > 0) {
                filter(page, "inventory-search", ns);
                if (cell(page, "checkout").count() > 0 && cell(page, "nightly").count() > 0) {
                    break;
                }
            }
            page.waitForTimeout(2_000);
        } while (System.nanoTime() < deadline);
        assertThat(alice.viewHeading()).hasText("Inventory");
        assertThat(page.locator("#inventory-count")).hasText("2 workloads");
        assertThat(page.locator("#inventory-grid")).containsText("Deployment");
        assertThat(page.locator("#inventory-grid")).containsText("CronJob");
        assertThat(page.locator("#inventory-grid")).containsText("payments");
        // exactly this reference (the demo namespace runs docker.io/library/nginx:1.27), in a shown row (the grid
        // keeps the cells of rows it no longer shows)
        assertThat(page.locator("#inventory-grid .inventory-image-link:visible")
                        .filter(new Locator.FilterOptions()
                                .setHasText(java.util.regex.Pattern.compile("^nginx:1\\.27$"))))
                .hasCount(1);
        assertThat(page.locator("#inventory-grid")).containsText("ghcr.io/bulkhead-demo/migrate@sha256:5eed01234567…");
        Screenshots.save(page, "inventory");

        // search in images too: only the deployment runs the agent
        filter(page, "inventory-search", "bulkhead-demo/agent");
        assertThat(page.locator("#inventory-count")).hasText("1 workload");
        assertThat(cell(page, "nightly")).hasCount(0);
        Screenshots.save(page, "inventory-search");

        // a click on an image: where does it run?
        page.locator("#inventory-grid .inventory-image-link")
                .filter(new Locator.FilterOptions().setHasText("agent:3.1"))
                .first()
                .click();
        Locator dialog = page.locator("#inventory-where-dialog");
        assertThat(page.locator("#inventory-where-summary"))
                .hasText("1 container in 1 workload, 1 namespace, 1 cluster.");
        assertThat(page.locator("#inventory-where-grid")).containsText(ns);
        assertThat(page.locator("#inventory-where-grid")).containsText("Deployment/checkout");
        Screenshots.save(page, "inventory-where");
        page.locator("#inventory-where-close").click();
        assertThat(dialog).isHidden();

        // the lookup field: a repository finds the init container, pinned by digest
        page.locator("#inventory-where input").fill("ghcr.io/bulkhead-demo/migrate");
        page.locator("#inventory-where-button").click();
        assertThat(page.locator("#inventory-where-grid")).containsText("migrate (init)");
        page.locator("#inventory-where-close").click();

        // CSV of what is filtered (the namespace): one line per container
        filter(page, "inventory-search", ns);
        Download download =
                page.waitForDownload(() -> page.locator("#inventory-csv").click());
        assertThat(download.failure()).isNull();
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        assertThat(csv)
                .startsWith("cluster,team,namespace,kind,workload,container,init,image,")
                .contains("local,payments," + ns + ",Deployment,checkout,migrate,true,ghcr.io/bulkhead-demo/migrate@"
                        + DIGEST)
                .contains("local,payments," + ns + ",CronJob,nightly,report,false,ghcr.io/bulkhead-demo/report:2.0");
        assertThat(csv.split("\r\n")).hasSize(5);

        // a deep link from another screen: where does nginx:1.27 run?
        alice.open("inventory?where=nginx:1.27");
        assertThat(page.locator("#inventory-where-grid")).containsText("Deployment/checkout");
        assertThat(page.locator("#inventory-where-grid")).containsText("app");

        // another team's developer sees none of it
        Shell bob = portal.loginAs(DemoUser.DEV_BOB);
        bob.open("inventory");
        assertThat(bob.page().locator("body")).not().containsText(ns);
        if (bob.page().locator("#inventory-empty").count() > 0) {
            assertThat(bob.page().locator("#inventory-empty")).containsText("No inventory yet");
            Screenshots.save(bob.page(), "inventory-empty");
        } else {
            filter(bob.page(), "inventory-search", ns);
            assertThat(bob.page().locator("#inventory-count")).hasText("0 workloads");
        }
    }
}
