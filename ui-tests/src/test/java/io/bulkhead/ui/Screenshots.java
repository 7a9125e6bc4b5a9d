package io.bulkhead.ui;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ViewportSize;
import java.nio.file.Path;

/** Full-page screenshots of the main screens, under the {@code screenshots.dir} system property. */
final class Screenshots {
    private Screenshots() {}

    /** Height the page needs to show the app layout's scrolled content in full. */
    private static final String CONTENT_HEIGHT = """
            () => {
              const layout = document.querySelector('vaadin-app-layout');
              if (!layout) return 0;
              const scrollers = [];
              if (layout.shadowRoot) {
                scrollers.push(...layout.shadowRoot.querySelectorAll('[content], [part~="content"]'));
              }
              scrollers.push(...Array.from(layout.children).filter(c => !c.slot));
              let height = 0;
              for (const c of scrollers) {
                height = Math.max(height, Math.ceil(c.getBoundingClientRect().top + c.scrollHeight));
              }
              return height;
            }
            """;

    static Path dir() {
        return Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    }

    /**
     * Saves the screenshot as {@link #save} does, then fails when a shown grid's columns or the page run past the
     * window's right edge ({@link Layouts#assertFits}).
     */
    static Path fitting(Page page, String name) {
        Path file = save(page, name);
        Layouts.assertFits(page, name);
        return file;
    }

    /** On portal pages waits for Vaadin and fonts to settle; saves {@code <name>.png}. */
    static Path save(Page page, String name) {
        boolean portalPage = Boolean.TRUE.equals(page.evaluate("() => !!(window.Vaadin && window.Vaadin.Flow)"));
        if (portalPage) {
            Vaadin.waitUntilIdle(page);
            page.waitForTimeout(500); // lets the loading bar of the last round trip fade out
            page.evaluate("() => document.fonts.ready.then(() => true)");
        }
        Path file = dir().resolve(name + ".png");
        ViewportSize viewport = page.viewportSize();
        int contentHeight = portalPage ? ((Number) page.evaluate(CONTENT_HEIGHT)).intValue() : 0;
        if (viewport != null && contentHeight > viewport.height) {
            // the shell scrolls inside the app layout, not the document: grow the window to show everything
            page.setViewportSize(viewport.width, contentHeight);
        }
        try {
            page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        } finally {
            if (viewport != null && contentHeight > viewport.height) {
                page.setViewportSize(viewport.width, viewport.height);
            }
        }
        return file;
    }
}
