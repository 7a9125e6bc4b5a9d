package io.bulkhead.ui.compliance;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.ControlFailures;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.compliance.ScoreSummary;
import io.bulkhead.compliance.TeamReadiness;
import io.bulkhead.compliance.TrendPoint;
import io.bulkhead.exceptions.ExceptionDebt;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.platform.Csv;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.Cards;
import io.bulkhead.ui.components.Chart;
import io.bulkhead.ui.components.Charts;
import io.bulkhead.ui.components.Downloads;
import io.bulkhead.ui.components.Notices;
import jakarta.annotation.security.PermitAll;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The manager dashboard: scores by team, cluster or tier now and over 7/30/90/365 days (catalog changes marked on
 * the trend), the controls failing in the most namespaces, per team the namespaces ready for the restricted tier,
 * exception debt per team, and the namespaces with the lowest score (drill-down to their findings). Every table has a CSV export; every chart has the same figures in a table. Developers see their teams
 * only (the services decide).
 */
@Route("compliance/dashboard")
@PageTitle("Compliance dashboard · Bulkhead")
@PermitAll
public class ComplianceDashboardView extends VerticalLayout {
    private final Compliance compliance;
    private final PolicyExceptions exceptions;
    private final Select<ScoreFilter.GroupBy> groupBy = new Select<>();
    private final RadioButtonGroup<Integer> period = new RadioButtonGroup<>("Period");
    private final ComboBox<Team> team = new ComboBox<>("Team");
    private final ComboBox<TierSummary> tier = new ComboBox<>("Tier");
    private final Div cards = new Div();
    private final Chart scoreChart = new Chart("dash-score-chart");
    private final Chart trendChart = new Chart("dash-trend-chart");
    private final Grid<ScoreSummary> summaryGrid = new Grid<>(ScoreSummary.class, false);
    private final Grid<ControlFailures> controlGrid = new Grid<>(ControlFailures.class, false);
    private final Grid<ExceptionDebt> debtGrid = new Grid<>(ExceptionDebt.class, false);
    private final Grid<NamespaceScore> namespaceGrid = new Grid<>(NamespaceScore.class, false);
    private final Grid<TeamReadiness> readinessGrid = new Grid<>(TeamReadiness.class, false);
    private final H3 trendTitle = new H3();
    private List<ScoreSummary> summaries = List.of();
    private Map<String, List<TrendPoint>> trends = Map.of();
    private List<ControlFailures> failing = List.of();
    private List<ExceptionDebt> debt = List.of();
    private List<NamespaceScore> namespaces = List.of();
    private List<TeamReadiness> readiness = List.of();

    /** The tier the readiness section counts namespaces ready for. */
    static final String READY_FOR = "restricted";

