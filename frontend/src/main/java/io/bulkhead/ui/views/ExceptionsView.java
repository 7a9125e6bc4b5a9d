package io.bulkhead.ui.views;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.ui.Notices;
import jakarta.annotation.security.PermitAll;

/** Exceptions: shows an honest empty state until its feature lands. */
@Route("exceptions")
@PageTitle("Exceptions · Bulkhead")
@PermitAll
class ExceptionsView extends VerticalLayout {
    ExceptionsView() {
        addClassName("view");
        add(new H2("Exceptions"));
        add(
                Notices.emptyState(
                        VaadinIcon.SHIELD,
                        "No exceptions",
                        "Requests for time-limited exceptions and the reviewers' queue will appear here once the exceptions workflow is enabled."));
    }
}
