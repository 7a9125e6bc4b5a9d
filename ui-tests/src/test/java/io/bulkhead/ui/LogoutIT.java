package io.bulkhead.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.LoadState;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(BulkheadExtension.class)
class LogoutIT {

    @Test
    void logoutEndsTheSessionSoTheNextVisitNeedsTheProviderLoginAgain(Portal portal) throws Exception {
        Shell shell = portal.loginAs(DemoUser.DEV_ALICE);
        Page page = shell.page();
        String sessionBefore = sessionCookie(page.context());

        shell.logout();
        // The server-side logout invalidates the session: the browser's cookie changes (or goes).
        page.waitForCondition(() -> !sessionBefore.equals(sessionCookieOrNone(page.context())));
        page.waitForLoadState(LoadState.NETWORKIDLE);

        // Typing the portal's address again must ask for credentials, not sign the user in silently.
        page.navigate("/");
        LoginPage.expectShown(page);

        // The portal session that existed before the logout is dead on the server.
        HttpResponse<Void> withOldCookie = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(portal.app().uri("/"))
                                .header("Cookie", "JSESSIONID=" + sessionBefore)
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(withOldCookie.statusCode()).isEqualTo(302);
        assertThat(withOldCookie.headers().firstValue("Location").orElse("")).contains("/oauth2/authorization/");
    }

    @Test
    void logoutTakesTheBrowserAwayFromTheSignedInScreen(Portal portal) {
        Shell shell = portal.loginAs(DemoUser.DEV_ALICE);
        Page page = shell.page();

        shell.logout();

        // After the round trip through the provider's end-session endpoint the provider asks for credentials;
        // the page must not keep showing the signed-in shell of a session that no longer exists.
        try {
            page.waitForURL(url -> url.contains("/login"), new Page.WaitForURLOptions().setTimeout(15_000));
        } catch (TimeoutError e) {
            throw new AssertionError("15 s after clicking Log out the browser is still at " + page.url()
                    + " showing the signed-in user '"
                    + (shell.currentUserName().count() > 0
                            ? shell.currentUserName().innerText()
                            : "")
                    + "'");
        }
        assertThat(LoginPage.expectShown(page).signedInUserName()).hasCount(0);
    }

    static String sessionCookieOrNone(BrowserContext context) {
        return context.cookies().stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .map((Cookie c) -> c.value)
                .findFirst()
                .orElse("");
    }

    static String sessionCookie(BrowserContext context) {
        return context.cookies().stream()
                .filter(c -> c.name.equals("JSESSIONID"))
                .map((Cookie c) -> c.value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JSESSIONID cookie in the browser"));
    }
}