    ComplianceDashboardView(Compliance compliance, PolicyExceptions exceptions, Teams teams, Tiers tiers) {
        this.compliance = compliance;
        this.exceptions = exceptions;
        addClassName("view");
        setWidthFull();
        H2 title = new H2("Compliance dashboard");
        RouterLink findings = new RouterLink("Findings by namespace", ComplianceView.class);
        HorizontalLayout head = new HorizontalLayout(title, findings);
        head.setWidthFull();
        head.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(head);

        if (compliance.namespaceScores(ScoreFilter.ALL).isEmpty()) {
            Div empty = Notices.emptyState(
                    VaadinIcon.CHART,
                    "No compliance scores yet",
                    "Scores appear once namespaces are provisioned and their cluster is synced. Their history starts then and is kept for 400 days.");
            empty.setId("dash-empty");
            add(empty);
            return;
        }

        groupBy.setLabel("Group by");
        groupBy.setItems(ScoreFilter.GroupBy.values());
        groupBy.setItemLabelGenerator(
                g -> g.name().charAt(0) + g.name().substring(1).toLowerCase(Locale.ROOT));
        groupBy.setValue(ScoreFilter.GroupBy.TEAM);
        groupBy.setId("dash-group-by");
        period.setItems(7, 30, 90, 365);
        period.setItemLabelGenerator(d -> d + " days");
        period.setValue(30);
        period.addThemeVariants(RadioGroupVariant.LUMO_HELPER_ABOVE_FIELD);
        period.setId("dash-period");
        team.setItems(teams.visible());
        team.setItemLabelGenerator(Team::displayName);
        team.setClearButtonVisible(true);
        team.setId("dash-team");
        tier.setItems(tiers.list());
        tier.setItemLabelGenerator(TierSummary::title);
        tier.setClearButtonVisible(true);
        tier.setId("dash-tier");
        HorizontalLayout filters = new HorizontalLayout(groupBy, period, team, tier);
        filters.setWrap(true);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.getElement().setAttribute("role", "search");
        filters.getElement().setAttribute("aria-label", "Dashboard filters");
        groupBy.addValueChangeListener(e -> refresh());
        period.addValueChangeListener(e -> refresh());
        team.addValueChangeListener(e -> refresh());
        tier.addValueChangeListener(e -> refresh());
        add(filters);

        cards.addClassName("cards");
        cards.setWidthFull();
        add(cards);

        Div charts = new Div(panel(new H3("Score now"), scoreChart), panel(trendTitle, trendChart));
        charts.addClassName("chart-row");
        charts.setWidthFull();
        add(charts);

        setUpSummaryGrid();
        setUpControlGrid();
        setUpDebtGrid();
        setUpNamespaceGrid();
        setUpReadinessGrid();
        add(section("Scores", "dash-scores-csv", "bulkhead-scores.csv", this::summaryCsv, summaryGrid));
        add(section(
                "Top failing controls",
                "dash-controls-csv",
                "bulkhead-failing-controls.csv",
                this::controlsCsv,
                controlGrid));
        add(section(
                "Ready for " + READY_FOR + ", per team",
                "dash-readiness-csv",
                "bulkhead-ready-for-" + READY_FOR + ".csv",
                this::readinessCsv,
                readinessGrid));
        add(section("Exception debt", "dash-debt-csv", "bulkhead-exception-debt.csv", this::debtCsv, debtGrid));
        add(section(
                "Namespaces, lowest score first",
                "dash-namespaces-csv",
                "bulkhead-namespace-scores.csv",
                this::namespacesCsv,
                namespaceGrid));
        refresh();
    }

    private ScoreFilter filter() {
        return new ScoreFilter(
                team.getValue() == null ? null : team.getValue().id(),
                null,
                tier.getValue() == null ? null : tier.getValue().name());
    }

    private void refresh() {
        ScoreFilter f = filter();
        ScoreFilter.GroupBy by = groupBy.getValue();
        int days = period.getValue() == null ? 30 : period.getValue();
        summaries = compliance.scores(f, by);
        trends = compliance.trendBy(f, by, days);
        failing = compliance.topFailingControls(f, 10);
        debt = exceptions.debt().stream()
                .filter(d -> f.team() == null || d.team().equals(f.team()))
                .toList();
        namespaces = compliance.namespaceScores(f).stream()
                .sorted(Comparator.comparing(NamespaceScore::score).thenComparing(NamespaceScore::namespace))
                .toList();

        String noun = groupBy.getValue().name().toLowerCase(Locale.ROOT);
        summaryGrid.getColumnByKey("key").setHeader(noun.substring(0, 1).toUpperCase(Locale.ROOT) + noun.substring(1));
        summaryGrid.setItems(summaries);
        controlGrid.setItems(failing);
        debtGrid.setItems(debt);
        namespaceGrid.setItems(namespaces);
        readiness = readiness(f);
        readinessGrid.setItems(readiness);

        cards.removeAll();
        ScoreSummary overall = ScoreSummary.of("all", namespaces);
        cards.add(
                card(
                        "dash-card-score",
                        "Mean score",
                        namespaces.isEmpty() ? "—" : overall.score().toPlainString(),
                        namespaces.size() + " namespaces"),
                card(
                        "dash-card-failed",
                        "Failed checks",
                        String.valueOf(overall.failed()),
                        failing.isEmpty() ? "no control fails" : failing.size() + " controls failing"),
                card(
                        "dash-card-debt",
                        "Open exceptions",
                        String.valueOf(
                                debt.stream().mapToInt(ExceptionDebt::open).sum()),
                        debt.stream().mapToInt(ExceptionDebt::expiringIn7Days).sum() + " expiring within 7 days"),
                card(
                        "dash-card-ready",
                        "Ready for " + READY_FOR,
                        String.valueOf(readiness.stream()
                                .mapToInt(TeamReadiness::ready)
                                .sum()),
                        "of "
                                + readiness.stream()
                                        .mapToInt(TeamReadiness::namespaces)
                                        .sum() + " namespaces: nothing would fail"));

        drawScoreChart(noun);
        drawTrendChart(noun, days);
    }

