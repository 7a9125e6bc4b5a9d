package io.bulkhead.ui.views;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.Tiers;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/** Landing page: what exists for this user right now. Only real counts; no made-up numbers. */
@Route("")
@PageTitle("Dashboard · Bulkhead")
@PermitAll
class DashboardView extends VerticalLayout {

    DashboardView(CurrentUsers users, Teams teams, Clusters clusters, Tiers tiers, AuditLog audit) {
        addClassName("view");
        CurrentUser user = users.require();
        add(new H2("Welcome, " + user.displayName()));
        add(new Paragraph(
                user.seesAllTeams()
                        ? "You see every team's namespaces and events as "
                                + user.primaryRoleLabel().toLowerCase() + "."
                        : "You act for "
                                + (user.teams().isEmpty() ? "no team yet" : "team " + String.join(", ", user.teams()))
                                + "."));
        List<ClusterSummary> cs = clusters.list();
        long reachable = cs.stream().filter(c -> c.status().equals("REACHABLE")).count();
        Div cards = new Div(
                card(
                        "Teams",
                        String.valueOf(teams.visible().size()),
                        user.seesAllTeams() ? "registered" : "you belong to"),
                card("Clusters", String.valueOf(cs.size()), reachable + " reachable"),
                card("Security tiers", String.valueOf(tiers.list().size()), "published"),
                card("Audit events", String.valueOf(audit.count(AuditFilter.ALL)), "visible to you"));
        cards.addClassName("cards");
        cards.setWidthFull();
        add(cards);
    }

    private static Div card(String title, String value, String caption) {
        Span v = new Span(value);
        v.addClassName("metric");
        Div c = new Div(new H3(title), v, new Paragraph(caption));
        c.addClassName("card");
        c.getElement().setAttribute("aria-label", title + ": " + value + " " + caption);
        return c;
    }
}
