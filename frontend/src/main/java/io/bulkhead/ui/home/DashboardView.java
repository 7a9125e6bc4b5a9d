package io.bulkhead.ui.home;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Control;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.compliance.ScoreSummary;
import io.bulkhead.compliance.TrendPoint;
import io.bulkhead.exceptions.Controls;
import io.bulkhead.exceptions.ExceptionDebt;
import io.bulkhead.exceptions.ExceptionState;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
        if (!user.seesAllTeams() && !user.teams().isEmpty()) {
            add(myNamespaces(namespaces, compliance, clock), expiringSoon(exceptions, compliance, clock));
        }
        if (user.hasAny(Role.MANAGER, Role.ADMIN)) {
            add(teamScores(compliance));
        }
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

    /**
     * A developer's namespaces, lazily by page: name (opens its page), cluster, status, tier, score and the
     * controls that fail there. Scores and failing controls come in one query each per page, never per row.
     */
    private static Div myNamespaces(Namespaces namespaces, Compliance compliance, Clock clock) {
        H3 title = new H3("Your namespaces");
        title.setId("dash-my-ns-title");
        Grid<MyNamespace> grid = new Grid<>(MyNamespace.class, false);
        grid.addColumn(new ComponentRenderer<>(m -> {
                    Anchor a = new Anchor("namespaces/" + m.ns().id(), m.ns().name());
                    a.addClassName("dash-ns-link");
                    return a;
                }))
                .setHeader("Namespace")
                .setWidth("10rem")
                .setFlexGrow(1);
        grid.addColumn(m -> m.ns().cluster())
                .setHeader("Cluster")
                .setWidth("7rem")
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(m -> Badges.state(m.ns().state())))
                .setHeader("Status")
                .setWidth("8.5rem")
                .setFlexGrow(0);
        grid.addColumn(m -> m.ns().tier() + " v" + m.ns().tierVersion())
                .setHeader("Tier")
                .setWidth("8.5rem")
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(m -> {
                    if (m.score() == null) {
                        Span none = new Span("—");
                        none.getElement().setAttribute("title", "Not evaluated yet");
                        return none;
                    }
                    Span b = Badges.score(m.score().score());
                    b.getElement()
                            .setAttribute(
                                    "title",
                                    "Evaluated " + Times.exact(m.score().computedAt()));
                    return b;
                }))
                .setHeader("Score")
                .setWidth("5.5rem")
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(DashboardView::openFindings))
                .setHeader("Open findings")
                .setWidth("16rem")
                .setFlexGrow(2);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(
                q -> {
                    List<ManagedNamespace> page = namespaces.list(Namespaces.Filter.ALL, q.getOffset(), q.getLimit());
                    Map<UUID, NamespaceScore> scores = compliance.namespaceScores(ScoreFilter.ALL).stream()
                            .collect(Collectors.toMap(NamespaceScore::namespaceId, x -> x, (a, b) -> a));
                    Map<UUID, List<Control>> failing = compliance.failingControls(
                            page.stream().map(ManagedNamespace::id).toList());
                    return page.stream()
                            .map(n -> new MyNamespace(n, scores.get(n.id()), failing.getOrDefault(n.id(), List.of())));
                },
                q -> namespaces.count(Namespaces.Filter.ALL));
        grid.setEmptyStateText("Your teams have no namespace yet: request one.");
        grid.setPageSize(25);
        if (namespaces.count(Namespaces.Filter.ALL) <= 8) {
            grid.setAllRowsVisible(true);
        } else {
            grid.setHeight("24rem"); // many: scroll, and only the pages scrolled to are read
        }
        grid.setId("dash-my-ns");
        grid.getElement().setAttribute("aria-labelledby", "dash-my-ns-title");
        Div panel = new Div(title, grid);
        panel.addClassName("dash-panel");
        panel.setWidthFull();
        return panel;
    }

    /** One row of "Your namespaces": the namespace, its latest score (null before the first) and failing controls. */
    private record MyNamespace(
            ManagedNamespace ns, @Nullable NamespaceScore score, List<Control> failing) {}

    private static Component openFindings(MyNamespace m) {
        if (m.score() == null) {
            return new Span("");
        }
        if (m.failing().isEmpty()) {
            Span ok = new Span("None");
            ok.getStyle().set("color", "var(--lumo-success-text-color)");
            return ok;
        }
        int shown = Math.min(3, m.failing().size());
        String names =
                m.failing().subList(0, shown).stream().map(Control::title).collect(Collectors.joining(", "));
        Span s = new Span(m.score().failed() + " failed: " + names
                + (m.failing().size() > shown ? " and " + (m.failing().size() - shown) + " more controls" : ""));
        s.addClassName("dash-open-findings");
        return s;
    }

    /** A developer's exceptions in force that end within 7 days, soonest first, to renew or fix in time. */
    private static Div expiringSoon(PolicyExceptions exceptions, Compliance compliance, Clock clock) {
        H3 title = new H3("Exceptions ending soon");
        title.setId("dash-expiring-title");
        Instant now = clock.instant();
        Instant soon = now.plus(Duration.ofDays(7));
        List<PolicyException> ending =
                exceptions
                        .list(new PolicyExceptions.Filter(null, EnumSet.of(ExceptionState.ACTIVE), false), 0, 500)
                        .stream()
                        .filter(x -> x.expiresAt() != null && x.expiresAt().isBefore(soon))
                        .sorted(Comparator.comparing(PolicyException::expiresAt))
                        .toList();
        List<Control> catalog = compliance.controls();
        Div panel = new Div(title);
        if (ending.isEmpty()) {
            Paragraph none = new Paragraph("No exception of your teams ends within 7 days.");
            none.setId("dash-expiring-none");
            panel.add(none);
        } else {
            Grid<PolicyException> grid = new Grid<>(PolicyException.class, false);
            grid.addColumn(x -> Controls.title(x.control(), catalog))
                    .setHeader("Exception")
                    .setWidth("14rem")
                    .setFlexGrow(2);
            grid.addColumn(new ComponentRenderer<>(x -> new Anchor("namespaces/" + x.namespaceId(), x.namespace())))
                    .setHeader("Namespace")
                    .setWidth("11rem")
                    .setFlexGrow(1);
            grid.addColumn(Controls::scopeText)
                    .setHeader("Scope")
                    .setWidth("12rem")
                    .setFlexGrow(1);
            Times.addColumn(grid, PolicyException::expiresAt, clock, "")
                    .setHeader("Ends")
                    .setWidth("7rem")
                    .setFlexGrow(0);
            grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
            grid.setItems(ending);
            grid.setAllRowsVisible(true);
            grid.setId("dash-expiring");
            grid.getElement().setAttribute("aria-labelledby", "dash-expiring-title");
            panel.add(grid);
        }
        panel.add(new RouterLink("Open exceptions", ExceptionsView.class));
        panel.addClassName("dash-panel");
        panel.setWidthFull();
        return panel;
    }

    /** Managers and admins: each team's mean score now, with its namespaces and failed checks, lowest first. */
    private static Div teamScores(Compliance compliance) {
        H3 title = new H3("Scores by team");
        title.setId("dash-team-scores-title");
        List<ScoreSummary> teamsNow = compliance.scores(ScoreFilter.ALL, ScoreFilter.GroupBy.TEAM).stream()
                .sorted(Comparator.comparing(ScoreSummary::score).thenComparing(ScoreSummary::key))
                .toList();
        Grid<ScoreSummary> grid = new Grid<>(ScoreSummary.class, false);
        grid.addColumn(ScoreSummary::key).setHeader("Team").setWidth("10rem").setFlexGrow(1);
        grid.addColumn(new ComponentRenderer<>(x -> Badges.score(x.score())))
                .setHeader("Score")
                .setWidth("6rem")
                .setFlexGrow(0);
        grid.addColumn(ScoreSummary::namespaces)
                .setHeader("Namespaces")
                .setWidth("7rem")
                .setFlexGrow(0);
        grid.addColumn(ScoreSummary::failed)
                .setHeader("Failed checks")
                .setWidth("8rem")
                .setFlexGrow(0);
        grid.addColumn(ScoreSummary::waived)
                .setHeader("Excepted")
                .setWidth("7rem")
                .setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(teamsNow);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No team has a scored namespace yet.");
        grid.setId("dash-team-scores");
        grid.getElement().setAttribute("aria-labelledby", "dash-team-scores-title");
        Div panel = new Div(title, grid, new RouterLink("Open the score dashboard", ComplianceDashboardView.class));
        panel.addClassName("dash-panel");
        panel.setWidthFull();
        return panel;
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
