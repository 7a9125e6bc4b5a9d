package io.bulkhead.ui.namespaces;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.RouteParameters;
import io.bulkhead.changes.NamespaceChange;
import io.bulkhead.changes.NamespaceChanges;
import io.bulkhead.ui.components.Texts;
import io.bulkhead.ui.components.Times;
import java.time.Clock;
import java.util.List;

/** Change requests of live namespaces waiting for a reviewer, oldest first; open one on its namespace page. */
class ChangeQueue extends VerticalLayout {

    ChangeQueue(NamespaceChanges changes, Clock clock) {
        setPadding(false);
        setId("change-queue-section");
        List<NamespaceChange> queue = changes.reviewQueue();
        H3 title = new H3("Namespace changes");
        add(title);
        Grid<NamespaceChange> grid = new Grid<>(NamespaceChange.class, false);
        grid.setId("change-queue");
        if (queue.isEmpty()) {
            Paragraph none = new Paragraph("No change request is waiting.");
            none.setId("change-queue-empty");
            add(none);
            return;
        }
        Times.addColumn(grid, NamespaceChange::requestedAt, clock, "")
                .setHeader("Waiting")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(NamespaceChange::namespace).setHeader("Namespace").setAutoWidth(true);
        grid.addColumn(NamespaceChange::team).setHeader("Team").setAutoWidth(true);
        grid.addColumn(NamespaceChange::summary).setHeader("Change").setAutoWidth(true);
        grid.addColumn(NamespaceChange::requestedByName)
                .setHeader("Requested by")
                .setAutoWidth(true);
        grid.addColumn(c -> Texts.orEmpty(c.reviewReason()))
                .setHeader("Why reviewed")
                .setFlexGrow(1);
        grid.addColumn(new ComponentRenderer<>(c -> {
                    Button open = new Button("Open", VaadinIcon.ARROW_RIGHT.create(), e -> open(c));
                    open.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    open.setAriaLabel("Open the change of " + c.namespace() + " of team " + c.team());
                    return open;
                }))
                .setHeader("")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(queue);
        grid.setAllRowsVisible(true);
        grid.addItemClickListener(e -> open(e.getItem()));
        grid.getElement().setAttribute("aria-label", "Namespace change requests waiting for review, oldest first");
        add(grid);
    }

    private void open(NamespaceChange c) {
        getUI().ifPresent(ui -> ui.navigate(
                NamespaceDetailView.class,
                new RouteParameters("id", c.namespaceId().toString())));
    }
}
