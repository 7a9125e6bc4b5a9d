package io.bulkhead.ui.components;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import io.bulkhead.provisioning.BudgetUse;

/**
 * A team's use against its budget in one cluster: a row per resource (CPU, memory, storage, namespaces) with what
 * its live namespaces' quotas hold, the budget and a bar; "no limit" where the budget sets none.
 */
public final class BudgetBars {
    private BudgetBars() {}

    public static Div of(BudgetUse use, String id) {
        Div box = new Div();
        box.setId(id);
        box.getStyle()
                .set("display", "grid")
                .set("grid-template-columns", "minmax(7rem, max-content) minmax(8rem, 14rem) max-content")
                .set("gap", "0.25rem 1rem")
                .set("align-items", "center");
        for (BudgetUse.Line l : use.lines()) {
            Span name = new Span(l.resource());
            name.getElement().setAttribute("title", l.quotaKey());
            ProgressBar bar = new ProgressBar(0, 100, l.percent() < 0 ? 0 : Math.min(100, l.percent()));
            bar.getElement()
                    .setAttribute(
                            "aria-label", l.resource() + " of team " + use.teamName() + " in cluster " + use.cluster());
            if (l.percent() > 100) {
                bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
            } else if (l.percent() >= 90) {
                bar.addThemeVariants(ProgressBarVariant.LUMO_CONTRAST);
            }
            Span text = new Span(
                    l.limit() == null
                            ? l.used() + " (no limit)"
                            : l.used() + " of " + l.limit() + " (" + l.percent() + " %)");
            text.addClassName("budget-" + l.quotaKey().replace('.', '-'));
            if (l.percent() > 100) {
                text.getStyle().set("color", "var(--lumo-error-text-color)");
            }
            box.add(name, bar, text);
        }
        return box;
    }

    /** One line of text for a grid cell: "12 of 16" or "12 (no limit)". */
    public static String cell(BudgetUse.Line l) {
        return l.limit() == null ? l.used() + " (no limit)" : l.used() + " of " + l.limit();
    }
}
