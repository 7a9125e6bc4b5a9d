package io.bulkhead.ui;

import com.microsoft.playwright.Locator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A change shown as a before/after table (the ChangeDiff component): field → [before, after]. */
public final class ChangeTable {
    private static final String ROWS_JS = """
            t => Array.from(t.querySelectorAll('tbody tr')).map(tr =>
              Array.from(tr.children).map(c => c.innerText.trim()))
            """;

    private final Locator table;

    ChangeTable(Locator table) {
        this.table = table;
    }

    /** Each row: the field, the value before and the value after ("—" where there was none). */
    @SuppressWarnings("unchecked")
    public List<List<String>> rows() {
        return (List<List<String>>) table.evaluate(ROWS_JS);
    }

    /** Field → "before → after". */
    public Map<String, String> changes() {
        return rows().stream()
                .collect(Collectors.toMap(
                        r -> r.get(0), r -> r.get(1) + " → " + r.get(2), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    public String text() {
        return table.innerText();
    }
}
