package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(BulkheadExtension.class)
class LoginAndNavigationIT {

    static final List<String> EVERYONES_NAVIGATION = List.of(
            "Dashboard",
            "Namespaces",
            "Teams",
            "Exceptions",
            "Inventory",
            "Compliance",
            "Score dashboard",
            "Audit",
            "Notifications");

    @Test
    void visitorWithoutSessionIsSentThroughOidcToTheProvidersLoginPage(Portal portal) {
        LoginPage login = portal.openSignedOut();

        Page page = login.page();
        assertThat(page.title()).isEqualTo("Sign in · Bulkhead");
        assertThat(login.passwordField()).hasAttribute("type", "password");
        assertThat(login.signedInUserName()).hasCount(0);
        Screenshots.save(page, "login");
    }

    @ParameterizedTest
    @EnumSource(DemoUser.class)
    void eachDemoUserSignsInAndSeesTheirNavigationAndBadges(DemoUser user, Portal portal) {
        Shell shell = portal.loginAs(user);

        assertThat(shell.userName()).isEqualTo(user.displayName());
        assertThat(shell.teamsBadge()).isEqualTo(user.teamsBadge());
        assertThat(shell.roleBadge()).isEqualTo(user.roleBadge());
        List<String> expected = new ArrayList<>(EVERYONES_NAVIGATION);
        if (user.isReviewer() || user.isAdmin()) {
            expected.add(2, "Reviews");
        }
        if (user.isAdmin()) {
            expected.add("Admin");
        }
        assertThat(shell.navigationItems()).containsExactlyElementsOf(expected);
        assertThat(shell.viewHeading()).hasText("Welcome, " + user.displayName());
        // everyone sees their compliance score and exceptions; only the admin the operations cards
        DashboardPage dashboard = DashboardPage.shown(shell);
        assertThat(dashboard.complianceCard()).isVisible();
        assertThat(dashboard.exceptionsCard()).isVisible();
        if (user.isAdmin()) {
            assertThat(dashboard.card("cluster-health")).containsText(java.util.regex.Pattern.compile("\\d+ / \\d+"));
            assertThat(dashboard.card("reconcile-backlog")).containsText("failed");
            assertThat(dashboard.card("drift")).containsText("last 24 hours");
        } else {
            assertThat(dashboard.card("cluster-health")).hasCount(0);
        }
        // reviewers and admins see both review queues with the age of the oldest request
        if (user.isReviewer() || user.isAdmin()) {
            assertThat(dashboard.card("exception-queue"))
                    .containsText(java.util.regex.Pattern.compile("nothing waiting|oldest requested"));
        } else {
            assertThat(dashboard.card("exception-queue")).hasCount(0);
        }
        dashboard.save("dashboard-" + user.username());
    }

    @Test
    void wrongPasswordKeepsTheVisitorOnTheProvidersLoginPageWithAnError(Portal portal) {
        LoginPage login = portal.openSignedOut();

        login.submit(DemoUser.DEV_ALICE.username(), "not-the-password");

        Page page = login.page();
        page.waitForURL("**/login?error");
        assertThat(login.error()).containsText("Incorrect username or password");
        assertThat(login.signedInUserName()).hasCount(0);
    }

    @Test
    void adminOpensEveryNavigationItemWithoutAnError(Portal portal) {
        Shell shell = portal.loginAs(DemoUser.ADMIN);
        List<String> items = shell.navigationItems();
        assertThat(items).contains("Admin");

        for (String item : items) {
            shell.navigateTo(item);
            String expectedHeading = item.equals("Dashboard")
                    ? "Welcome, " + DemoUser.ADMIN.displayName()
                    : item.equals("Admin")
                            ? "Administration"
                            : switch (item) {
                                case "Audit" -> "Audit trail";
                                case "Reviews" -> "Review queue";
                                case "Score dashboard" -> "Compliance dashboard";
                                default -> item;
                            };
            assertThat(shell.viewHeading()).hasText(expectedHeading);
            assertThat(shell.errorScreens()).hasCount(0);
            if (!item.equals("Dashboard")) {
                Screenshots.save(shell.page(), item.toLowerCase());
            }
        }
    }

    @Test
    void developerOpensEveryNavigationItemWithoutAnError(Portal portal) {
        Shell shell = portal.loginAs(DemoUser.DEV_BOB);

        for (String item : shell.navigationItems()) {
            shell.navigateTo(item);
            assertThat(shell.viewHeading()).isVisible();
            assertThat(shell.errorScreens()).hasCount(0);
        }
    }
}
