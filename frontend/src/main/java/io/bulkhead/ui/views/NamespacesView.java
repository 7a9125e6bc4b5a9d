package io.bulkhead.ui.views;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.ui.Notices;
import jakarta.annotation.security.PermitAll;

/** Namespaces: shows an honest empty state until its feature lands. */
@Route("namespaces")
@PageTitle("Namespaces · Bulkhead")
@PermitAll
class NamespacesView extends VerticalLayout {
    NamespacesView() {
        addClassName("view");
        add(new H2("Namespaces"));
        add(
                Notices.emptyState(
                        VaadinIcon.CUBES,
                        "No namespaces yet",
                        "Requesting a namespace arrives with provisioning. Each team's namespaces, their tier, status and score will be listed here."));
    }
}
