package io.bulkhead.ui;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One test's view of the running portal: fresh, isolated browser profiles (each one a different person at a
 * different computer), closed when the test ends.
 */
public final class Portal implements AutoCloseable {
    private final BulkheadApp app;
    private final Chromium chromium;
    private final Timings timings;
    private final List<BrowserContext> contexts = new ArrayList<>();

    Portal(BulkheadApp app, Chromium chromium, Timings timings) {
        this.app = app;
        this.chromium = chromium;
        this.timings = timings;
    }

    public BulkheadApp app() {
        return app;
    }

    /** A new browser profile with no cookies, and a page in it. */
    public Page newPage() {
        BrowserContext context = chromium.newContext(app.baseUrl());
        context.setDefaultTimeout(20_000);
        contexts.add(context);
        return context.newPage();
    }

    /** Opens the portal in a new profile: not signed in, so the provider's login page is shown. */
    public LoginPage openSignedOut() {
        Page page = newPage();
        page.navigate("/");
        return LoginPage.expectShown(page);
    }

    /** Signs in through the whole OIDC flow (portal → provider login → portal) in a new profile. */
    public Shell loginAs(DemoUser user) {
        LoginPage login = openSignedOut();
        long t0 = System.nanoTime();
        Shell shell = login.signIn(user);
        timings.login(Duration.ofNanos(System.nanoTime() - t0));
        return shell;
    }

    List<Page> openPages() {
        return contexts.stream().flatMap(c -> c.pages().stream()).toList();
    }

    @Override
    public void close() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }
}
