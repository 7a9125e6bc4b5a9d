package io.bulkhead.ui.namespaces;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import jakarta.annotation.security.PermitAll;
import java.util.EnumSet;
import java.util.Set;

/** Namespaces the user may see (developers: their teams), filterable, lazy; a row opens the detail page. */
@Route("namespaces")
@PageTitle("Namespaces · Bulkhead")
@PermitAll
public class NamespacesView extends VerticalLayout {

    private final Namespaces namespaces;
    private final ComboBox<Team> team = new ComboBox<>("Team");
    private final ComboBox<ClusterSummary> cluster = new ComboBox<>("Cluster");
    private final ComboBox<TierSummary> tier = new ComboBox<>("Tier");
    private final MultiSelectComboBox<NamespaceState> state = new MultiSelectComboBox<>("State");
    private final TextField text = new TextField("Search");
    private final Grid<ManagedNamespace> grid = new Grid<>(ManagedNamespace.class, false);
    private Namespaces.Filter filter = Namespaces.Filter.ALL;

    NamespacesView(Namespaces namespaces, Teams teams, Clusters clusters, Tiers tiers, CurrentUsers users) {
        this.namespaces = namespaces;
        addClassName("view");
        setSizeFull();
        CurrentUser user = users.require();
        boolean canRequest = user.has(Role.DEVELOPER) && !user.teams().isEmpty();

        H2 title = new H2("Namespaces");
        HorizontalLayout head = new HorizontalLayout(title);
        head.setWidthFull();
        head.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        if (canRequest) {
            Button request = new Button("Request namespace", VaadinIcon.PLUS.create(), e -> openRequest());
            request.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            request.setId("ns-request-button");
            head.add(request);
        }
        add(head);

        if (!user.seesAllTeams() && user.teams().isEmpty()) {
            // nobody's namespaces are visible without a team: say how to get one rather than "no team has any"
            Div noTeam = Notices.emptyState(
                    VaadinIcon.USERS,
                    "You are not in a team yet",
                    "Namespaces belong to teams, and you are a member of none, so there is nothing to show and "
                            + "nothing you can request yet. Ask your platform team to add you to your team's group "
                            + "in the identity provider, then sign out and sign in again.");
            noTeam.getElement().setAttribute("id", "ns-no-team");
            add(noTeam);
            return;
        }
        if (namespaces.count(Namespaces.Filter.ALL) == 0) {
            Div empty = Notices.emptyState(
                    VaadinIcon.CUBES,
                    "No namespaces yet",
                    canRequest
                            ? "Request a namespace for your team: pick a security tier, a cluster and a quota, and Bulkhead creates it with its isolation in place."
                            : "No team has requested a namespace yet. They will be listed here with their tier and state.");
            empty.getElement().setAttribute("id", "ns-empty");
            if (canRequest) {
                Button first = new Button("Request a namespace", VaadinIcon.PLUS.create(), e -> openRequest());
                first.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                first.setId("ns-empty-request");
                empty.add(first);
            }
            add(empty);
            return;
        }

        team.setItems(teams.visible());
        team.setItemLabelGenerator(Team::displayName);
        team.setClearButtonVisible(true);
        team.setId("ns-filter-team");
        cluster.setItems(clusters.list());
        cluster.setItemLabelGenerator(ClusterSummary::name);
        cluster.setClearButtonVisible(true);
        cluster.setId("ns-filter-cluster");
        tier.setItems(tiers.list());
        tier.setItemLabelGenerator(TierSummary::title);
        tier.setClearButtonVisible(true);
        tier.setId("ns-filter-tier");
        state.setItems(EnumSet.allOf(NamespaceState.class));
        state.setItemLabelGenerator(Badges::stateLabel);
        state.setClearButtonVisible(true);
        state.setId("ns-filter-state");
        text.setPlaceholder("Name or purpose");
        text.setMaxLength(100);
        text.setClearButtonVisible(true);
        text.setValueChangeMode(ValueChangeMode.LAZY);
        text.setPrefixComponent(VaadinIcon.SEARCH.create());
        text.setId("ns-filter-text");
        team.addValueChangeListener(e -> onFilter());
        cluster.addValueChangeListener(e -> onFilter());
        tier.addValueChangeListener(e -> onFilter());
        state.addValueChangeListener(e -> onFilter());
        text.addValueChangeListener(e -> onFilter());
        HorizontalLayout filters = new HorizontalLayout(text, team, cluster, tier, state);
        filters.setWrap(true);
        filters.getElement().setAttribute("role", "search");
        filters.getElement().setAttribute("aria-label", "Namespace filters");
        if (!user.seesAllTeams() && user.teams().size() < 2) {
            team.setVisible(false);
        }

        grid.addColumn(new ComponentRenderer<>(ns -> {
                    RouterLink link = new RouterLink(
                            ns.name(),
                            NamespaceDetailView.class,
                            new RouteParameters("id", ns.id().toString()));
                    link.addClassName("ns-link");
                    return link;
                }))
                .setHeader("Name")
                .setAutoWidth(true)
                .setFlexGrow(1);
        grid.addColumn(ManagedNamespace::team).setHeader("Team").setAutoWidth(true);
        grid.addColumn(ManagedNamespace::cluster).setHeader("Cluster").setAutoWidth(true);
        grid.addColumn(ns -> ns.tier() + " v" + ns.tierVersion())
                .setHeader("Tier")
                .setAutoWidth(true);
        grid.addColumn(new ComponentRenderer<>(ns -> Badges.state(ns.state())))
                .setHeader("State")
                .setAutoWidth(true);
        grid.addColumn(ManagedNamespace::requestedByName)
                .setHeader("Requested by")
                .setAutoWidth(true);
        Times.addColumn(grid, ManagedNamespace::requestedAt)
                .setHeader("Requested at")
                .setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setEmptyStateText("No namespaces match these filters.");
        grid.setItems(
                q -> namespaces.list(filter, q.getOffset(), Math.min(q.getLimit(), 500)).stream(),
                q -> namespaces.count(filter));
        grid.addItemClickListener(e -> open(e.getItem()));
        grid.setSizeFull();
        grid.setId("ns-grid");
        grid.getElement().setAttribute("aria-label", "Namespaces, newest first");
        add(filters, grid);
        setFlexGrow(1, grid);
    }

    private void onFilter() {
        Set<NamespaceState> states = state.getValue();
        try {
            filter = new Namespaces.Filter(
                    team.getValue() == null ? null : team.getValue().id(),
                    cluster.getValue() == null ? null : cluster.getValue().name(),
                    tier.getValue() == null ? null : tier.getValue().name(),
                    states == null || states.isEmpty() ? null : Set.copyOf(states),
                    text.getValue());
            text.setInvalid(false);
        } catch (ValidationException ex) {
            text.setErrorMessage(ex.fieldErrors().getOrDefault("text", ex.getMessage()));
            text.setInvalid(true);
            return;
        }
        grid.getDataProvider().refreshAll();
    }

    private void open(ManagedNamespace ns) {
        getUI().ifPresent(ui -> ui.navigate(
                NamespaceDetailView.class, new RouteParameters("id", ns.id().toString())));
    }

    private void openRequest() {
        getUI().ifPresent(ui -> ui.navigate(NamespaceRequestView.class));
    }
}
