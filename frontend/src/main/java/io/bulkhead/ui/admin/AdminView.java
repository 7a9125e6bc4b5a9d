package io.bulkhead.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.audit.ChainVerification;
import io.bulkhead.clusters.ClusterAdministration;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import jakarta.annotation.security.RolesAllowed;

/** Platform administration: clusters, tiers, teams and the audit chain. Refused by the server to non-admins. */
@Route("admin")
@PageTitle("Admin · Bulkhead")
@RolesAllowed("ADMIN")
public class AdminView extends VerticalLayout {

    private final AuditLog audit;
    private final Clusters clusters;
    private final Span chainStatus = new Span("Not verified in this session.");
    private final ClusterGrid cg;

    AdminView(
            Clusters clusters,
            Tiers tiers,
            Teams teams,
            AuditLog audit,
            io.bulkhead.provisioning.TierRollout rollout,
            io.bulkhead.provisioning.Namespaces namespaces,
            ClusterAdministration clusterAdmin,
            io.bulkhead.provisioning.TeamBudgets budgets) {
        this.audit = audit;
        this.clusters = clusters;
        this.cg = new ClusterGrid(clusters, clusterAdmin);
        addClassName("view");
        add(new H2("Administration"));

        Button register = new Button(
                "Register cluster",
                VaadinIcon.PLUS.create(),
                e -> new ClusterRegistrationDialog(clusters, c -> refreshClusters()).open());
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        register.setId("cluster-register");
        Button adopt = new Button(
                "Adopt namespace…",
                VaadinIcon.SIGN_IN.create(),
                e -> new AdoptNamespaceDialog(namespaces, clusters, teams, tiers).open());
        adopt.setId("namespace-adopt");
        adopt.setAriaLabel("Bring an existing namespace under Bulkhead, after review");
        HorizontalLayout clusterActions = new HorizontalLayout(adopt, register);
        HorizontalLayout clusterHead = new HorizontalLayout(new H3("Clusters"), clusterActions);
        clusterHead.setWidthFull();
        clusterHead.setJustifyContentMode(JustifyContentMode.BETWEEN);
        clusterHead.setAlignItems(Alignment.BASELINE);
        add(clusterHead);
        add(cg);

        add(new H3("Security tiers"));
        Grid<TierSummary> tg = new Grid<>(TierSummary.class, false);
        tg.addColumn(TierSummary::title).setHeader("Tier").setAutoWidth(true).setFlexGrow(0);
        tg.addColumn(t -> "v" + t.latestVersion())
                .setHeader("Version")
                .setAutoWidth(true)
                .setFlexGrow(0);
        Times.addColumn(tg, TierSummary::publishedAt)
                .setHeader("Published")
                .setAutoWidth(true)
                .setFlexGrow(0);
        tg.addColumn(TierSummary::summary).setHeader("What it is for").setFlexGrow(1);
        tg.addComponentColumn(t -> {
                    Button manage = new Button(
                            "Versions…",
                            e -> new TierVersionDialog(rollout, tiers, t, () -> tg.setItems(tiers.list())).open());
                    manage.setId("tier-manage-" + t.name());
                    manage.setAriaLabel("Publish or roll out versions of the " + t.title() + " tier");
                    manage.addThemeVariants(ButtonVariant.LUMO_SMALL);
                    return manage;
                })
                .setHeader("Versions")
                .setAutoWidth(true)
                .setFlexGrow(0);
        tg.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT); // the summaries are sentences: show them whole
        tg.setItems(tiers.list());
        tg.setAllRowsVisible(true);
        tg.setId("admin-tiers");
        tg.getElement().setAttribute("aria-label", "Security tiers");
        add(tg);

        add(new H3("Teams"));
        Grid<Team> teamGrid = new Grid<>(Team.class, false);
        teamGrid.addColumn(Team::id).setHeader("Id").setAutoWidth(true);
        teamGrid.addColumn(Team::displayName).setHeader("Name").setAutoWidth(true);
        teamGrid.addColumn(Team::oidcGroup).setHeader("OIDC group").setAutoWidth(true);
        teamGrid.setItems(teams.visible());
        teamGrid.setAllRowsVisible(true);
        teamGrid.setId("admin-teams");
        teamGrid.getElement().setAttribute("aria-label", "Teams");
        add(teamGrid);

