package io.bulkhead.ui.home;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.compliance.ScoreSummary;
import io.bulkhead.compliance.TrendPoint;
import io.bulkhead.exceptions.ExceptionDebt;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.admin.AdminView;
import io.bulkhead.ui.audit.AuditView;
import io.bulkhead.ui.compliance.ComplianceDashboardView;
import io.bulkhead.ui.compliance.ComplianceView;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.Cards;
import io.bulkhead.ui.components.Chart;
import io.bulkhead.ui.components.Charts;
import io.bulkhead.ui.components.Times;
import io.bulkhead.ui.exceptions.ExceptionsView;
import io.bulkhead.ui.namespaces.NamespaceRequestView;
import io.bulkhead.ui.namespaces.NamespacesView;
import io.bulkhead.ui.namespaces.ReviewsView;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

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
            Compliance compliance,
            PolicyExceptions exceptions,
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
                Cards.metric(
                        "Teams",
                        String.valueOf(teams.visible().size()),
                        user.seesAllTeams() ? "registered" : "you belong to"),
                Cards.metric("Clusters", String.valueOf(cs.size()), reachable + " reachable"),
                Cards.metric("Security tiers", String.valueOf(tiers.list().size()), "published"),
                Cards.metric("Audit events", String.valueOf(audit.count(AuditFilter.ALL)), "visible to you"));
        cards.addClassNames("cards", "card-grid");
        cards.setWidthFull();

        Div mine = new Div();
        mine.addClassNames("cards", "card-grid");
        mine.setWidthFull();
        Map<NamespaceState, Integer> byState = countByState(namespaces);
        int total = byState.values().stream().mapToInt(Integer::intValue).sum();
        if (!user.seesAllTeams() && !user.teams().isEmpty()) {
            Div c = Cards.metric("My namespaces", String.valueOf(total), breakdown(byState));
            c.setId("dash-my-namespaces");
            c.add(new RouterLink(
                    total == 0 ? "Request one" : "Open the list",
                    total == 0 ? NamespaceRequestView.class : NamespacesView.class));
            mine.add(c);
            int waiting = byState.getOrDefault(NamespaceState.REQUESTED, 0);
            Div p = Cards.metric("Pending requests", String.valueOf(waiting), "waiting for a security reviewer");
            p.setId("dash-pending");
            mine.add(p);
        } else {
            Div c = Cards.metric("Namespaces", String.valueOf(total), "all teams: " + breakdown(byState));
            c.setId("dash-namespaces");
            c.add(new RouterLink("Open the list", NamespacesView.class));
            mine.add(c);
        }
        if (user.hasAny(Role.REVIEWER, Role.ADMIN)) {
            List<ManagedNamespace> queue = namespaces.reviewQueue();
            mine.add(queueCard(
                    "dash-review-queue",
                    "Namespaces to review",
                    queue.size(),
                    queue.isEmpty() ? null : queue.getFirst().requestedAt(),
                    clock,
                    new RouterLink("Open the review queue", ReviewsView.class)));
            List<PolicyException> pending = exceptions.reviewQueue();
            mine.add(queueCard(
                    "dash-exception-queue",
                    "Exceptions to decide",
                    pending.size(),
                    pending.isEmpty() ? null : pending.getFirst().requestedAt(),
                    clock,
                    new RouterLink("Open exceptions", ExceptionsView.class)));
        }
        mine.add(complianceCard(user, compliance), exceptionsCard(exceptions));
        add(mine);
        if (user.has(Role.ADMIN)) {
            add(operations(cs, byState, audit, clock));
        }
        if (user.hasAny(Role.MANAGER, Role.ADMIN)) {
            add(teamTrend(compliance));
        }
        add(cards);
    }

    /** The mean score of the namespaces the user sees, the failed checks and the weakest namespace to look at. */
    private static Div complianceCard(CurrentUser user, Compliance compliance) {
        List<NamespaceScore> scores = compliance.namespaceScores(ScoreFilter.ALL);
        Div c;
        if (scores.isEmpty()) {
            c = Cards.metric("Compliance score", "—", "no namespace scored yet");
        } else {
            ScoreSummary sum = ScoreSummary.of("", scores);
            NamespaceScore lowest = scores.stream()
                    .min(Comparator.comparing(NamespaceScore::score).thenComparing(NamespaceScore::namespace))
                    .orElseThrow();
            c = Cards.metric(
                    "Compliance score",
                    sum.score().toPlainString(),
                    sum.namespaces() + (sum.namespaces() == 1 ? " namespace · " : " namespaces · ") + sum.failed()
                            + " failed checks · lowest " + lowest.namespace() + " ("
                            + lowest.score().toPlainString() + ")");
            RouterLink findings = new RouterLink("See the findings of " + lowest.namespace(), ComplianceView.class);
            findings.setQueryParameters(ComplianceView.drillDown(lowest.namespaceId()));
            c.add(findings);
        }
        c.setId("dash-compliance");
        if (user.hasAny(Role.MANAGER, Role.REVIEWER, Role.ADMIN)) {
            c.add(new Div(new RouterLink("Open the score dashboard", ComplianceDashboardView.class)));
        }
        return c;
    }

    /** Open exceptions of the teams the user sees: in force, waiting for a decision, and ending within 7 days. */
    private static Div exceptionsCard(PolicyExceptions exceptions) {
        List<ExceptionDebt> debt = exceptions.debt();
        int inForce = debt.stream().mapToInt(ExceptionDebt::inForce).sum();
        int pending = debt.stream().mapToInt(ExceptionDebt::pending).sum();
        int expiring = debt.stream().mapToInt(ExceptionDebt::expiringIn7Days).sum();
        Div c = Cards.metric(
                "Exceptions in force",
                String.valueOf(inForce),
                pending + " waiting for a decision · " + expiring + " ending within 7 days");
        c.setId("dash-exceptions");
        c.add(new RouterLink("Open exceptions", ExceptionsView.class));
        return c;
    }

    /** Admins: cluster health, the reconcile backlog and the drift repaired in the last 24 hours. */
    private static Div operations(
            List<ClusterSummary> cs, Map<NamespaceState, Integer> byState, AuditLog audit, Clock clock) {
        List<String> down = cs.stream()
                .filter(c -> !c.status().equals("REACHABLE"))
                .map(ClusterSummary::name)
                .toList();
        Div health = Cards.metric(
                "Cluster health",
                (cs.size() - down.size()) + " / " + cs.size(),
                cs.isEmpty()
                        ? "no cluster registered yet"
                        : down.isEmpty() ? "all reachable" : "not reachable: " + String.join(", ", down));
        health.setId("dash-cluster-health");
        health.add(new RouterLink("Manage clusters", AdminView.class));

        int waiting = Stream.of(NamespaceState.APPROVED, NamespaceState.PROVISIONING, NamespaceState.DECOMMISSIONING)
                .mapToInt(st -> byState.getOrDefault(st, 0))
                .sum();
        int failed = byState.getOrDefault(NamespaceState.FAILED, 0);
        Div backlog = Cards.metric(
                "Reconcile backlog",
                String.valueOf(waiting + failed),
                waiting + " being provisioned or deleted · " + failed + " failed");
        backlog.setId("dash-reconcile-backlog");
        backlog.add(new RouterLink("Open namespaces", NamespacesView.class));

        int drift = audit.count(new AuditFilter(
                clock.instant().minus(java.time.Duration.ofHours(24)),
                null,
                null,
                "namespace.drift-repaired",
                null,
                null));
        Div drifted = Cards.metric(
                "Drift repaired", String.valueOf(drift), "objects changed in a cluster and set back, last 24 hours");
        drifted.setId("dash-drift");
        drifted.add(new RouterLink("Open the audit trail", AuditView.class));

        Div ops = new Div(health, backlog, drifted);
        ops.addClassNames("cards", "card-grid");
        ops.setWidthFull();
        return ops;
    }

    /** Managers and admins: the daily score of each team over the last 30 days. */
    private static Div teamTrend(Compliance compliance) {
        Map<String, List<TrendPoint>> trends = compliance.trendBy(ScoreFilter.ALL, ScoreFilter.GroupBy.TEAM, 30);
        H3 title = new H3("Score by team, last 30 days");
        Div panel;
        if (trends.isEmpty()) {
            Paragraph empty = new Paragraph("No scores yet: the trend starts with the first evaluated namespace.");
            panel = new Div(title, empty);
        } else {
            Chart chart = new Chart("dash-team-trend");
            Charts.drawTrend(chart, trends, "team", 30);
            panel = new Div(title, chart);
        }
        panel.addClassName("chart-panel");
        panel.setWidthFull();
        return panel;
    }

    /** A review queue: how many wait and how long the oldest has (queues are oldest first). */
    private static Div queueCard(
            String id, String title, int size, java.time.@Nullable Instant oldest, Clock clock, RouterLink open) {
        Div c = Cards.metric(
                title,
                String.valueOf(size),
                oldest == null ? "nothing waiting" : "oldest requested " + Times.relative(oldest, clock.instant()));
        c.setId(id);
        c.add(open);
        return c;
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
                .map(e -> e.getValue() + " " + Badges.stateLabel(e.getKey()).toLowerCase())
                .collect(Collectors.joining(" · "));
    }
}
