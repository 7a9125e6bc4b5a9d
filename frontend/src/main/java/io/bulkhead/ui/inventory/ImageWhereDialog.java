package io.bulkhead.ui.inventory;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import io.bulkhead.inventory.ImageRef;
import io.bulkhead.inventory.ImageUsage;
import io.bulkhead.inventory.ImageUsages;
import io.bulkhead.inventory.InventoryQueries;
import io.bulkhead.ui.components.Notices;
import java.util.Locale;

/** The answer to "where does this image run": every container running it, in every cluster the user may see. */
final class ImageWhereDialog extends Dialog {

    ImageWhereDialog(ImageUsages result) {
        setId("inventory-where-dialog");
        setHeaderTitle("Where does " + result.pattern().display() + " run?");
        setWidth("min(72rem, 95vw)");
        setResizable(true);
        setDraggable(true);
        getElement()
                .setAttribute(
                        "aria-label", "Where the image " + result.pattern().display() + " runs");

        Span summary = new Span(summary(result));
        summary.setId("inventory-where-summary");
        summary.getElement().setAttribute("role", "status");
        VerticalLayout body = new VerticalLayout(summary);
        body.setPadding(false);
        if (result.truncated()) {
            Paragraph more = new Paragraph("More than " + InventoryQueries.MAX_USAGE_WORKLOADS
                    + " workloads run it: only the first are listed. Add a tag or digest to narrow it down.");
            more.addClassName("ns-muted");
            body.add(more);
        }
        if (result.usages().isEmpty()) {
            body.add(Notices.emptyState(
                    VaadinIcon.SEARCH,
                    "Not running anywhere you can see",
                    "No container in your namespaces runs this image. A repository without tag matches every tag;"
                            + " check the spelling, or leave out the tag."));
        } else {
            Grid<ImageUsage> grid = new Grid<>(ImageUsage.class, false);
            grid.addColumn(ImageUsage::cluster).setHeader("Cluster").setAutoWidth(true);
            grid.addColumn(ImageUsage::team).setHeader("Team").setAutoWidth(true);
            grid.addColumn(ImageUsage::namespace).setHeader("Namespace").setAutoWidth(true);
            grid.addColumn(u -> u.kind() + "/" + u.workload())
                    .setHeader("Workload")
                    .setAutoWidth(true);
            grid.addColumn(u -> u.container() + (u.init() ? " (init)" : ""))
                    .setHeader("Container")
                    .setAutoWidth(true);
            grid.addColumn(new ComponentRenderer<>(u -> imageLabel(u.image())))
                    .setHeader("Image")
                    .setAutoWidth(true)
                    .setFlexGrow(1);
            grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
            grid.setItems(result.usages());
            grid.setAllRowsVisible(result.usages().size() <= 12);
            if (result.usages().size() > 12) {
                grid.setHeight("28rem");
            }
            grid.setId("inventory-where-grid");
            grid.getElement()
                    .setAttribute(
                            "aria-label",
                            "Containers running " + result.pattern().display());
            body.add(grid);
        }
        add(body);
        Button close = new Button("Close", e -> close());
        close.setId("inventory-where-close");
        getFooter().add(close);
    }

    private static String summary(ImageUsages r) {
        int containers = r.usages().size();
        long workloads = r.workloads();
        long clusters = r.usages().stream().map(ImageUsage::cluster).distinct().count();
        long namespaces = r.usages().stream()
                .map(u -> u.cluster() + "/" + u.namespace())
                .distinct()
                .count();
        if (containers == 0) {
            return "Not running in any namespace you can see.";
        }
        return String.format(
                Locale.ROOT,
                "%d %s in %d %s, %d %s, %d %s.",
                containers,
                containers == 1 ? "container" : "containers",
                workloads,
                workloads == 1 ? "workload" : "workloads",
                namespaces,
                namespaces == 1 ? "namespace" : "namespaces",
                clusters,
                clusters == 1 ? "cluster" : "clusters");
    }

    /** The image's reference in full, monospaced, with a digest shortened to 12 hex digits. */
    static Span imageLabel(ImageRef image) {
        Span s = new Span(InventoryView.shortImage(image));
        s.getElement().setAttribute("title", image.reference());
        s.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        s.getStyle().set("font-size", "var(--lumo-font-size-s)");
        return s;
    }
}