        add(budgetSection(budgets, teams, clusters));

        add(new H3("Audit chain"));
        Button verify = new Button("Verify audit chain", VaadinIcon.CHECK_CIRCLE_O.create(), e -> onVerify());
        verify.setId("admin-verify");
        chainStatus.setId("admin-chain-status");
        chainStatus.getElement().setAttribute("role", "status");
        HorizontalLayout row = new HorizontalLayout(verify, chainStatus);
        row.setAlignItems(Alignment.CENTER);
        add(row);
    }

    /** Team budgets per cluster: use against the budget, with an editor (names shown, not ids). */
    private static VerticalLayout budgetSection(
            io.bulkhead.provisioning.TeamBudgets budgets, Teams teams, Clusters clusters) {
        Grid<io.bulkhead.provisioning.BudgetUse> grid = new Grid<>();
        Runnable refresh = () -> grid.setItems(budgets.visible());
        java.util.Map<String, String> clusterNames = new java.util.HashMap<>();
        clusters.list().forEach(c -> clusterNames.put(c.name(), c.displayName()));
        grid.addColumn(io.bulkhead.provisioning.BudgetUse::teamName)
                .setHeader("Team")
                .setWidth("8rem")
                .setFlexGrow(1);
        grid.addColumn(u -> clusterNames.getOrDefault(u.cluster(), u.cluster()))
                .setHeader("Cluster")
                .setWidth("8rem")
                .setFlexGrow(1);
        String[] heads = {"CPU", "Memory", "Storage", "Namespaces"};
        for (int i = 0; i < heads.length; i++) {
            int at = i;
            grid.addColumn(new com.vaadin.flow.data.renderer.ComponentRenderer<>(u -> {
                        var l = u.lines().get(at);
                        Span cell = new Span(io.bulkhead.ui.components.BudgetBars.cell(l));
                        if (l.percent() > 100) {
                            cell.getStyle().set("color", "var(--lumo-error-text-color)");
                            cell.getElement().setAttribute("title", "Above the budget");
                        }
                        return cell;
                    }))
                    .setHeader(heads[i])
                    .setWidth("8rem")
                    .setFlexGrow(0);
        }
        grid.addComponentColumn(u -> {
                    Button edit = new Button(
                            u.budget() == null ? "Set…" : "Edit…",
                            e -> new BudgetDialog(budgets, teams.visible(), clusters.list(), u.budget(), refresh)
                                    .open());
                    edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
                    edit.setId("budget-edit-" + u.team() + "-" + u.cluster());
                    edit.setAriaLabel("Budget of team " + u.teamName() + " in cluster "
                            + clusterNames.getOrDefault(u.cluster(), u.cluster()));
                    return edit;
                })
                .setHeader("Budget")
                .setWidth("6rem")
                .setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT); // cluster names in full
        grid.setAllRowsVisible(true);
        grid.setId("admin-budgets");
        grid.getElement().setAttribute("aria-label", "Team budgets");
        grid.setEmptyStateText("No team has a budget or a namespace yet.");
        refresh.run();
        Button add = new Button(
                "Set budget…",
                VaadinIcon.PLUS.create(),
                e -> new BudgetDialog(budgets, teams.visible(), clusters.list(), null, refresh).open());
        add.setId("budget-add");
        HorizontalLayout head = new HorizontalLayout(new H3("Team budgets"), add);
        head.setWidthFull();
        head.setJustifyContentMode(JustifyContentMode.BETWEEN);
        head.setAlignItems(Alignment.BASELINE);
        VerticalLayout box = new VerticalLayout(head, grid);
        box.setPadding(false);
        box.setId("admin-budget-section");
        return box;
    }

    private void refreshClusters() {
        cg.refresh();
    }

    private void onVerify() {
        ChainVerification r = audit.verify();
        chainStatus.setText(r.summary());
        if (r.ok()) {
            Notices.success(r.summary());
        } else {
            Notices.error(r.summary());
        }
    }
}
