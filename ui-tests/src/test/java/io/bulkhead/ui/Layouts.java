package io.bulkhead.ui;

import com.microsoft.playwright.Page;
import java.util.List;

/**
 * Checks that a screen fits its window: no grid whose columns run past its right edge (a horizontal scrollbar in
 * the grid) and no page content wider than the window. Grids that are not shown (closed tabs, collapsed details)
 * are skipped.
 */
final class Layouts {
    private Layouts() {}

    /** Each grid whose columns overflow, and the page content if it does: "id: columns 1310 px in 968 px". */
    private static final String OVERFLOWS_JS = """
            () => {
              const out = [];
              for (const g of document.querySelectorAll('vaadin-grid')) {
                const r = g.getBoundingClientRect();
                if (r.width === 0 || r.height === 0 || !g.checkVisibility()) continue;
                const table = g.shadowRoot && g.shadowRoot.querySelector('#table');
                if (!table) continue;
                if (table.scrollWidth > table.clientWidth + 1) {
                  const name = g.id || g.getAttribute('aria-label') || 'a grid';
                  out.push(name + ': columns ' + table.scrollWidth + ' px in ' + table.clientWidth + ' px');
                }
              }
              const layout = document.querySelector('vaadin-app-layout');
              if (layout) {
                const scrollers = layout.shadowRoot
                    ? Array.from(layout.shadowRoot.querySelectorAll('[content], [part~="content"]')) : [];
                scrollers.push(...Array.from(layout.children).filter(c => !c.slot));
                for (const c of scrollers) {
                  if (c.scrollWidth > c.clientWidth + 1) {
                    out.push('page content: ' + c.scrollWidth + ' px in ' + c.clientWidth + ' px');
                  }
                }
              }
              if (document.documentElement.scrollWidth > window.innerWidth + 1) {
                out.push('document: ' + document.documentElement.scrollWidth + ' px in ' + window.innerWidth + ' px');
              }
              return out;
            }
            """;

    /** What overflows on the page as it is shown now (empty when everything fits). */
    @SuppressWarnings("unchecked")
    static List<String> overflows(Page page) {
        Vaadin.waitUntilIdle(page);
        return (List<String>) page.evaluate(OVERFLOWS_JS);
    }

    /** Fails, naming each grid, when a shown grid's columns or the page run past the right edge. */
    static void assertFits(Page page, String screen) {
        List<String> overflows = overflows(page);
        if (!overflows.isEmpty()) {
            throw new AssertionError("At " + page.viewportSize().width + " px, " + screen + " does not fit: "
                    + String.join("; ", overflows));
        }
    }
}
