package io.bulkhead.ui.namespaces;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Texts;
import io.bulkhead.ui.components.Times;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.List;

/** Namespace requests waiting for a security reviewer, oldest first. */
@Route("reviews")
@PageTitle("Reviews · Bulkhead")
@RolesAllowed({"REVIEWER", "ADMIN"})
public class ReviewsView extends VerticalLayout {

    ReviewsView(Namespaces namespaces, io.bulkhead.changes.NamespaceChanges changes, Clock clock) {
        addClassName("view");
        setSizeFull();
        add(new H2("Review queue"));
        add(new ChangeQueue(changes, clock));
        List<ManagedNamespace> queue = namespaces.reviewQueue();
        if (queue.isEmpty()) {
            add(Notices.emptyState(
                    VaadinIcon.CHECK_CIRCLE_O,
                    "Nothing is waiting for review",
                    "Namespace requests outside their tier's defaults appear here, oldest first."));
            Grid<ManagedNamespace> empty = new Grid<>(ManagedNamespace.class, false);
            empty.setVisible(false);
            empty.setId("review-queue");
            add(empty);
            return;
        }
        add(new Paragraph(queue.size() + (queue.size() == 1 ? " request is" : " requests are")
                + " waiting. You cannot decide on requests you made yourself."));
        Grid<ManagedNamespace> grid = new Grid<>(ManagedNamespace.class, false);
        Times.addColumn(grid, ManagedNamespace::requestedAt, clock, "")
                .setHeader("Waiting")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(ManagedNamespace::name).setHeader("Namespace").setAutoWidth(true);
        grid.addColumn(ManagedNamespace::team).setHeader("Team").setAutoWidth(true);
        grid.addColumn(ns -> ns.tier() + " v" + ns.tierVersion())
                .setHeader("Tier")
                .setAutoWidth(true);
        grid.addColumn(ManagedNamespace::cluster).setHeader("Cluster").setAutoWidth(true);
        grid.addColumn(ManagedNamespace::quotaPreset).setHeader("Quota").setAutoWidth(true);
        grid.addColumn(ManagedNamespace::requestedByName)
                .setHeader("Requested by")
                .setAutoWidth(true);
        grid.addColumn(ns -> Texts.orEmpty(ns.reviewReason()))
                .setHeader("Why reviewed")
                .setFlexGrow(1);
        grid.addColumn(new ComponentRenderer<>(ns -> {
                    Button open = new Button("Open", VaadinIcon.ARROW_RIGHT.create(), e -> open(ns));
                    open.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    open.setAriaLabel("Open the request for " + ns.name() + " of team " + ns.team());
                    return open;
                }))
                .setHeader("")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(queue);
        grid.addItemClickListener(e -> open(e.getItem()));
        grid.setId("review-queue");
        grid.getElement().setAttribute("aria-label", "Namespace requests waiting for review, oldest first");
        grid.setSizeFull();
        add(grid);
        setFlexGrow(1, grid);
    }

    private void open(ManagedNamespace ns) {
        getUI().ifPresent(ui -> ui.navigate(
                NamespaceDetailView.class, new RouteParameters("id", ns.id().toString())));
    }
}
