package io.bulkhead.ui.views;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.ui.Notices;
import jakarta.annotation.security.PermitAll;

/** Inventory: shows an honest empty state until its feature lands. */
@Route("inventory")
@PageTitle("Inventory · Bulkhead")
@PermitAll
class InventoryView extends VerticalLayout {
    InventoryView() {
        addClassName("view");
        add(new H2("Inventory"));
        add(
                Notices.emptyState(
                        VaadinIcon.LIST,
                        "Inventory not synced yet",
                        "Workloads, images and network policies of your teams' namespaces appear here once clusters are synced."));
    }
}
