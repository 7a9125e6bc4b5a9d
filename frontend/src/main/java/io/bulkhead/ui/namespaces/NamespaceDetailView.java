package io.bulkhead.ui.namespaces;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.shared.Registration;
import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.audit.NamedAuditEvent;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.compliance.Control;
import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.NamespaceScore;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.DatabaseNotifications;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.provisioning.ObjectStatus;
import io.bulkhead.provisioning.Quarantine;
import io.bulkhead.provisioning.Quarantines;
import io.bulkhead.provisioning.QuotaUse;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.compliance.ComplianceView;
import io.bulkhead.ui.components.AdoptionPreviewPanel;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.ChangeDiff;
import io.bulkhead.ui.components.Charts;
import io.bulkhead.ui.components.Decisions;
import io.bulkhead.ui.components.LiveChanges;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Texts;
import io.bulkhead.ui.components.Times;
import io.bulkhead.ui.exceptions.ExceptionList;
import io.bulkhead.ui.exceptions.ExceptionRequestDialog;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One namespace: what was asked for and decided, where provisioning is (polling while it moves), the objects in
 * the cluster, their YAML and the audit events; actions by role (approve/reject, decommission, re-sync).
 */
@Route("namespaces/:id")
@PageTitle("Namespace · Bulkhead")
@PermitAll
class NamespaceDetailView extends VerticalLayout implements BeforeEnterObserver {

    private final Namespaces namespaces;
    private final AuditLog audit;
    private final Clusters clusters;
    private final CurrentUser user;
    private final Div summary = new Div();
    private final Grid<ObjectStatus> objects = new Grid<>(ObjectStatus.class, false);
    private final Pre yaml = new Pre();
    private final Grid<NamedAuditEvent> events = new Grid<>(NamedAuditEvent.class, false);
    private final TabSheet tabs = new TabSheet();
    private final Compliance compliance;
    private final Tiers tiers;
    private final PolicyExceptions exceptions;
    private final Tiers tiersForForm;
    private final Div readinessBox = new Div();
    private final Div overview = new Div();
    private final Div scoreBox = new Div();
    private final Div facts = new Div();
    private final Grid<Finding> findings = new Grid<>(Finding.class, false);
    private final Div findingsEmpty = new Div();
    private final Div exceptionsBox = new Div();
    private final Details yamlDetails;
    private final Map<String, String> teamNames = new java.util.HashMap<>();
    private Set<String> exceptable = Set.of();
    private @Nullable ReadinessPanel readiness;
    private @Nullable Tab findingsTab;
    private @Nullable Tab exceptionsTab;
    private @Nullable UUID id;
    private @Nullable ManagedNamespace ns;
    private @Nullable Registration poll;
    private boolean yamlLoaded;
    private final NamespaceChangesPanel changePanel;
    private final Quarantines quarantines;
    private Optional<Quarantine> quarantine = Optional.empty();
    private final io.bulkhead.provisioning.TeamBudgets budgets;