    /** Per team (the team filter applied), how many live namespaces nothing would fail in if they moved. */
    private List<TeamReadiness> readiness(ScoreFilter f) {
        try {
            return compliance.readinessByTeam(READY_FOR).stream()
                    .filter(r -> f.team() == null || r.team().equals(f.team()))
                    .toList();
        } catch (ValidationException e) {
            readinessGrid.setEmptyStateText("There is no " + READY_FOR + " tier to be ready for.");
            return List.of();
        }
    }

    private void setUpReadinessGrid() {
        readinessGrid.setId("dash-readiness");
        readinessGrid
                .getElement()
                .setAttribute(
                        "aria-label",
                        "Per team, namespaces ready for the " + READY_FOR + " tier (nothing would fail there)");
        readinessGrid.addThemeVariants(GridVariant.LUMO_COMPACT);
        readinessGrid
                .addColumn(TeamReadiness::team)
                .setHeader("Team")
                .setAutoWidth(true)
                .setFlexGrow(1);
        readinessGrid
                .addColumn(TeamReadiness::ready)
                .setHeader("Ready for " + READY_FOR)
                .setAutoWidth(true);
        readinessGrid
                .addColumn(r -> r.namespaces() - r.ready())
                .setHeader("Would fail")
                .setAutoWidth(true);
        readinessGrid
                .addColumn(TeamReadiness::namespaces)
                .setHeader("Namespaces")
                .setAutoWidth(true);
        readinessGrid
                .addColumn(new ComponentRenderer<>(r -> Badges.of(
                        r.percentReady() + " %",
                        r.percentReady() == 100 ? "success" : r.percentReady() >= 50 ? "" : "contrast")))
                .setHeader("Share ready")
                .setComparator(TeamReadiness::percentReady)
                .setAutoWidth(true);
        readinessGrid.setAllRowsVisible(true);
        readinessGrid.setEmptyStateText("No live namespaces in the teams shown.");
    }

    private String readinessCsv() {
        StringBuilder sb = new StringBuilder(
                Csv.row(List.of("team", "tier", "namespaces", "ready", "would_fail", "percent_ready")));
        readiness.forEach(r -> sb.append(Csv.row(
                List.of(r.team(), r.tier(), r.namespaces(), r.ready(), r.namespaces() - r.ready(), r.percentReady()))));
        return sb.toString();
    }

    private void drawScoreChart(String noun) {
        List<String> keys = summaries.stream().map(ScoreSummary::key).toList();
        List<Double> values =
                summaries.stream().map(s -> s.score().doubleValue()).toList();
        scoreChart.draw(Map.of(
                "tooltip",
                Map.of("trigger", "axis"),
                "grid",
                Map.of("left", 8, "right", 16, "top", 24, "bottom", 8, "containLabel", true),
                "xAxis",
                Map.of("type", "category", "data", keys),
                "yAxis",
                Map.of("type", "value", "min", 0, "max", 100),
                "series",
                List.of(Map.of(
                        "type",
                        "bar",
                        "name",
                        "Score",
                        "data",
                        values,
                        "barMaxWidth",
                        48,
                        "label",
                        Map.of("show", true, "position", "top")))));
        StringBuilder d = new StringBuilder("Bar chart of the current mean score by " + noun + ": ");
        summaries.forEach(s ->
                d.append(s.key()).append(' ').append(s.score().toPlainString()).append("; "));
        scoreChart.describe(d.toString());
    }

    private void drawTrendChart(String noun, int days) {
        trendTitle.setText("Trend, last " + days + " days");
        Charts.drawTrend(trendChart, trends, noun, days, compliance.catalogChanges(days));
    }

