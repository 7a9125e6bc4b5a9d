package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import java.util.List;

/** Reading a vaadin-grid as the user sees it: the text of each rendered body row's cells, in row order. */
final class Grids {
    private Grids() {}

    private static final String ROWS_JS = """
            grid => Array.from(grid.shadowRoot.querySelectorAll('tbody#items tr'))
              .filter(tr => !tr.hidden && tr.style.display !== 'none')
              .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
              .map(tr => Array.from(tr.querySelectorAll('td'))
                .filter(td => !(td.getAttribute('part') || '').includes('details-cell'))
                .map(td => {
                  const slot = td.querySelector('slot');
                  return slot ? slot.assignedNodes({flatten: true}).map(n => n.innerText ?? n.textContent)
                      .join(' ').replace(/\\s+/g, ' ').trim() : '';
                }))
              .filter(cells => cells.some(t => t.length > 0))
            """;

    /** The cells of each rendered row of {@code grid}. */
    @SuppressWarnings("unchecked")
    static List<List<String>> rows(Locator grid) {
        Vaadin.waitUntilIdle(grid.page());
        return (List<List<String>>) grid.evaluate(ROWS_JS);
    }

    /** Cell {@code i} of a row, blank when the row has fewer cells. */
    static String cell(List<String> row, int i) {
        return i < row.size() ? row.get(i) : "";
    }
}