    NamespaceDetailView(
            Namespaces namespaces,
            AuditLog audit,
            Clusters clusters,
            CurrentUsers users,
            Compliance compliance,
            Tiers tiers,
            PolicyExceptions exceptions,
            Teams teams,
            io.bulkhead.changes.NamespaceChanges changes,
            DatabaseNotifications notifications,
            Quarantines quarantines,
            io.bulkhead.provisioning.TeamBudgets budgets) {
        this.budgets = budgets;
        this.exceptions = exceptions;
        this.quarantines = quarantines;
        // its state changed on any replica: shown at once (server push), not at the next poll
        LiveChanges.refreshOn(
                this,
                notifications,
                DatabaseNotifications.NAMESPACE,
                p -> id != null && p.contains(id.toString()),
                this::load);
        this.tiersForForm = tiers;
        teams.visible().forEach(t -> teamNames.put(t.id(), t.displayName()));
        this.namespaces = namespaces;
        this.compliance = compliance;
        this.tiers = tiers;
        this.clusters = clusters;
        this.audit = audit;
        this.user = users.require();
        this.changePanel = new NamespaceChangesPanel(changes, tiers, user, this::load);
        addClassName("view");
        setId("ns-detail");

        objects.addColumn(ObjectStatus::kind)
                .setHeader("Kind")
                .setWidth("10rem")
                .setFlexGrow(0);
        objects.addColumn(ObjectStatus::name)
                .setHeader("Name")
                .setWidth("12rem")
                .setFlexGrow(1);
        objects.addColumn(new ComponentRenderer<>(o -> Badges.status(o.status())))
                .setHeader("Status")
                .setWidth("7rem")
                .setFlexGrow(0);
        objects.addColumn(o -> Texts.orEmpty(o.message()))
                .setHeader("Message")
                .setWidth("12rem")
                .setFlexGrow(2);
        objects.addColumn(o -> Texts.orEmpty(o.resourceVersion()))
                .setHeader(headerWithTitle("Version", "The object's resourceVersion in the cluster"))
                .setWidth("5.5rem")
                .setFlexGrow(0);
        Times.addColumn(objects, o -> o.updatedAt())
                .setHeader("Updated")
                .setWidth("7rem")
                .setFlexGrow(0);
        objects.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        objects.setAllRowsVisible(true);
        objects.setEmptyStateText("No objects yet: they appear once the namespace is approved and provisioned.");
        objects.setId("ns-objects");
        objects.getElement().setAttribute("aria-label", "Objects in the cluster and their status");

        yaml.addClassName("yaml");
        yaml.setId("ns-yaml");
        yaml.getElement().setAttribute("tabindex", "0");
        yaml.getElement().setAttribute("aria-label", "YAML of the namespace's desired objects");

        Times.addColumn(events, n -> n.event().occurredAt())
                .setHeader("When")
                .setWidth("7.5rem")
                .setFlexGrow(0);
        events.addColumn(n -> n.event().actorName())
                .setHeader("Who")
                .setWidth("9rem")
                .setFlexGrow(0);
        events.addColumn(n -> n.event().action())
                .setHeader("Action")
                .setWidth("13rem")
                .setFlexGrow(0);
        events.addColumn(new ComponentRenderer<>(NamespaceDetailView::eventTarget))
                .setHeader("Target and change")
                .setWidth("14rem")
                .setFlexGrow(1);
        events.addColumn(n -> n.event().outcome().name().charAt(0)
                        + n.event().outcome().name().substring(1).toLowerCase(java.util.Locale.ROOT))
                .setHeader("Outcome")
                .setWidth("6.5rem")
                .setFlexGrow(0);
        events.setItemDetailsRenderer(new ComponentRenderer<>(n -> {
            Div d = new Div(new ChangeDiff(n.event().before(), n.event().after()));
            d.addClassName("audit-details");
            return d;
        }));
        events.setDetailsVisibleOnClick(true);
        events.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        events.setAllRowsVisible(true);
        events.setEmptyStateText("No audit events for this namespace that you may see.");
        events.setId("ns-audit");
        events.getElement().setAttribute("aria-label", "Audit events of this namespace, newest first");

        findingsGrid();
        yamlDetails = new Details("Desired YAML of every object", yaml);
        yamlDetails.setId("ns-yaml-details");
        yamlDetails.addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                loadYaml();
            }
        });
        yamlDetails.setWidthFull();
        overview.setWidthFull();
        overview.setId("ns-overview");
        readinessBox.setWidthFull();
        readinessBox.setId("ns-readiness");
        exceptionsBox.setWidthFull();
        exceptionsBox.setId("ns-exceptions");
        Tab overviewTab = tabs.add("Overview", overview);
        overviewTab.setId("ns-tab-overview");
        Div objectsBox = new Div(objects, yamlDetails);
        objectsBox.setWidthFull();
        Tab objectsTab = tabs.add("Objects", objectsBox);
        objectsTab.setId("ns-tab-objects");
        findingsTab = tabs.add("Findings", new Div(findings, findingsEmpty));
        findingsTab.setId("ns-tab-findings");
        exceptionsTab = tabs.add("Exceptions", exceptionsBox);
        exceptionsTab.setId("ns-tab-exceptions");
        Tab auditTab = tabs.add("Audit", events);
        auditTab.setId("ns-tab-audit");
        tabs.setWidthFull();
        tabs.addSelectedChangeListener(e -> {
            if (e.getSelectedTab() == overviewTab && readiness != null) {
                readiness.load();
            } else if (e.getSelectedTab() == findingsTab) {
                loadFindings();
            } else if (e.getSelectedTab() == exceptionsTab) {
                loadExceptions();
            }
        });
        tabs.setId("ns-tabs");
        summary.setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String raw = event.getRouteParameters().get("id").orElse("");
        Optional<UUID> parsed = Texts.parseId(raw);
        if (parsed.isEmpty()) {
            missing("There is no namespace with the id '" + abbreviate(raw) + "'. Open it from the namespace list.");
            return;
        }
        id = parsed.get();
        yamlLoaded = false;
        load();
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        if (ns != null) {
            updatePolling(attachEvent.getUI(), ns.state());
        }
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        stopPolling(detachEvent.getUI());
        super.onDetach(detachEvent);
    }

    private void missing(String text) {
        ns = null;
        removeAll();
        add(new RouterLink("← Namespaces", NamespacesView.class));
        add(Notices.emptyState(VaadinIcon.QUESTION_CIRCLE_O, "Namespace not found", text));
        setId("ns-not-found");
    }

    private void load() {
        UUID nsId = id;
        if (nsId == null) {
            return;
        }
        Optional<ManagedNamespace> found;
        try {
            found = namespaces.find(nsId);
        } catch (AccessDeniedException ex) {
            ns = null;
            removeAll();
            add(new RouterLink("← Namespaces", NamespacesView.class));
            add(Notices.emptyState(
                    VaadinIcon.LOCK,
                    "Not your team's namespace",
                    "You can only open namespaces of your own teams. (" + ex.getMessage() + ")"));
            setId("ns-denied");
            return;
        }
        if (found.isEmpty()) {
            missing("No namespace has the id " + nsId + ". It may have been removed; open it from the namespace list.");
            return;
        }
        ManagedNamespace n = found.get();
        quarantine = quarantines.of(nsId);
        boolean first = ns == null;
        ns = n;
        setId("ns-detail");
        if (first) {
            removeAll();
            add(new RouterLink("← Namespaces", NamespacesView.class), summary, tabs);
        }
        renderSummary(n);
        renderOverview(n, first);
        objects.setItems(namespaces.objects(nsId));
        events.setItems(audit.name(auditEvents(nsId)));
        if (yamlLoaded || yamlDetails.isOpened()) {
            yamlLoaded = false;
            loadYaml();
        }
        if (tabs.getSelectedTab() == findingsTab) {
            loadFindings();
        } else if (tabs.getSelectedTab() == exceptionsTab) {
            loadExceptions();
        }
        UI ui = UI.getCurrent();
        if (ui != null) {
            updatePolling(ui, n.state());
        }
    }

    /** The overview: facts, score with sparkline, quota, readiness for another tier (live namespaces only). */
    private void renderOverview(ManagedNamespace n, boolean first) {
        overview.removeAll();
        overview.getStyle()
                .set("display", "flex")
                .set("flex-direction", "column")
                .set("gap", "var(--lumo-space-s)");
        H3 factsTitle = new H3("Namespace");
        overview.add(factsTitle, facts);
        boolean live = n.state().live();
        if (live) {
            renderScore(n);
            H3 scoreTitle = new H3("Compliance score");
            overview.add(scoreTitle, scoreBox);
            H3 quotaTitle = new H3("Quota use");
            overview.add(quotaTitle, quota(n));
            H3 budgetTitle = new H3("Team budget in this cluster");
            overview.add(budgetTitle, budget(n));
        }
        if (!live) {
            readinessBox.removeAll();
            readiness = null;
            return;
        }
        overview.add(readinessBox); // the panel has its own heading
        if (readiness != null && !first && readinessTier != null && readinessTier.equals(n.tier())) {
            readiness.reload();
            return;
        }
        List<ReadinessPanel.TierOption> options = new ArrayList<>();
        for (TierSummary t : tiers.list()) {
            tiers.bundle(t.name(), t.latestVersion())
                    .ifPresent(b -> options.add(new ReadinessPanel.TierOption(
                            t.name(),
                            b.podSecurity().enforce().ordinal(),
                            b.podSecurity().enforce().label())));
        }
        UUID nsId = n.id();
        readiness = new ReadinessPanel(
                n.tier(),
                options,
                tier -> compliance.readiness(nsId, tier),
                cid -> compliance.control(cid).map(Control::title).orElse(cid));
        readinessTier = n.tier();
        readinessBox.removeAll();
        readinessBox.add(readiness);
        if (tabs.getSelectedIndex() == 0) {
            readiness.load();
        }
    }

    private void renderScore(ManagedNamespace n) {
        scoreBox.removeAll();
        scoreBox.setId("ns-score");
        Optional<NamespaceScore> latest;
        List<io.bulkhead.compliance.TrendPoint> trend;
        try {
            latest = compliance.latest(n.id());
            trend = compliance.namespaceTrend(n.id(), 30);
        } catch (AccessDeniedException | ValidationException ex) {
            scoreBox.add(new Span(ex.getMessage()));
            return;
        }
        if (latest.isEmpty()) {
            scoreBox.add(new Span("Not evaluated yet: the score appears once the inventory has seen the namespace."));
            return;
        }
        NamespaceScore sc = latest.get();
        Span value = Badges.score(sc.score());
        value.setId("ns-score-value");
        Span counts =
                new Span(sc.failed() + " failed · " + sc.waived() + " waived (excepted) · " + sc.passed() + " passed");
        counts.setId("ns-score-counts");
        Span when = new Span("evaluated ");
        when.add(Times.of(sc.computedAt()));
        HorizontalLayout row = new HorizontalLayout(value, Charts.sparkline(trend, 30), counts, when);
        row.setAlignItems(FlexComponent.Alignment.CENTER);
        row.setWrap(true);
        scoreBox.add(row);
    }

    /** What the team's live namespaces in the cluster hold against its budget there. */
    private Component budget(ManagedNamespace n) {
        io.bulkhead.provisioning.BudgetUse use;
        try {
            use = budgets.forNamespace(n.id());
        } catch (AccessDeniedException | ValidationException ex) {
            return new Span(ex.getMessage());
        }
        Div box = new Div();
        box.setId("ns-budget");
        if (use.budget() == null) {
            Span none = new Span("Team " + use.teamName() + " has no budget in this cluster: nothing is limited"
                    + " beyond the tier's rules. Its namespaces here hold:");
            box.add(none);
        }
        box.add(io.bulkhead.ui.components.BudgetBars.of(use, "ns-budget-bars"));
        return box;
    }

    /** Used of hard per resource of the namespace's ResourceQuota, with a bar each. */
    private Component quota(ManagedNamespace n) {
        List<QuotaUse> use;
        try {
            use = namespaces.quotaUse(n.id());
        } catch (AccessDeniedException | ValidationException ex) {
            use = List.of();
        }
        Div box = new Div();
        box.setId("ns-quota");
        if (use.isEmpty()) {
            box.add(new Span("The cluster does not report the quota (yet)."));
            return box;
        }
        box.getStyle()
                .set("display", "grid")
                .set("grid-template-columns", "minmax(10rem, max-content) minmax(8rem, 16rem) max-content")
                .set("gap", "0.25rem 1rem")
                .set("align-items", "center");
        for (QuotaUse q : use) {
            Span name = new Span(q.resource());
            ProgressBar bar = new ProgressBar(0, 100, Math.max(0, Math.min(100, q.percent())));
            bar.getElement().setAttribute("aria-label", q.resource() + " used");
            if (q.percent() < 0) {
                bar.setValue(0);
            } else if (q.percent() >= 90) {
                bar.addThemeVariants(com.vaadin.flow.component.progressbar.ProgressBarVariant.LUMO_ERROR);
            }
            Span text = new Span(
                    q.used() == null
                            ? "limit " + q.hard() + " (use not reported yet)"
                            : q.used() + " of " + q.hard() + (q.percent() < 0 ? "" : " (" + q.percent() + " %)"));
            box.add(name, bar, text);
        }
        return box;
    }

    // ---------------------------------------------------------------------------------------------- findings

    private void findingsGrid() {
        findings.addColumn(new ComponentRenderer<>(f -> result(f.result())))
                .setHeader("Result")
                .setWidth("6rem")
                .setFlexGrow(0);
        findings.addColumn(new ComponentRenderer<>(f -> {
                    Span title = new Span(compliance
                            .control(f.controlId())
                            .map(Control::title)
                            .orElse(f.controlId()));
                    title.getStyle().set("font-weight", "600");
                    return new Div(new Div(title), new Div(Badges.severity(f.severity())));
                }))
                .setHeader("Control")
                .setWidth("10rem")
                .setFlexGrow(0);
        findings.addColumn(new ComponentRenderer<>(f -> {
                    Div d = new Div(new Div(new Span(f.workloadKind() == null ? "the namespace" : f.workload())));
                    if (f.container() != null) {
                        d.add(new Div(new Span("container " + f.container())));
                    }
                    d.getStyle().set("overflow-wrap", "break-word").set("white-space", "normal");
                    return d;
                }))
                .setHeader("Where")
                .setWidth("10.5rem")
                .setFlexGrow(0);
        findings.addColumn(new ComponentRenderer<>(f -> {
                    Div field = new Div(new Span(f.field()));
                    field.getStyle()
                            .set("font-family", "var(--lumo-font-family-monospace, monospace)")
                            .set("font-size", "var(--lumo-font-size-xs)")
                            .set("overflow-wrap", "anywhere");
                    Div found = new Div(new Span("Found " + f.actual() + "; expected " + f.expected() + "."));
                    Div fix = new Div(new Span("Fix: " + f.fix()));
                    Div d = new Div(field, found, fix);
                    d.getStyle().set("white-space", "normal");
                    return d;
                }))
                .setHeader("Field, found and fix")
                .setWidth("13rem")
                .setFlexGrow(1);
        findings.addColumn(new ComponentRenderer<>(this::findingAction))
                .setHeader("Exception")
                .setWidth("11.5rem")
                .setFlexGrow(0);
        findings.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        findings.setAllRowsVisible(true);
        findings.setId("ns-findings");
        findings.getElement().setAttribute("aria-label", "Failed, waived and advice findings of this namespace");
        findingsEmpty.add(Notices.emptyState(
                VaadinIcon.CHECK_CIRCLE_O,
                "No findings",
                "Every check of this namespace's tier passes (or it has not been evaluated yet)."));
        findingsEmpty.setId("ns-findings-empty");
    }

    private static Span result(Finding.Result r) {
        Span b = switch (r) {
            case FAIL -> Badges.of("Failed", "error");
            case WAIVED -> Badges.of("Waived", "success");
            case ADVICE -> Badges.of("Advice", "contrast");
            case PASS -> Badges.of("Passed", "success");
        };
        b.addClassName("finding-result");
        return b;
    }

    private Component findingAction(Finding f) {
        ManagedNamespace n = ns;
        if (f.result() == Finding.Result.WAIVED) {
            Span s = new Span("Excepted");
            s.getStyle().set("color", "var(--lumo-secondary-text-color)");
            return s;
        }
        if (n == null || f.result() != Finding.Result.FAIL || !exceptable.contains(f.controlId())) {
            return new Span();
        }
        Button b = new Button("Request exception", e -> openRequest(n, f));
        b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        b.addClassName("finding-request-exception");
        b.setAriaLabel("Request an exception for " + f.controlId() + " of " + f.workload()
                + (f.container() == null ? "" : " container " + f.container()));
        return b;
    }

    private void openRequest(ManagedNamespace n, Finding f) {
        ExceptionRequestDialog d = new ExceptionRequestDialog(
                exceptions,
                tiersForForm,
                List.of(n),
                new ExceptionRequestDialog.Prefill(
                        n.id(), f.controlId(), f.workloadKind(), f.workloadName(), f.container()));
        d.addRequestedListener(e -> {
            loadExceptions();
            load();
        });
        d.open();
    }

    private void loadFindings() {
        ManagedNamespace n = ns;
        if (n == null) {
            return;
        }
        List<Finding> list;
        try {
            list = compliance.findings(n.id());
        } catch (AccessDeniedException | ValidationException ex) {
            list = List.of();
        }
        exceptable = Set.of();
        if (user.isMemberOf(n.team()) && n.state() == NamespaceState.READY) {
            try {
                exceptable =
                        exceptions.controlsFor(n.id()).stream().map(c -> c.id()).collect(Collectors.toSet());
            } catch (AccessDeniedException | ValidationException ex) {
                exceptable = Set.of();
            }
        }
        List<Finding> sorted = new ArrayList<>(list);
        sorted.sort(java.util.Comparator.comparing((Finding f) ->
                        f.result().ordinal() == 1 ? 0 : f.result().ordinal() + 1)
                .thenComparing(f -> -f.severity().weight()));
        findings.setItems(sorted);
        findings.setVisible(!sorted.isEmpty());
        findingsEmpty.setVisible(sorted.isEmpty());
    }

    // ---------------------------------------------------------------------------------------------- exceptions

    private void loadExceptions() {
        ManagedNamespace n = ns;
        exceptionsBox.removeAll();
        if (n == null) {
            return;
        }
        List<PolicyException> all;
        try {
            all = exceptions.list(new PolicyExceptions.Filter(n.id(), null, false), 0, 500);
        } catch (AccessDeniedException ex) {
            exceptionsBox.add(new Span(ex.getMessage()));
            return;
        }
        List<io.bulkhead.compliance.Control> catalog = compliance.controls();
        List<PolicyException> current =
                all.stream().filter(x -> !x.state().closed()).toList();
        List<PolicyException> past =
                all.stream().filter(x -> x.state().closed()).toList();
        H3 currentTitle = new H3("Current");
        exceptionsBox.add(currentTitle);
        if (current.isEmpty()) {
            Div empty = Notices.emptyState(
                    VaadinIcon.SHIELD,
                    "No current exceptions",
                    "Request one from a failed finding on the Findings tab; a reviewer decides.");
            empty.setId("ns-exceptions-empty");
            exceptionsBox.add(empty);
        } else {
            ExceptionList list = new ExceptionList(exceptions, catalog, teamNames, false, null);
            list.setItems(current);
            list.setId("ns-exceptions-current");
            exceptionsBox.add(list);
        }
        H3 historyTitle = new H3("History");
        exceptionsBox.add(historyTitle);
        if (past.isEmpty()) {
            exceptionsBox.add(new Paragraph("No expired, revoked, rejected or withdrawn exceptions."));
        } else {
            ExceptionList list = new ExceptionList(exceptions, catalog, teamNames, false, null);
            list.setItems(past);
            list.setId("ns-exceptions-history");
            exceptionsBox.add(list);
        }
    }

    // ---------------------------------------------------------------------------------------------- audit

    /** This namespace's events and those of its exceptions, newest first (one query for all of them). */
    private List<AuditEvent> auditEvents(UUID nsId) {
        List<String> targets = new ArrayList<>();
        targets.add(nsId.toString());
        try {
            for (PolicyException x : exceptions.list(new PolicyExceptions.Filter(nsId, null, false), 0, 50)) {
                targets.add(x.id().toString());
            }
        } catch (AccessDeniedException ex) {
            // the namespace's own events only
        }
        return audit.forTargets(targets, 150);
    }

    /** The target by name, and which fields changed (the row opens to the before/after table). */
    private static Component eventTarget(NamedAuditEvent n) {
        Div d = new Div(new Span(n.targetName()));
        List<ChangeDiff.Row> rows =
                ChangeDiff.rows(n.event().before(), n.event().after());
        if (!rows.isEmpty()) {
            Span changed = new Span("Changed: "
                    + rows.stream().map(ChangeDiff.Row::field).distinct().collect(Collectors.joining(", ")));
            changed.addClassName("audit-changed");
            d.add(new Div(changed));
        }
        return d;
    }

    private @Nullable String readinessTier;

    private void loadYaml() {
        if (yamlLoaded || id == null) {
            return;
        }
        try {
            yaml.setText(namespaces.desiredYaml(id));
            yamlLoaded = true;
        } catch (ValidationException | AccessDeniedException ex) {
            yaml.setText(ex.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------- header

    private void renderSummary(ManagedNamespace n) {
        summary.removeAll();
        H2 title = new H2(n.name());
        title.addClassNames("ns-title");
        Span badge = Badges.state(n.state());
        badge.setId("ns-state");
        badge.getElement().setAttribute("role", "status");
        HorizontalLayout titleRow = new HorizontalLayout(title, badge);
        titleRow.setAlignItems(FlexComponent.Alignment.CENTER);
        HorizontalLayout actions = actions(n);
        actions.setId("ns-actions");
        HorizontalLayout head = new HorizontalLayout(titleRow, actions);
        head.setWidthFull();
        head.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        head.setAlignItems(FlexComponent.Alignment.CENTER);
        head.setWrap(true);
        summary.add(head);
        quarantine.ifPresent(q -> summary.add(quarantineBanner(q)));

        Component callout = callout(n);
        if (callout != null) {
            summary.add(callout);
        }
        Component openChange = changePanel.open(n);
        if (openChange != null) {
            summary.add(openChange);
        }
        if (busy(n.state())) {
            ProgressBar bar = new ProgressBar();
            bar.setIndeterminate(true);
            bar.getElement().setAttribute("aria-label", progressText(n.state()));
            Span label = new Span(progressText(n.state()));
            label.addClassName("ns-muted");
            Div progress = new Div(label, bar);
            progress.setId("ns-progress");
            progress.addClassName("ns-progress");
            progress.getElement().setAttribute("role", "status");
            summary.add(progress);
        }

        facts.removeAll();
        facts.addClassName("ns-facts");
        fact(facts, "Tier", n.tier() + " v" + n.tierVersion());
        fact(facts, "Team", teamNames.getOrDefault(n.team(), n.team()));
        fact(facts, "Cluster", n.cluster());
        fact(facts, "Quota", io.bulkhead.provisioning.QuotaValues.label(n.quotaPreset()));
        fact(
                facts,
                "Egress",
                n.egress().isEmpty()
                        ? "none"
                        : n.egress().stream()
                                .map(e -> e.cidr() + " " + e.port() + "/" + e.protocol())
                                .collect(Collectors.joining(", ")));
        fact(facts, "Requested", n.requestedByName() + ", ", Times.of(n.requestedAt()));
        if (n.decidedAt() != null) {
            fact(facts, "Decided", Texts.orEmpty(n.decidedByName()) + ", ", Times.of(n.decidedAt()));
        }
        if (n.decisionComment() != null && !n.decisionComment().isBlank()) {
            fact(facts, "Decision comment", n.decisionComment());
        }
        if (n.reviewReason() != null) {
            fact(facts, "Why reviewed", n.reviewReason());
        }
        if (n.lastReconciledAt() != null) {
            fact(facts, "Last reconciled", "", Times.of(n.lastReconciledAt()));
        }
        fact(facts, "Purpose", n.purpose());
        facts.setId("ns-facts");
    }

    private static Span headerWithTitle(String text, String title) {
        Span h = new Span(text);
        h.getElement().setAttribute("title", title);
        return h;
    }

    private static void fact(Div facts, String label, String value) {
        fact(facts, label, value, null);
    }

    /** A label and its value (the overview's grid of facts); {@code time}: a relative time after the text. */
    private static void fact(Div facts, String label, String value, @Nullable Span time) {
        Span l = new Span(label);
        l.addClassName("ns-fact-label");
        Span v = new Span(value);
        v.addClassName("ns-fact-value");
        if (time != null) {
            v.add(time);
        }
        facts.add(l, v);
    }

    private @Nullable Component callout(ManagedNamespace n) {
        return switch (n.state()) {
            case FAILED ->
                callout(
                        "error",
                        "Provisioning failed",
                        Texts.orEmpty(n.stateReason()) + clusterHint(n.cluster())
                                + " Bulkhead keeps retrying. If this does not clear after you fix the cause, ask a "
                                + "platform admin to re-sync the namespace and quote this message.");
            case REJECTED ->
                callout(
                        "error",
                        "Request rejected",
                        "Rejected by " + Texts.orEmpty(n.decidedByName()) + ": " + Texts.orEmpty(n.decisionComment())
                                + " Address the comment and request the namespace again.");
            case REQUESTED ->
                callout(
                        "info",
                        "Waiting for a security reviewer",
                        Texts.orEmpty(n.reviewReason()) + " Nothing is created until a reviewer approves it.");
            case DELETED ->
                callout("info", "Decommissioned", "This namespace was deleted from cluster " + n.cluster() + ".");
            default ->
                n.stateReason() == null || n.stateReason().isBlank()
                        ? null
                        : callout("info", n.state().label(), n.stateReason());
        };
    }

    /** When the cluster itself is the problem, say so: then the fix is the cluster's, not the namespace's. */
    private String clusterHint(String name) {
        return clusters.find(name)
                .filter(c -> !c.status().equals("REACHABLE"))
                .map(c -> " Cluster " + c.name() + " is currently "
                        + c.status().toLowerCase().replace('_', ' ')
                        + "; provisioning continues once it answers again.")
                .orElse("");
    }

    private static Div callout(String kind, String title, String text) {
        Span t = new Span(title);
        t.addClassName("callout-title");
        Div d = new Div(t, new Span(" " + text));
        d.addClassNames("callout", "callout-" + kind);
        d.setId("ns-callout");
        d.getElement().setAttribute("role", kind.equals("error") ? "alert" : "note");
        return d;
    }

    private static boolean busy(NamespaceState s) {
        return s == NamespaceState.APPROVED || s == NamespaceState.PROVISIONING || s == NamespaceState.DECOMMISSIONING;
    }

    private static String progressText(NamespaceState s) {
        return switch (s) {
            case APPROVED -> "Approved — provisioning starts…";
            case DECOMMISSIONING -> "Decommissioning…";
            default -> "Provisioning…";
        };
    }

    // ---------------------------------------------------------------------------------------------- polling

    private void updatePolling(UI ui, NamespaceState s) {
        if (busy(s) && poll == null) {
            ui.setPollInterval(2000);
            poll = ui.addPollListener(e -> load());
        } else if (!busy(s)) {
            stopPolling(ui);
        }
    }

    private void stopPolling(UI ui) {
        if (poll != null) {
            poll.remove();
            poll = null;
            ui.setPollInterval(-1);
        }
    }

    // ---------------------------------------------------------------------------------------------- actions

    private HorizontalLayout actions(ManagedNamespace n) {
        HorizontalLayout a = new HorizontalLayout();
        a.setSpacing(true);
        if (n.state() == NamespaceState.REQUESTED && user.hasAny(Role.REVIEWER, Role.ADMIN)) {
            Button approve = new Button("Approve", VaadinIcon.CHECK.create(), e -> decisionDialog(n, true));
            approve.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
            approve.setId("ns-approve");
            Button reject = new Button("Reject", VaadinIcon.CLOSE.create(), e -> decisionDialog(n, false));
            reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
            reject.setId("ns-reject");
            a.add(approve, reject);
        }
        if (user.has(Role.ADMIN)
                && n.state() != NamespaceState.REQUESTED
                && n.state() != NamespaceState.REJECTED
                && n.state() != NamespaceState.DELETED) {
            Button resync = new Button("Re-sync now", VaadinIcon.REFRESH.create(), e -> onResync());
            resync.setId("ns-resync");
            a.add(resync);
        }
        if (n.state() == NamespaceState.READY || n.state() == NamespaceState.FAILED) {
            RouterLink compliance = new RouterLink("Compliance findings", ComplianceView.class);
            compliance.setQueryParameters(ComplianceView.drillDown(n.id()));
            compliance.setId("ns-compliance-link");
            a.add(compliance);
        }
        if (n.state().live() && user.hasAny(Role.REVIEWER, Role.ADMIN)) {
            if (quarantine.isEmpty()) {
                Button q = new Button("Quarantine", VaadinIcon.BAN.create(), e -> quarantineDialog(n, true));
                q.addThemeVariants(ButtonVariant.LUMO_ERROR);
                q.setId("ns-quarantine");
                q.setAriaLabel("Quarantine namespace " + n.name());
                a.add(q);
            } else if (quarantine.get().inForce()) {
                Button r =
                        new Button("Release quarantine", VaadinIcon.UNLOCK.create(), e -> quarantineDialog(n, false));
                r.addThemeVariants(ButtonVariant.LUMO_SUCCESS);
                r.setId("ns-release");
                r.setAriaLabel("Release namespace " + n.name() + " from quarantine");
                a.add(r);
            }
        }
        Button change = changePanel.action(n);
        if (change != null) {
            a.add(change);
        }
        if (n.state().live() && (user.isMemberOf(n.team()) || user.has(Role.ADMIN))) {
            Button decommission = new Button("Decommission", VaadinIcon.TRASH.create(), e -> decommissionDialog(n));
            decommission.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            decommission.setId("ns-decommission");
            a.add(decommission);
        }
        return a;
    }

    private void onResync() {
        if (id == null) {
            return;
        }
        try {
            namespaces.resync(id);
            Notices.success("Re-sync of " + (ns == null ? "the namespace" : ns.name()) + " requested.");
            load();
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }

    private void decisionDialog(ManagedNamespace n, boolean approve) {
        Dialog d = new Dialog();
        d.setHeaderTitle((approve ? "Approve " : "Reject ") + n.name() + "?");
        d.setId(approve ? "ns-approve-dialog" : "ns-reject-dialog");
        Paragraph what = new Paragraph("Team " + n.team() + " asks for a " + n.tier() + " namespace on " + n.cluster()
                + " with quota preset " + n.quotaPreset() + ". " + Texts.orEmpty(n.reviewReason()));
        TextArea comment = new TextArea(approve ? "What did you check? (required)" : "Why is it rejected? (required)");
        comment.setMaxLength(Namespaces.MAX_COMMENT);
        comment.setMinLength(Namespaces.MIN_DECISION_COMMENT);
        comment.setWidthFull();
        comment.setMinHeight("6rem");
        comment.setRequired(true);
        comment.setValueChangeMode(ValueChangeMode.EAGER);
        comment.setHelperText(commentHelp(0));
        comment.addValueChangeListener(
                e -> comment.setHelperText(commentHelp(e.getValue().strip().length())));
        comment.setId("ns-decision-comment");
        VerticalLayout body = new VerticalLayout(what);
        if (approve) {
            // an adoption: the reviewer sees who has access and what runs there before Bulkhead takes it over
            namespaces.adoptionUnderReview(n.id()).ifPresent(p -> body.add(new AdoptionPreviewPanel(p)));
        }
        body.add(comment);
        body.setPadding(false);
        body.setWidth("32rem");
        body.setMaxWidth("100%");
        d.add(body);
        Button cancel = new Button("Cancel", e -> d.close());
        cancel.setId("ns-decision-cancel");
        Button confirm = new Button(approve ? "Approve" : "Reject", e -> onDecide(d, n, comment, approve));
        confirm.addThemeVariants(
                ButtonVariant.LUMO_PRIMARY, approve ? ButtonVariant.LUMO_SUCCESS : ButtonVariant.LUMO_ERROR);
        confirm.setId("ns-decision-confirm");
        d.getFooter().add(cancel, confirm);
        d.open();
        comment.focus();
    }

    private static String commentHelp(int length) {
        return Namespaces.MIN_DECISION_COMMENT + " to " + Namespaces.MAX_COMMENT + " characters (" + length
                + " so far).";
    }

    /** Decides on the namespace the dialog was opened for ({@code opened}), whatever the view shows by now. */
    private void onDecide(Dialog d, ManagedNamespace opened, TextArea comment, boolean approve) {
        UUID target = opened.id();
        Decisions.decide(
                d,
                comment,
                () -> approve
                        ? namespaces.approve(target, comment.getValue())
                        : namespaces.reject(target, comment.getValue()),
                n -> Notices.success(
                        approve ? "Approved " + n.name() + " — provisioning." : "Rejected " + n.name() + "."),
                this::load);
    }

    private void decommissionDialog(ManagedNamespace n) {
        Dialog d = new Dialog();
        d.setHeaderTitle("Decommission " + n.name() + "?");
        d.setId("ns-decommission-dialog");
        Paragraph warning = new Paragraph("This deletes namespace " + n.name() + " from cluster " + n.cluster()
                + " with everything in it: workloads, volumes, secrets. It cannot be undone.");
        TextField confirmName = new TextField("Type the namespace name to confirm");
        confirmName.setPlaceholder(n.name());
        confirmName.setWidthFull();
        confirmName.setValueChangeMode(ValueChangeMode.EAGER);
        confirmName.setId("ns-decommission-confirm");
        Button cancel = new Button("Cancel", e -> d.close());
        Button go = new Button("Decommission", VaadinIcon.TRASH.create(), e -> onDecommission(d, n, confirmName));
        go.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        go.setId("ns-decommission-submit");
        go.setEnabled(false);
        confirmName.addValueChangeListener(e -> {
            go.setEnabled(!e.getValue().isBlank());
            confirmName.setInvalid(false);
        });
        VerticalLayout body = new VerticalLayout(warning, confirmName);
        body.setPadding(false);
        body.setWidth("32rem");
        body.setMaxWidth("100%");
        d.add(body);
        d.getFooter().add(cancel, go);
        d.open();
        confirmName.focus();
    }

    /** Decommissions the namespace the dialog was opened for ({@code target}), whatever the view shows by now. */
    private void onDecommission(Dialog d, ManagedNamespace target, TextField confirmName) {
        Decisions.confirm(
                d,
                "confirm",
                confirmName,
                () -> namespaces.decommission(target.id(), confirmName.getValue()),
                n -> Notices.success("Decommissioning " + n.name() + "."),
                this::load);
    }

    // ---------------------------------------------------------------------------------------------- quarantine

    /** Above every tab: the namespace is quarantined (or being released), why, by whom and since when. */
    private static Div quarantineBanner(Quarantine q) {
        Span title = new Span(q.inForce() ? "Quarantined" : "Release in progress");
        title.addClassName("callout-title");
        Div d = new Div(title);
        if (q.inForce()) {
            d.add(new Span(" All ingress and egress of this namespace is denied (DNS included), its team's own network"
                    + " policies are parked and the team has read-only access until a reviewer or an admin"
                    + " releases it. Reason: " + q.reason() + " — " + q.byName() + ", "));
            d.add(Times.of(q.at()));
        } else {
            d.add(new Span(" Bulkhead is restoring the namespace's network policies and the team's access as they"
                    + " were before the quarantine."));
        }
        d.addClassNames("callout", q.inForce() ? "callout-error" : "callout-info");
        d.setId("ns-quarantine-banner");
        d.getElement().setAttribute("role", q.inForce() ? "alert" : "status");
        return d;
    }

    private void quarantineDialog(ManagedNamespace n, boolean quarantining) {
        Dialog d = new Dialog();
        d.setHeaderTitle((quarantining ? "Quarantine " : "Release ") + n.name() + "?");
        d.setId(quarantining ? "ns-quarantine-dialog" : "ns-release-dialog");
        Paragraph what = new Paragraph(
                quarantining
                        ? "All ingress and egress of every pod in " + n.name()
                                + " will be denied, DNS included; the team's"
                                + " own network policies are parked and the team keeps read-only access. The team is"
                                + " notified. Release restores the namespace exactly as it was."
                        : "The namespace's network policies and the team's access are restored exactly as they were before"
                                + " the quarantine. The team is notified.");
        TextArea reason =
                new TextArea(quarantining ? "Why is it quarantined? (required)" : "Why is it released? (required)");
        reason.setMaxLength(Quarantines.MAX_REASON);
        reason.setMinLength(Quarantines.MIN_REASON);
        reason.setRequired(true);
        reason.setWidthFull();
        reason.setMinHeight("6rem");
        reason.setValueChangeMode(ValueChangeMode.EAGER);
        reason.setHelperText(reasonHelp(0));
        reason.addValueChangeListener(e -> {
            reason.setHelperText(reasonHelp(e.getValue().strip().length()));
            reason.setInvalid(false);
        });
        reason.setId("ns-quarantine-reason");
        reason.setAriaLabel(quarantining ? "Reason for the quarantine" : "Reason for the release");
        VerticalLayout body = new VerticalLayout(what, reason);
        body.setPadding(false);
        body.setWidth("32rem");
        body.setMaxWidth("100%");
        d.add(body);
        Button cancel = new Button("Cancel", e -> d.close());
        cancel.setId("ns-quarantine-cancel");
        UUID target = n.id();
        Button confirm = new Button(
                quarantining ? "Quarantine" : "Release",
                quarantining ? VaadinIcon.BAN.create() : VaadinIcon.UNLOCK.create(),
                e -> Decisions.confirm(
                        d,
                        "reason",
                        reason,
                        () -> quarantining
                                ? quarantines.quarantine(target, reason.getValue())
                                : quarantines.release(target, reason.getValue()),
                        q -> Notices.success(
                                quarantining
                                        ? n.name() + " is quarantined; Bulkhead applies it now."
                                        : n.name() + " is released; Bulkhead restores it now."),
                        this::load));
        confirm.addThemeVariants(
                ButtonVariant.LUMO_PRIMARY, quarantining ? ButtonVariant.LUMO_ERROR : ButtonVariant.LUMO_SUCCESS);
        confirm.setId("ns-quarantine-confirm");
        d.getFooter().add(cancel, confirm);
        d.open();
        reason.focus();
    }

    private static String reasonHelp(int length) {
        return Quarantines.MIN_REASON + " to " + Quarantines.MAX_REASON + " characters (" + length + " so far).";
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[^\\p{Print}]", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "…" : clean;
    }
}