    private void setUpSummaryGrid() {
        summaryGrid.setId("dash-scores");
        summaryGrid
                .getElement()
                .setAttribute("aria-label", "Scores by group; select a row to filter the dashboard to it");
        summaryGrid.addThemeVariants(GridVariant.LUMO_COMPACT);
        summaryGrid
                .addColumn(ScoreSummary::key)
                .setKey("key")
                .setHeader("Team")
                .setAutoWidth(true)
                .setFlexGrow(1);
        summaryGrid
                .addColumn(new ComponentRenderer<>(s -> Badges.score(s.score())))
                .setHeader("Score")
                .setComparator(ScoreSummary::score)
                .setAutoWidth(true);
        summaryGrid.addColumn(ScoreSummary::namespaces).setHeader("Namespaces").setAutoWidth(true);
        summaryGrid.addColumn(ScoreSummary::failed).setHeader("Failed checks").setAutoWidth(true);
        summaryGrid.addColumn(ScoreSummary::waived).setHeader("Waived").setAutoWidth(true);
        summaryGrid.setAllRowsVisible(true);
        summaryGrid.addItemClickListener(e -> drillDown(e.getItem().key()));
    }

    /** Clicking a team (or tier) row filters the dashboard to it. */
    private void drillDown(String key) {
        switch (groupBy.getValue()) {
            case TEAM ->
                team.getListDataView()
                        .getItems()
                        .filter(t -> t.id().equals(key))
                        .findFirst()
                        .ifPresent(team::setValue);
            case TIER ->
                tier.getListDataView()
                        .getItems()
                        .filter(t -> t.name().equals(key))
                        .findFirst()
                        .ifPresent(tier::setValue);
            case CLUSTER -> {}
        }
    }

    private void setUpControlGrid() {
        controlGrid.setId("dash-controls");
        controlGrid.getElement().setAttribute("aria-label", "Controls failing in the most namespaces");
        controlGrid.addThemeVariants(GridVariant.LUMO_COMPACT);
        controlGrid
                .addColumn(
                        new ComponentRenderer<>(c -> Badges.severity(c.control().severity())))
                .setHeader("Severity")
                .setAutoWidth(true);
        controlGrid
                .addColumn(c -> c.control().title())
                .setHeader("Control")
                .setAutoWidth(true)
                .setFlexGrow(1);
        controlGrid
                .addColumn(ControlFailures::namespaces)
                .setHeader("Namespaces")
                .setAutoWidth(true);
        controlGrid.addColumn(ControlFailures::findings).setHeader("Findings").setAutoWidth(true);
        controlGrid.addColumn(c -> c.control().fix()).setHeader("Fix").setFlexGrow(2);
        controlGrid.setAllRowsVisible(true);
        controlGrid.setEmptyStateText("No control fails in the namespaces shown.");
    }

    private void setUpDebtGrid() {
        debtGrid.setId("dash-debt");
        debtGrid.getElement().setAttribute("aria-label", "Open exceptions per team");
        debtGrid.addThemeVariants(GridVariant.LUMO_COMPACT);
        debtGrid.addColumn(ExceptionDebt::team)
                .setHeader("Team")
                .setAutoWidth(true)
                .setFlexGrow(1);
        debtGrid.addColumn(ExceptionDebt::open).setHeader("Open").setAutoWidth(true);
        debtGrid.addColumn(ExceptionDebt::pending)
                .setHeader("Waiting for review")
                .setAutoWidth(true);
        debtGrid.addColumn(ExceptionDebt::inForce).setHeader("In force").setAutoWidth(true);
        debtGrid.addColumn(d -> String.format(Locale.ROOT, "%.1f days", d.averageAgeDays()))
                .setHeader("Average age")
                .setAutoWidth(true);
        debtGrid.addColumn(ExceptionDebt::expiringIn7Days)
                .setHeader("Expiring within 7 days")
                .setAutoWidth(true);
        debtGrid.setAllRowsVisible(true);
        debtGrid.setEmptyStateText("No open exceptions.");
    }

