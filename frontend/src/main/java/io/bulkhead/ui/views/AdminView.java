package io.bulkhead.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
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
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.Notices;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Platform administration: clusters, tiers, teams and the audit chain. Refused by the server to non-admins. */
@Route("admin")
@PageTitle("Admin · Bulkhead")
@RolesAllowed("ADMIN")
class AdminView extends VerticalLayout {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private final AuditLog audit;
    private final Span chainStatus = new Span("Not verified in this session.");

    AdminView(Clusters clusters, Tiers tiers, Teams teams, AuditLog audit) {
        this.audit = audit;
        addClassName("view");
        add(new H2("Administration"));

        add(new H3("Clusters"));
        Grid<ClusterSummary> cg = new Grid<>(ClusterSummary.class, false);
        cg.addColumn(ClusterSummary::name).setHeader("Name").setAutoWidth(true);
        cg.addColumn(ClusterSummary::displayName).setHeader("Description").setAutoWidth(true);
        cg.addColumn(ClusterSummary::connectionKind).setHeader("Connection").setAutoWidth(true);
        cg.addColumn(ClusterSummary::status).setHeader("Status").setAutoWidth(true);
        cg.addColumn(c -> c.statusReason() == null ? "" : c.statusReason())
                .setHeader("Reason")
                .setFlexGrow(1);
        cg.addColumn(c -> c.serverVersion() == null ? "" : c.serverVersion())
                .setHeader("Version")
                .setAutoWidth(true);
        cg.setItems(clusters.list());
        cg.setAllRowsVisible(true);
        cg.setEmptyStateText("No clusters registered.");
        cg.setId("admin-clusters");
        cg.getElement().setAttribute("aria-label", "Registered clusters");
        add(cg);

        add(new H3("Security tiers"));
        Grid<TierSummary> tg = new Grid<>(TierSummary.class, false);
        tg.addColumn(TierSummary::title).setHeader("Tier").setAutoWidth(true);
        tg.addColumn(t -> "v" + t.latestVersion()).setHeader("Version").setAutoWidth(true);
        tg.addColumn(t -> TIME.format(t.publishedAt())).setHeader("Published").setAutoWidth(true);
        tg.addColumn(TierSummary::summary).setHeader("What it is for").setFlexGrow(1);
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

        add(new H3("Audit chain"));
        Button verify = new Button("Verify audit chain", VaadinIcon.CHECK_CIRCLE_O.create(), e -> onVerify());
        verify.setId("admin-verify");
        chainStatus.setId("admin-chain-status");
        chainStatus.getElement().setAttribute("role", "status");
        HorizontalLayout row = new HorizontalLayout(verify, chainStatus);
        row.setAlignItems(Alignment.CENTER);
        add(row);
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
