package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(BulkheadExtension.class)
class ErrorPagesIT {

    @Test
    void unknownRouteShowsNotFoundInsideTheShellWithoutAStackTrace(Portal portal) {
        Shell alice = portal.loginAs(DemoUser.DEV_ALICE);
        Page page = alice.page();

        APIResponse probe = page.request().get("/no-such-page");
        try {
            page.navigate("/no-such-page");
        } catch (PlaywrightException refused) {
            // Chromium refuses to show an error status with an empty body; the probe below says what happened
        }
        Screenshots.save(page, "not-found");
        assertThat(probe.status())
                .as(
                        "GET /no-such-page for a signed-in user answered %d with %d bytes: the request must reach the"
                                + " portal's not-found view instead of being refused",
                        probe.status(), probe.body().length)
                .isIn(200, 404);
        assertThat(alice.notFound()).isVisible();
        assertThat(alice.notFound()).containsText("Page not found");
        assertThat(alice.notFound()).containsText("/no-such-page");
        assertThat(alice.currentUserName()).hasText(DemoUser.DEV_ALICE.displayName());
        assertThat(alice.navigation()).hasCount(LoginAndNavigationIT.EVERYONES_NAVIGATION.size());
        String text = alice.wholePage().innerText();
        assertThat(text)
                .doesNotContainPattern("\\w+(Exception|Error)\\b")
                .doesNotContain("\tat ", "at io.bulkhead", "at com.vaadin", "java.lang", "org.springframework")
                .doesNotContain("Whitelabel", "Stack trace", "Caused by");
    }
}
