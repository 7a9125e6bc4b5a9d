package io.bulkhead.ui.compliance;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Control;
import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.compliance.ScoreFilter;
import io.bulkhead.compliance.TrendPoint;
import io.bulkhead.exceptions.Controls;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.Charts;
import io.bulkhead.ui.components.Downloads;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Texts;
import io.bulkhead.ui.components.Times;
import io.bulkhead.ui.exceptions.ExceptionRequestDialog;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Compliance for developers: the user's namespaces (developers: their teams) with their score and 30-day trend; a
 * namespace's findings grouped by control, failed first by severity, each with the fix, where it fails, and what
 * was found against what is expected. Waived findings are shown apart. {@code ?ns=<id>} opens a namespace (the
 * dashboard's drill-down links here).
 */
@Route("compliance")
@PageTitle("Compliance · Bulkhead")
@PermitAll
public class ComplianceView extends VerticalLayout implements BeforeEnterObserver {
    static final int SPARK_DAYS = 30;

    private final Compliance compliance;
    private final PolicyExceptions exceptions;
    private final Namespaces namespaces;
    private final Tiers tiers;
    private final CurrentUser user;
    private final Grid<NamespaceScore> grid = new Grid<>(NamespaceScore.class, false);
    private final Div findings = new Div();
    private List<NamespaceScore> scores = List.of();
    /** Sparkline points by namespace, read in batches of {@link #TREND_BATCH} rows as the grid renders them. */
    private final Map<UUID, List<TrendPoint>> trends = new HashMap<>();

    static final int TREND_BATCH = 100;

    ComplianceView(
            Compliance compliance,
            PolicyExceptions exceptions,
            Namespaces namespaces,
            Tiers tiers,
            CurrentUsers users) {
        this.compliance = compliance;
        this.exceptions = exceptions;
        this.namespaces = namespaces;
        this.tiers = tiers;
        this.user = users.require();
        addClassName("view");
        setWidthFull();
        H2 title = new H2("Compliance");
        RouterLink dashboard = new RouterLink("Score dashboard", ComplianceDashboardView.class);
        dashboard.setId("compliance-dashboard-link");
        HorizontalLayout head = new HorizontalLayout(title, dashboard);
        head.setWidthFull();
        head.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(head);

        scores = compliance.namespaceScores(ScoreFilter.ALL);
        if (scores.isEmpty()) {
            Div empty = Notices.emptyState(
                    VaadinIcon.CHART,
                    "No compliance scores yet",
                    "Scores are computed from the live cluster state of provisioned namespaces, within moments of a change. Request a namespace, or wait until a requested one is ready.");
            empty.setId("compliance-empty");
            add(empty);
            return;
        }
        add(new Paragraph("Each namespace is checked against the controls of its tier. The score is the share of"
                + " passed checks weighted by severity (critical 10, high 5, medium 3, low 1); checks waived by an"
                + " approved exception are shown apart and neither raise nor lower it."));

        grid.setId("compliance-namespaces");
        grid.getElement().setAttribute("aria-label", "Namespaces and their compliance scores");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(s -> s.namespace())
                .setHeader("Namespace")
                .setWidth("9rem")
                .setFlexGrow(1);
        grid.addColumn(NamespaceScore::cluster)
                .setHeader("Cluster")
                .setWidth("6rem")
                .setFlexGrow(0);
        grid.addColumn(NamespaceScore::team)
                .setHeader("Team")
                .setWidth("6.5rem")
                .setFlexGrow(0);
        grid.addColumn(NamespaceScore::tier).setHeader("Tier").setWidth("6rem").setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(s -> Badges.score(s.score())))
                .setHeader("Score")
                .setComparator(NamespaceScore::score)
                .setWidth("5rem")
                .setFlexGrow(0);
        grid.addColumn(NamespaceScore::failed)
                .setHeader("Failed")
                .setSortable(true)
                .setWidth("4.75rem")
                .setFlexGrow(0);
        grid.addColumn(NamespaceScore::waived)
                .setHeader("Waived")
                .setSortable(true)
                .setWidth("5.25rem")
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(s -> Charts.sparkline(trendOf(s), SPARK_DAYS)))
                .setHeader(SPARK_DAYS + "-day trend")
                .setWidth("8rem")
                .setFlexGrow(0);
        Times.addColumn(grid, NamespaceScore::computedAt)
                .setHeader("Last change")
                .setWidth("6.5rem")
                .setFlexGrow(0);
        grid.setItems(scores);
        grid.setAllRowsVisible(scores.size() <= 12);
        if (scores.size() > 12) {
            grid.setHeight("28rem");
        }
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.getValue() != null) {
                show(e.getValue());
                if (e.isFromClient()) {
                    getUI().ifPresent(ui -> ui.getPage()
                            .getHistory()
                            .replaceState(null, "compliance?ns=" + e.getValue().namespaceId()));
                }
            }
        });
        findings.setId("compliance-findings");
        findings.setWidthFull();
        Span hint = new Span("Select a namespace to see its findings and how to fix them.");
        hint.addClassName("ns-muted");
        findings.add(hint);
        add(grid, findings);
    }

    /**
     * The row's sparkline points; on a miss, the lines of this row and the next {@link #TREND_BATCH} - 1 in the
     * grid's order are read in one query (the grid renders rows in order, page by page).
     */
    private List<TrendPoint> trendOf(NamespaceScore s) {
        List<TrendPoint> line = trends.get(s.namespaceId());
        if (line != null) {
            return line;
        }
        List<UUID> batch = grid.getListDataView()
                .getItems()
                .map(NamespaceScore::namespaceId)
                .dropWhile(id -> !id.equals(s.namespaceId()))
                .filter(id -> !trends.containsKey(id))
                .limit(TREND_BATCH)
                .toList();
        trends.putAll(compliance.namespaceTrends(batch.isEmpty() ? List.of(s.namespaceId()) : batch, SPARK_DAYS));
        batch.forEach(id -> trends.putIfAbsent(id, List.of()));
        return trends.getOrDefault(s.namespaceId(), List.of());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<UUID> id = Texts.parseId(event.getLocation()
                .getQueryParameters()
                .getSingleParameter("ns")
                .orElse(null));
        id.flatMap(i -> scores.stream().filter(s -> s.namespaceId().equals(i)).findFirst())
                .ifPresent(grid::select);
    }

    private void show(NamespaceScore s) {
        findings.removeAll();
        List<Finding> all;
        try {
            all = compliance.findings(s.namespaceId());
        } catch (AccessDeniedException e) {
            Notices.error(e.getMessage());
            return;
        }
        H3 head = new H3(s.namespace() + " on " + s.cluster());
        HorizontalLayout bar = new HorizontalLayout(
                head,
                Badges.score(s.score()),
                Downloads.csv(
                        "compliance-findings-csv",
                        "bulkhead-findings-" + s.namespace() + ".csv",
                        "Download the findings of " + s.namespace() + " as CSV",
                        () -> compliance.findingsCsv(s.namespaceId())));
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        findings.add(bar);
        Paragraph counts = new Paragraph(s.passed() + " checks passed · " + s.failed() + " failed · " + s.waived()
                + " waived by an exception · tier " + s.tier());
        counts.addClassName("ns-muted");
        findings.add(counts);

        requestable = Optional.empty();
        exceptable = Set.of();
        if (user.isMemberOf(s.team())) {
            try {
                requestable = namespaces.find(s.namespaceId()).filter(n -> n.state() == NamespaceState.READY);
                if (requestable.isPresent()) {
                    exceptable = exceptions.controlsFor(s.namespaceId()).stream()
                            .map(Controls.Control::id)
                            .collect(java.util.stream.Collectors.toSet());
                }
            } catch (AccessDeniedException | ValidationException e) {
                requestable = Optional.empty();
            }
        }
        Map<String, List<Finding>> failed = byControl(all, Finding.Result.FAIL);
        Map<String, List<Finding>> waived = byControl(all, Finding.Result.WAIVED);
        if (failed.isEmpty()) {
            Div ok = Notices.emptyState(
                    VaadinIcon.CHECK_CIRCLE_O,
                    "Nothing to fix",
                    "Every control of the " + s.tier() + " tier passes in this namespace"
                            + (waived.isEmpty() ? "." : ", apart from the waived ones below."));
            ok.setId("compliance-no-failures");
            findings.add(ok);
        } else {
            H4 h = new H4("To fix (" + failed.size() + (failed.size() == 1 ? " control)" : " controls)"));
            h.addClassName("ns-section-title");
            findings.add(h);
            failed.forEach((id, list) -> findings.add(controlDetails(id, list, false)));
        }
        if (!waived.isEmpty()) {
            H4 h = new H4("Waived by an exception (" + waived.size() + ")");
            h.addClassName("ns-section-title");
            findings.add(h);
            Span note = new Span("Still evaluated: these fail, but an approved exception covers them until it ends.");
            note.addClassName("ns-muted");
            findings.add(note);
            waived.forEach((id, list) -> findings.add(controlDetails(id, list, true)));
        }
        Map<String, List<Finding>> advice = byControl(all, Finding.Result.ADVICE);
        if (!advice.isEmpty()) {
            H4 h = new H4("Advice: stricter than the " + s.tier() + " tier (" + advice.size() + ")");
            h.addClassName("ns-section-title");
            h.setId("compliance-advice");
            findings.add(h);
            Span note = new Span("Not counted in the score: the tier does not promise these Pod Security checks."
                    + " They would fail in a stricter tier.");
            note.addClassName("ns-muted");
            findings.add(note);
            advice.forEach((id, list) -> findings.add(controlDetails(id, list, true)));
        }
        Span passed = new Span(s.passed() + " checks pass"
                + (failed.isEmpty() && waived.isEmpty() ? "." : "; only the failed and waived ones are listed."));
        passed.addClassName("ns-muted");
        findings.add(passed);
    }

    private Optional<ManagedNamespace> requestable = Optional.empty();
    private Set<String> exceptable = Set.of();

    /** "Request exception" on a failed finding the user's team may except: the form prefilled from the finding. */
    private Component requestAction(Finding f) {
        if (f.result() != Finding.Result.FAIL || requestable.isEmpty() || !exceptable.contains(f.controlId())) {
            return new Span();
        }
        ManagedNamespace n = requestable.get();
        Button b = new Button("Request exception", e -> {
            ExceptionRequestDialog d = new ExceptionRequestDialog(
                    exceptions,
                    tiers,
                    List.of(n),
                    new ExceptionRequestDialog.Prefill(
                            n.id(), f.controlId(), f.workloadKind(), f.workloadName(), f.container()));
            d.open();
        });
        b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        b.addClassName("finding-request-exception");
        b.setAriaLabel("Request an exception for " + f.controlId() + " of " + f.workload());
        return b;
    }

    /** Findings of one result grouped by control, most severe control first. */
    private Map<String, List<Finding>> byControl(List<Finding> all, Finding.Result result) {
        Map<String, List<Finding>> m = new LinkedHashMap<>();
        all.stream()
                .filter(f -> f.result() == result)
                .sorted(Comparator.comparing((Finding f) -> f.severity())
                        .reversed()
                        .thenComparing(Finding::controlId)
                        .thenComparing(Finding::workload))
                .forEach(f ->
                        m.computeIfAbsent(f.controlId(), k -> new ArrayList<>()).add(f));
        return m;
    }

    private Details controlDetails(String controlId, List<Finding> list, boolean waived) {
        Finding first = list.getFirst();
        Optional<Control> control = compliance.control(controlId);
        Span title = new Span(control.map(Control::title).orElse(controlId));
        title.addClassName("ns-strong");
        Span count = new Span(list.size() + (list.size() == 1 ? " place" : " places"));
        count.addClassName("ns-muted");
        HorizontalLayout summary = new HorizontalLayout(Badges.severity(first.severity()), title, count);
        summary.setAlignItems(FlexComponent.Alignment.BASELINE);

        VerticalLayout body = new VerticalLayout();
        body.setPadding(false);
        body.setSpacing(false);
        Paragraph fix = new Paragraph();
        Span fixLabel = new Span("How to fix: ");
        fixLabel.addClassName("ns-strong");
        fix.add(fixLabel, new Span(first.fix()));
        fix.addClassName("finding-fix");
        body.add(fix);
        control.ifPresent(c -> {
            Span ref =
                    new Span(c.source().label() + " · " + c.reference() + " · field " + c.field() + " · id " + c.id());
            ref.addClassName("ns-muted");
            body.add(ref);
        });
        Grid<Finding> where = new Grid<>(Finding.class, false);
        where.addThemeVariants(
                GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_WRAP_CELL_CONTENT);
        where.addColumn(f -> f.workload().isEmpty() ? "(namespace)" : f.workload())
                .setHeader("Workload")
                .setWidth("10rem")
                .setFlexGrow(1);
        where.addColumn(f -> Texts.orEmpty(f.container()))
                .setHeader("Container")
                .setWidth("6.5rem")
                .setFlexGrow(0);
        where.addColumn(new ComponentRenderer<>(f -> {
                    Span field = new Span(f.field());
                    field.addClassName("finding-field");
                    return field;
                }))
                .setHeader("Field")
                .setWidth("12rem")
                .setFlexGrow(2);
        where.addColumn(Finding::actual).setHeader("Found").setWidth("7rem").setFlexGrow(1);
        where.addColumn(Finding::expected)
                .setHeader("Expected")
                .setWidth("7rem")
                .setFlexGrow(1);
        if (!waived && !exceptable.isEmpty()) {
            where.addColumn(new ComponentRenderer<>(this::requestAction))
                    .setHeader("Exception")
                    .setWidth("10.5rem")
                    .setFlexGrow(0);
        }
        where.setItems(list);
        where.setAllRowsVisible(true);
        where.getElement().setAttribute("aria-label", "Where " + controlId + " fails");
        body.add(where);

        Details d = new Details(summary, body);
        d.setWidthFull();
        d.addClassName("finding");
        d.getElement().setAttribute("data-control", controlId);
        d.setOpened(!waived && list.size() <= 20);
        return d;
    }

    /** The query that opens this view on the findings of one namespace (links from other screens). */
    public static QueryParameters drillDown(UUID namespaceId) {
        return QueryParameters.of("ns", namespaceId.toString());
    }
}
