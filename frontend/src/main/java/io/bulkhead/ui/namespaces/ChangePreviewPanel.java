package io.bulkhead.ui.namespaces;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import io.bulkhead.changes.ChangeKind;
import io.bulkhead.changes.ChangePreview;
import io.bulkhead.changes.WorkloadImpact;
import io.bulkhead.provisioning.QuotaUse;

/**
 * A change's preview: who decides and why, for a tier move the workloads that would fail and the API server's
 * dry-run warnings, the quota in use, and the object diff. The same for the requester and the reviewer.
 */
class ChangePreviewPanel extends Div {

    ChangePreviewPanel() {
        setId("chg-preview");
        setWidthFull();
    }

    void show(ChangePreview p) {
        removeAll();
        add(new H4("Preview"));
        Paragraph review = new Paragraph(
                p.reviewReason() == null
                        ? "Inside the tier's rules: approved automatically when submitted."
                        : "A security reviewer decides: " + p.reviewReason());
        review.setId("chg-preview-review");
        add(review);
        if (p.kind() == ChangeKind.TIER_MOVE) {
            if (p.workloads().isEmpty()) {
                Paragraph ok = new Paragraph("No running workload would fail the target tier's controls.");
                ok.setId("chg-preview-workloads-none");
                add(ok);
            } else {
                Span warn = new Span(
                        p.workloads().size() + " finding(s) on running workloads would fail after the" + " move:");
                warn.addClassName("field-error");
                Grid<WorkloadImpact> grid = new Grid<>(WorkloadImpact.class, false);
                grid.addColumn(WorkloadImpact::workload)
                        .setHeader("Workload")
                        .setWidth("14rem")
                        .setFlexGrow(0);
                grid.addColumn(WorkloadImpact::control)
                        .setHeader("Control")
                        .setWidth("13rem")
                        .setFlexGrow(0);
                grid.addColumn(WorkloadImpact::message).setHeader("What fails").setFlexGrow(1);
                grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
                grid.setItems(p.workloads());
                grid.setAllRowsVisible(true);
                grid.setId("chg-preview-workloads");
                grid.getElement().setAttribute("aria-label", "Workloads that would fail after the move");
                add(warn, grid);
            }
            if (p.dryRunProblem() != null) {
                add(new Paragraph(p.dryRunProblem()));
            } else {
                add(new H4("The API server says (dry-run of the new namespace labels)"));
                if (p.apiServerWarnings().isEmpty()) {
                    add(new Paragraph("No warnings: every existing pod is admitted by the new level."));
                } else {
                    UnorderedList list = new UnorderedList();
                    p.apiServerWarnings().forEach(w -> list.add(new ListItem(w)));
                    list.setId("chg-preview-warnings");
                    add(list);
                }
            }
        }
        if (!p.quotaUse().isEmpty()) {
            UnorderedList list = new UnorderedList();
            for (QuotaUse q : p.quotaUse()) {
                list.add(new ListItem(
                        q.resource() + ": " + (q.used() == null ? "unknown" : q.used()) + " of " + q.hard()));
            }
            list.setId("chg-preview-quota");
            add(new H4("Quota in use now"), list);
        }
        Pre diff = new Pre(p.objectDiff().isEmpty() ? "No object changes." : p.objectDiff());
        diff.addClassName("yaml");
        diff.setId("chg-preview-diff");
        diff.getElement().setAttribute("tabindex", "0");
        diff.getElement().setAttribute("aria-label", "Diff of the desired objects");
        diff.getStyle().set("max-height", "20rem").set("overflow", "auto");
        add(new H4("Object changes"), diff);
    }
}
