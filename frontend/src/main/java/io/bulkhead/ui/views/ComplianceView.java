package io.bulkhead.ui.views;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.ui.Notices;
import jakarta.annotation.security.PermitAll;

/** Compliance: shows an honest empty state until its feature lands. */
@Route("compliance")
@PageTitle("Compliance · Bulkhead")
@PermitAll
class ComplianceView extends VerticalLayout {
    ComplianceView() {
        addClassName("view");
        add(new H2("Compliance"));
        add(
                Notices.emptyState(
                        VaadinIcon.CHART,
                        "No compliance scores yet",
                        "Scores are computed from the live cluster state of provisioned namespaces. There are none yet, so there is nothing to score."));
    }
}
