package io.bulkhead.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;

/** The embedded OIDC provider's branded sign-in page (product name, Lumo look, labelled fields). */
public final class LoginPage {
    private final Page page;

    private LoginPage(Page page) {
        this.page = page;
    }

    /** Waits for the provider's login form and fails if the browser ended up anywhere else. */
    public static LoginPage expectShown(Page page) {
        page.locator("input[name=username], #current-user-name").first().waitFor();
        if (page.locator("#current-user-name").count() > 0) {
            throw new AssertionError("Expected the provider's login page, but the portal signed in "
                    + page.locator("#current-user-name").innerText() + " without asking (at " + page.url() + ")");
        }
        assertThat(URI.create(page.url()).getPath())
                .as("the provider's login page")
                .isEqualTo("/login");
        return new LoginPage(page);
    }

    public Page page() {
        return page;
    }

    /** Signs in with the demo password and waits until the portal's shell shows the user. */
    public Shell signIn(DemoUser user) {
        submit(user.username(), DemoUser.PASSWORD);
        return new Shell(page).waitUntilReady();
    }

    public void submit(String username, String password) {
        page.locator("input[name=username]").fill(username);
        page.locator("input[name=password]").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
    }

    /** The password field (a masked input). */
    public Locator passwordField() {
        return page.locator("input[name=password]");
    }

    /** The portal's signed-in user name, which a sign-in page must not show. */
    public Locator signedInUserName() {
        return page.locator("#current-user-name");
    }

    /** The product name in the page's brand header. */
    public Locator productName() {
        return page.locator("#product-name");
    }

    /** The field a screen reader announces as {@code label} (its {@code <label for>}). */
    public Locator field(String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    /** The error shown after a failed or throttled sign-in (an ARIA alert). */
    public Locator error() {
        return page.getByRole(AriaRole.ALERT);
    }

    public Locator logo() {
        return page.locator(".brand img");
    }
}