    private void setUpNamespaceGrid() {
        namespaceGrid.setId("dash-namespaces");
        namespaceGrid.getElement().setAttribute("aria-label", "Namespaces by score, lowest first");
        namespaceGrid.addThemeVariants(GridVariant.LUMO_COMPACT);
        namespaceGrid
                .addColumn(new ComponentRenderer<>(s -> {
                    RouterLink link = new RouterLink(s.namespace(), ComplianceView.class);
                    link.setQueryParameters(ComplianceView.drillDown(s.namespaceId()));
                    link.addClassName("ns-link");
                    link.getElement().setAttribute("aria-label", "Findings of " + s.namespace());
                    return link;
                }))
                .setHeader("Namespace")
                .setAutoWidth(true)
                .setFlexGrow(1);
        namespaceGrid.addColumn(NamespaceScore::cluster).setHeader("Cluster").setAutoWidth(true);
        namespaceGrid.addColumn(NamespaceScore::team).setHeader("Team").setAutoWidth(true);
        namespaceGrid.addColumn(NamespaceScore::tier).setHeader("Tier").setAutoWidth(true);
        namespaceGrid
                .addColumn(new ComponentRenderer<>(s -> Badges.score(s.score())))
                .setHeader("Score")
                .setAutoWidth(true);
        namespaceGrid.addColumn(NamespaceScore::failed).setHeader("Failed").setAutoWidth(true);
        namespaceGrid.addColumn(NamespaceScore::waived).setHeader("Waived").setAutoWidth(true);
        namespaceGrid.setHeight("20rem");
    }

    private String summaryCsv() {
        StringBuilder sb = new StringBuilder(Csv.row(List.of(
                groupBy.getValue().name().toLowerCase(Locale.ROOT),
                "score",
                "namespaces",
                "passed",
                "failed",
                "waived")));
        summaries.forEach(s ->
                sb.append(Csv.row(List.of(s.key(), s.score(), s.namespaces(), s.passed(), s.failed(), s.waived()))));
        return sb.toString();
    }

    private String controlsCsv() {
        StringBuilder sb = new StringBuilder(
                Csv.row(List.of("control", "title", "severity", "namespaces", "findings", "reference", "fix")));
        failing.forEach(c -> sb.append(Csv.row(List.of(
                c.control().id(),
                c.control().title(),
                c.control().severity(),
                c.namespaces(),
                c.findings(),
                c.control().reference(),
                c.control().fix()))));
        return sb.toString();
    }

    private String debtCsv() {
        StringBuilder sb = new StringBuilder(
                Csv.row(List.of("team", "open", "pending", "in_force", "average_age_days", "expiring_in_7_days")));
        debt.forEach(d -> sb.append(Csv.row(
                List.of(d.team(), d.open(), d.pending(), d.inForce(), d.averageAgeDays(), d.expiringIn7Days()))));
        return sb.toString();
    }

    private String namespacesCsv() {
        StringBuilder sb = new StringBuilder(Csv.row(
                List.of("cluster", "namespace", "team", "tier", "score", "passed", "failed", "waived", "computed_at")));
        namespaces.forEach(s -> sb.append(Csv.row(List.of(
                s.cluster(),
                s.namespace(),
                s.team(),
                s.tier(),
                s.score(),
                s.passed(),
                s.failed(),
                s.waived(),
                s.computedAt()))));
        return sb.toString();
    }

    private static Div card(String id, String title, String value, String caption) {
        Div c = Cards.metric(title, value, caption);
        c.setId(id);
        return c;
    }

    private static Div panel(H3 title, Chart chart) {
        Div p = new Div(title, chart);
        p.addClassName("chart-panel");
        return p;
    }

    private static VerticalLayout section(
            String title, String csvId, String file, java.util.function.Supplier<String> csv, Grid<?> grid) {
        H3 h = new H3(title);
        h.addClassName("ns-section-title");
        HorizontalLayout bar = new HorizontalLayout(
                h, Downloads.csv(csvId, file, "Download " + title.toLowerCase(Locale.ROOT) + " as CSV", csv));
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        VerticalLayout v = new VerticalLayout(bar, grid);
        v.setPadding(false);
        v.setWidthFull();
        return v;
    }
}
