package io.bulkhead.ui.teams;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.provisioning.BudgetUse;
import io.bulkhead.provisioning.TeamBudgets;
import io.bulkhead.ui.components.BudgetBars;
import jakarta.annotation.security.PermitAll;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Teams: per team the user may see (developers their own; reviewers, managers and admins all), what its live
 * namespaces hold in each cluster against its budget there. Admins set budgets on the admin page.
 */
@Route("teams")
@PageTitle("Teams · Bulkhead")
@PermitAll
class TeamsView extends VerticalLayout {

    TeamsView(TeamBudgets budgets, Clusters clusters) {
        addClassName("view");
        setId("teams-view");
        setMaxWidth("1200px");
        add(new H2("Teams"));
        add(new Paragraph("Quota budgets per cluster: what the team's live namespaces hold (the sums of their"
                + " ResourceQuotas' requests.cpu, requests.memory and requests.storage, and their number) against"
                + " the budget an admin set. Requests and quota changes that fit are approved automatically where"
                + " the tier allows it; the rest go to a reviewer."));
        Map<String, String> clusterNames = new HashMap<>();
        clusters.list().forEach(c -> clusterNames.put(c.name(), c.displayName()));
        Map<String, List<BudgetUse>> byTeam = new LinkedHashMap<>();
        for (BudgetUse u : budgets.visible()) {
            byTeam.computeIfAbsent(u.teamName() + "\u0000" + u.team(), k -> new java.util.ArrayList<>())
                    .add(u);
        }
        if (byTeam.isEmpty()) {
            Span empty = new Span("None of your teams has a budget or a namespace yet.");
            empty.setId("teams-empty");
            add(empty);
            return;
        }
        for (List<BudgetUse> uses : byTeam.values()) {
            BudgetUse first = uses.getFirst();
            Div card = new Div();
            card.setId("team-" + first.team());
            card.getStyle()
                    .set("border", "1px solid var(--lumo-contrast-10pct)")
                    .set("border-radius", "var(--lumo-border-radius-l)")
                    .set("padding", "var(--lumo-space-m)")
                    .set("width", "100%")
                    .set("box-sizing", "border-box");
            card.add(new H3(first.teamName()));
            for (BudgetUse u : uses) {
                String where = clusterNames.getOrDefault(u.cluster(), u.cluster());
                H4 head = new H4("Cluster " + where + (u.budget() == null ? " — no budget" : ""));
                card.add(head, BudgetBars.of(u, "team-budget-" + u.team() + "-" + u.cluster()));
                if (u.over()) {
                    Span over =
                            new Span("Above the budget: a reviewer approved an overrun, or the budget was lowered.");
                    over.getStyle().set("color", "var(--lumo-error-text-color)");
                    card.add(over);
                }
            }
            add(card);
        }
    }
}
