package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Quarantine through the browser: a reviewer quarantines a developer's namespace (a too short reason is refused at
 * the field), both see the banner, the developer has no quarantine action; the reviewer releases it and the banner
 * goes once Bulkhead has restored the namespace.
 */
@ExtendWith(BulkheadExtension.class)
class QuarantineIT {
    private static final LocatorAssertions.ContainsTextOptions PROVISIONING_TIME =
            new LocatorAssertions.ContainsTextOptions().setTimeout(180_000);

    @Test
    void reviewerQuarantinesAndReleasesANamespaceAndTheTeamSeesTheBanner(Portal portal) {
        String name = "ui-quarantine-web";
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        NamespacePage requested = NamespacesIT.request(alice, name, "baseline");
        assertThat(requested.state()).containsText("Ready", PROVISIONING_TIME);
        String detail = requested.url();

        Shell rita = portal.loginAs(DemoUser.REVIEWER);
        rita.page().navigate(detail);
        NamespacePage ns = NamespacePage.current(rita, name);
        assertThat(ns.quarantineBanner()).hasCount(0);
        assertThat(ns.quarantine(false, "abc")).contains("at least 5 characters");
        Screenshots.save(rita.page(), "quarantine-dialog-error");
        assertThat(ns.quarantine(false, "Suspicious outbound traffic to an unknown host"))
                .isNull();
        assertThat(ns.quarantineBanner()).containsText("Quarantined");
        assertThat(ns.quarantineBanner()).containsText("Suspicious outbound traffic");
        assertThat(ns.quarantineBanner()).hasAttribute("role", "alert");
        ns.tab(NamespacePage.TabName.OBJECTS);
        assertThat(ns.objects()).containsText("bulkhead-quarantine-deny-all", PROVISIONING_TIME);
        assertThat(ns.quarantineBanner()).isVisible();
        ns.screenshot("namespace-quarantined");

        Page page = alice.page();
        page.navigate(detail);
        NamespacePage mine = NamespacePage.current(alice, name);
        assertThat(mine.quarantineBanner()).containsText("read-only access");
        assertThat(mine.quarantineAction(false)).hasCount(0);
        assertThat(mine.quarantineAction(true)).hasCount(0);

        rita.page().navigate(detail);
        ns = NamespacePage.current(rita, name);
        assertThat(ns.quarantine(true, "Traffic explained: a new partner endpoint"))
                .isNull();
        // "release in progress" until the reconciler has restored it; then no banner and Quarantine is offered again
        assertThat(ns.quarantineAction(false)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(120_000));
        assertThat(ns.quarantineBanner()).hasCount(0);
        ns.screenshot("namespace-released");
    }
}
