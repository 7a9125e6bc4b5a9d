package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded provider's branded sign-in page, the portal's icon (no page logs a 404 or a console error), and
 * the header and Namespaces page of a developer who is in no team.
 */
@ExtendWith(BulkheadExtension.class)
class SignInPageIT {

    @Test
    void signInPageIsBrandedLabelledAndSaysWhatWentWrong(Portal portal) {
        LoginPage login = portal.openSignedOut();
        Page page = login.page();
        page.setViewportSize(1280, 800);

        assertThat(login.productName()).hasText("Bulkhead");
        assertThat(page.title()).isEqualTo("Sign in · Bulkhead");
        assertThat(login.logo()).isVisible();
        assertThat(login.logo().evaluate("img => img.naturalWidth > 0"))
                .as("logo loaded")
                .isEqualTo(true);
        assertThat(login.field("Username")).hasAttribute("autocomplete", "username");
        assertThat(login.field("Password")).hasAttribute("type", "password");
        assertThat(login.error()).hasCount(0);
        Screenshots.save(page, "sign-in");

        login.submit(DemoUser.DEV_ALICE.username(), "not-the-password");

        page.waitForURL("**/login?error");
        assertThat(login.error()).containsText("Incorrect username or password");
        assertThat(login.field("Password")).hasAttribute("aria-invalid", "true");
        Screenshots.save(page, "sign-in-error");
        // and the right password still works from the error page
        login.signIn(DemoUser.DEV_ALICE);
    }

    @Test
    void mainPagesLoadWithoutA404OrAConsoleError(Portal portal) {
        Page page = portal.newPage();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        page.onResponse(r -> {
            if (r.status() == 404) {
                problems.add("404 " + r.url());
            }
        });
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                problems.add("console error: " + m.text());
            }
        });
        page.onPageError(e -> problems.add("page error: " + e));
        page.navigate("/");
        Shell shell = LoginPage.expectShown(page).signIn(DemoUser.ADMIN);
        for (String path :
                List.of("", "namespaces", "reviews", "exceptions", "inventory", "compliance", "audit", "admin")) {
            shell.open(path);
        }

        assertThat(problems).as("404s and console errors on the main pages").isEmpty();
        assertThat(page.request().get("/favicon.ico").status()).isEqualTo(200);
        assertThat(page.request().get("/images/favicon.svg").status()).isEqualTo(200);
    }

    @Test
    void aDeveloperInNoTeamSeesNoTeamAndHowToGetAccess(Portal portal) {
        Shell shell = portal.loginAs(DemoUser.NEWCOMER);

        assertThat(shell.teamsBadge()).isEqualTo("No team");
        assertThat(shell.roleBadge()).isEqualTo("Developer");
        NamespacesListPage list = NamespacesListPage.open(shell);
        assertThat(list.noTeamNotice()).containsText("You are not in a team yet");
        assertThat(list.noTeamNotice()).containsText("identity provider");
        assertThat(list.emptyNotice()).hasCount(0);
        assertThat(list.requestButton()).hasCount(0);
        shell.page().setViewportSize(1280, 800);
        Screenshots.save(shell.page(), "namespaces-no-team");
    }
}
