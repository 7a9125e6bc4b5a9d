package io.bulkhead.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Playwright driving Debian's Chromium ({@code /usr/bin/chromium}, or the {@code chromium.path} system property).
 * Playwright's own browser download is switched off: it is neither needed nor reachable here.
 */
public final class Chromium implements AutoCloseable {

    static final List<String> ARGS = List.of(
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run");

    /** Every page is looked at on a 1280×800 screen: columns and content must fit there. */
    static final int WIDTH = 1280;

    static final int HEIGHT = 800;

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Chromium launch() {
        Path executable = Path.of(System.getProperty("chromium.path", "/usr/bin/chromium"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("No Chromium at " + executable
                    + ": install it with `apt-get install -y chromium` (or set -Dchromium.path=...)");
        }
        Playwright playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(executable)
                            .setHeadless(true)
                            .setArgs(ARGS));
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A fresh, isolated browser profile (no cookies) with a fixed size and locale, relative URLs on the portal. */
    BrowserContext newContext(String baseUrl) {
        return browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(baseUrl)
                .setLocale("en-US")
                .setTimezoneId("UTC")
                .setViewportSize(WIDTH, HEIGHT)
                .setAcceptDownloads(true));
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
