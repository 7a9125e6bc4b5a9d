package io.bulkhead.ui.views;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.Tiers;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Landing page: what exists for this user right now. Only real counts; no made-up numbers. */
@Route("")
@PageTitle("Dashboard · Bulkhead")
@PermitAll
class DashboardView extends VerticalLayout {

    DashboardView(
            CurrentUsers users,
            Teams teams,
            Clusters clusters,
            Tiers tiers,
            AuditLog audit,
            Namespaces namespaces,
            Clock clock) {
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
                NsUi.card(
                        "Teams",
                        String.valueOf(teams.visible().size()),
                        user.seesAllTeams() ? "registered" : "you belong to"),
                NsUi.card("Clusters", String.valueOf(cs.size()), reachable + " reachable"),
                NsUi.card("Security tiers", String.valueOf(tiers.list().size()), "published"),
                NsUi.card("Audit events", String.valueOf(audit.count(AuditFilter.ALL)), "visible to you"));
        cards.addClassName("cards");
        cards.setWidthFull();

        Div mine = new Div();
        mine.addClassName("cards");
        mine.setWidthFull();
        if (!user.seesAllTeams() && !user.teams().isEmpty()) {
            Map<NamespaceState, Integer> byState = countByState(namespaces);
            int total = byState.values().stream().mapToInt(Integer::intValue).sum();
            Div c = NsUi.card("My namespaces", String.valueOf(total), breakdown(byState));
            c.setId("dash-my-namespaces");
            c.add(new RouterLink(
                    total == 0 ? "Request one" : "Open the list",
                    total == 0 ? NamespaceRequestView.class : NamespacesView.class));
            mine.add(c);
            int waiting = byState.getOrDefault(NamespaceState.REQUESTED, 0);
            Div p = NsUi.card("Pending requests", String.valueOf(waiting), "waiting for a security reviewer");
            p.setId("dash-pending");
            mine.add(p);
        } else {
            Map<NamespaceState, Integer> byState = countByState(namespaces);
            int total = byState.values().stream().mapToInt(Integer::intValue).sum();
            Div c = NsUi.card("Namespaces", String.valueOf(total), "all teams: " + breakdown(byState));
            c.setId("dash-namespaces");
            c.add(new RouterLink("Open the list", NamespacesView.class));
            mine.add(c);
        }
        if (user.hasAny(Role.REVIEWER, Role.ADMIN)) {
            List<ManagedNamespace> queue = namespaces.reviewQueue();
            Div r = NsUi.card(
                    "Waiting for review",
                    String.valueOf(queue.size()),
                    queue.isEmpty()
                            ? "nothing waiting"
                            : "oldest requested " + NsUi.ago(queue.getFirst().requestedAt(), clock.instant()));
            r.setId("dash-review-queue");
            r.add(new RouterLink("Open the review queue", ReviewsView.class));
            mine.add(r);
        }
        add(mine, cards);
    }

    private static Map<NamespaceState, Integer> countByState(Namespaces namespaces) {
        Map<NamespaceState, Integer> m = new EnumMap<>(NamespaceState.class);
        for (NamespaceState s : NamespaceState.values()) {
            int n = namespaces.count(new Namespaces.Filter(null, null, null, Set.of(s), null));
            if (n > 0) {
                m.put(s, n);
            }
        }
        return m;
    }

    private static String breakdown(Map<NamespaceState, Integer> byState) {
        if (byState.isEmpty()) {
            return "none yet";
        }
        return byState.entrySet().stream()
                .map(e -> e.getValue() + " " + NsUi.stateLabel(e.getKey()).toLowerCase())
                .collect(Collectors.joining(" · "));
    }
}
