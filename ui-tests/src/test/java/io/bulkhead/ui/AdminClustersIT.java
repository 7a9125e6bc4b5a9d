package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin's clusters: capabilities, re-sync, and a removal that is refused while namespaces live there. */
@ExtendWith(BulkheadExtension.class)
class AdminClustersIT {
    static final String LOCAL = "local";

    @Test
    void adminSeesTheClustersCapabilitiesAndResyncsIt(Portal portal) {
        AdminClustersPage clusters = AdminClustersPage.open(portal.loginAs(DemoUser.ADMIN));
        clusters.page().setViewportSize(1280, 800);

        String note = clusters.resync(LOCAL);

        assertThat(note).contains("Re-syncing local");
        assertThat(clusters.capabilities(LOCAL)).containsText("Kubernetes v1.");
        assertThat(clusters.capabilities(LOCAL)).containsText("Pod Security ✓");
        assertThat(clusters.capabilities(LOCAL)).containsText("Admission policies ✓");
        Screenshots.save(clusters.page(), "admin-clusters");
    }

    @Test
    void removingAClusterThatCarriesNamespacesIsRefusedWithWhatToDo(Portal portal) {
        Shell shell = portal.loginAs(DemoUser.ADMIN);
        AdminClustersPage clusters = AdminClustersPage.open(shell);
        // the demo namespaces are seeded in the background: never confirm a removal of an empty local cluster
        long until = System.currentTimeMillis() + 180_000;
        while (clusters.liveNamespaces(LOCAL) == 0) {
            assertThat(System.currentTimeMillis())
                    .as("demo namespaces on local")
                    .isLessThan(until);
            shell.page().waitForTimeout(3000);
            clusters = AdminClustersPage.open(shell);
        }
        AdminClustersPage.RemovalDialog dialog = clusters.openRemoval(LOCAL);

        assertThat(dialog.explanation()).containsText("Decommission them first");
        assertThat(dialog.confirmButton()).isDisabled();
        String error = dialog.typeName(LOCAL).confirmAndReadFieldError();

        assertThat(error).contains("still carries").contains("decommission");
        shell.page().setViewportSize(1280, 800);
        Screenshots.save(shell.page(), "admin-cluster-remove-refused");
        dialog.cancel();
        assertThat(AdminClustersPage.open(shell).liveNamespaces(LOCAL)).isPositive();
    }
}
