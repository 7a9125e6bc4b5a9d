package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The portal against a real external identity provider, Keycloak 26.7 from Maven Central, configured by the README's
 * environment variables alone: sign-in through Keycloak's own form, roles and teams from its groups, logout through
 * its end-session endpoint, and a user removed from a group in Keycloak loses that team at the next sign-in.
 * Opt-in: runs only under the {@code keycloak} Maven profile, which unpacks Keycloak and sets {@code
 * bulkhead.keycloak.home}.
 */
@EnabledIfSystemProperty(named = "bulkhead.keycloak.home", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakIT {
    private KeycloakServer keycloak;
    private PortalProcess portal;
    private Chromium chromium;

    @BeforeAll
    void start() throws Exception {
        Path buildDir = Files.createDirectories(Path.of(System.getProperty("bulkhead.build.dir", "target")));
        int portalPort = PortalProcess.freePort();
        String portalUrl = "http://localhost:" + portalPort;
        keycloak = KeycloakServer.start(
                Path.of(System.getProperty("bulkhead.keycloak.home")), PortalProcess.freePort(), portalUrl, buildDir);
        // only what the README documents for an external provider; the group names are Keycloak's flat ones
        portal = PortalProcess.start(
                "keycloak-portal",
                portalPort,
                Map.of(
                        "BULKHEAD_PUBLIC_URL", portalUrl,
                        "BULKHEAD_OIDC_ISSUER", keycloak.issuer(),
                        "BULKHEAD_OIDC_CLIENT_ID", KeycloakServer.CLIENT_ID,
                        "BULKHEAD_OIDC_CLIENT_SECRET", KeycloakServer.CLIENT_SECRET,
                        "BULKHEAD_OIDC_GROUPS_CLAIM", "groups",
                        "BULKHEAD_OIDC_ADMIN_GROUPS", "bulkhead-admins",
                        "BULKHEAD_OIDC_REVIEWER_GROUPS", "bulkhead-reviewers",
                        "BULKHEAD_OIDC_MANAGER_GROUPS", "bulkhead-managers",
                        "BULKHEAD_OIDC_TEAM_GROUP_PREFIX", "team-",
                        // the demo teams (payments, search); no local cluster
                        "BULKHEAD_DEMO_DATA", "true"),
                buildDir);
        chromium = Chromium.launch();
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (portal != null) {
            portal.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    Page newPage() {
        BrowserContext context = chromium.newContext(portal.baseUrl());
        context.setDefaultTimeout(30_000);
        return context.newPage();
    }

    /** Opens the portal signed out; it sends the browser to Keycloak's sign-in form. */
    Page keycloakLogin(Page page) {
        page.navigate("/");
        page.locator("#kc-login").waitFor();
        URI at = URI.create(page.url());
        assertThat(at.getPort()).as("Keycloak's sign-in page").isEqualTo(keycloak.port());
        assertThat(at.getPath()).startsWith("/realms/" + KeycloakServer.REALM + "/protocol/openid-connect/auth");
        assertThat(at.getQuery()).contains("code_challenge_method=S256");
        return page;
    }

    Shell signIn(Page page, String username) {
        page.locator("#username").fill(username);
        page.locator("#password").fill("demo");
        page.locator("#kc-login").click();
        return new Shell(page).waitUntilReady();
    }

    @Test
    void everyRoleSignsInThroughKeycloakAndGetsItsRoleAndTeams() {
        record Expected(String username, String name, String role, String teams) {}
        for (Expected e : new Expected[] {
            new Expected("dev-alice", "Alice Developer", "Developer", "Team payments"),
            new Expected("dev-bob", "Bob Developer", "Developer", "Team search"),
            new Expected("reviewer", "Rita Reviewer", "Security reviewer", "All teams"),
            new Expected("manager", "Max Manager", "Manager", "All teams"),
            new Expected("admin", "Ada Admin", "Platform admin", "All teams")
        }) {
            Page page = newPage();
            Shell shell = signIn(keycloakLogin(page), e.username());
            assertThat(shell.userName()).as(e.username()).isEqualTo(e.name());
            assertThat(shell.roleBadge()).as(e.username()).isEqualTo(e.role());
            assertThat(shell.teamsBadge()).as(e.username()).isEqualTo(e.teams());
            if (e.username().equals("admin")) {
                assertThat(shell.navigationItems()).contains("Admin");
                shell.open("/admin");
                assertThat(page.locator("#error-access-denied")).hasCount(0);
            } else {
                assertThat(shell.navigationItems()).doesNotContain("Admin");
                page.navigate("/admin");
                assertThat(page.locator("#error-access-denied")).isVisible();
            }
            Screenshots.save(page, "keycloak-" + e.username());
            page.context().close();
        }
    }

    @Test
    void logoutEndsTheKeycloakSessionToo() {
        Page page = newPage();
        Shell shell = signIn(keycloakLogin(page), "manager");
        shell.logout();
        // the portal sends the browser to Keycloak's end-session endpoint, which returns it to the portal; with both
        // sessions gone, the portal asks Keycloak again, and Keycloak asks for the password again
        page.locator("#kc-login").waitFor();
        assertThat(URI.create(page.url()).getPort()).isEqualTo(keycloak.port());
        page.navigate("/");
        page.locator("#kc-login").waitFor();
        assertThat(page.locator("#current-user-name")).hasCount(0);
        page.context().close();
    }

    @Test
    void aUserRemovedFromAGroupInKeycloakLosesThatTeamAtTheNextSignIn() {
        Page page = newPage();
        Shell shell = signIn(keycloakLogin(page), "dev-carol");
        assertThat(shell.teamsBadge()).startsWith("Team ").contains("payments").contains("search");

        keycloak.removeFromGroup("dev-carol", "team-search");

        shell.logout();
        page.locator("#kc-login").waitFor();
        Shell again = signIn(keycloakLogin(page), "dev-carol");
        assertThat(again.teamsBadge()).isEqualTo("Team payments");
        assertThat(again.roleBadge()).isEqualTo("Developer");
        Screenshots.save(page, "keycloak-group-removed");
        page.context().close();
    }
}
