package io.bulkhead.ui.tokens;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.tokens.ApiToken;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.IssuedToken;
import io.bulkhead.tokens.TokenScope;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Team service accounts: tokens that act for one of the user's teams (not for the user), created and revoked by
 * the team's members, with an expiry up to the admin's maximum. Every rule is {@link ApiTokens}'.
 */
class ServiceAccountsPanel extends VerticalLayout {
    private final ApiTokens tokens;
    private final Clock clock;
    private final Select<String> team = new Select<>();
    private final TextField name = new TextField("Service account name");
    private final CheckboxGroup<TokenScope> scopes = new CheckboxGroup<>("Scopes");
    private final IntegerField days = new IntegerField("Expires in (days)");
    private final Grid<ApiToken> grid = new Grid<>(ApiToken.class, false);
    private final Div empty = new Div();

    ServiceAccountsPanel(ApiTokens tokens, Clock clock, Set<String> teams) {
        this.tokens = tokens;
        this.clock = clock;
        setPadding(false);
        add(new H3("Team service accounts"));
        add(new Paragraph("A service account's token acts for a team, not for you: it keeps working when you leave"
                + " the team, and the audit trail names the service account. Any member of the team can revoke it."));
        if (teams.isEmpty()) {
            add(new Paragraph("You are in no team, so there is no service account for you to manage."));
            return;
        }
        team.setLabel("Team");
        team.setId("sa-team");
        team.setItems(teams);
        team.setValue(teams.iterator().next());
        team.addValueChangeListener(e -> refresh());
        name.setId("sa-name");
        name.setPlaceholder("e.g. argocd");
        name.setMaxLength(ApiTokens.MAX_NAME);
        scopes.setId("sa-scopes");
        scopes.setItems(ApiTokens.SERVICE_ACCOUNT_SCOPES.stream()
                .filter(tokens.grantableScopes()::contains)
                .sorted()
                .toList());
        scopes.setItemLabelGenerator(TokenScope::label);
        scopes.setValue(Set.of(TokenScope.READ));
        int max = tokens.serviceAccountMaxDays();
        days.setId("sa-days");
        days.setMin(1);
        days.setMax(max);
        days.setValue(Math.min(30, max));
        days.setStepButtonsVisible(true);
        days.setHelperText("At most " + max + " days (set by the platform admins)");
        Button create = new Button("Create service account", VaadinIcon.COGS.create(), e -> onCreate());
        create.setId("sa-create");
        HorizontalLayout form = new HorizontalLayout(team, name, scopes, days, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        add(form);

        grid.setId("sa-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(ApiToken::name).setHeader("Name").setFlexGrow(2);
        grid.addColumn(t -> "bkh_" + t.prefix() + "_…").setHeader("Token").setAutoWidth(true);
        grid.addColumn(t -> t.scopes().stream().sorted().map(TokenScope::label).collect(Collectors.joining(", ")))
                .setHeader("Scopes")
                .setFlexGrow(2);
        grid.addColumn(t -> t.status(clock.instant())).setHeader("Status").setAutoWidth(true);
        Times.addColumn(grid, ApiToken::expiresAt).setHeader("Expires");
        Times.addColumn(grid, ApiToken::lastUsedAt).setHeader("Last used");
        grid.addColumn(new ComponentRenderer<>(t -> {
                    Button revoke = new Button("Revoke", e -> onRevoke(t));
                    revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
                    revoke.setAriaLabel("Revoke service account " + t.name());
                    revoke.setEnabled(t.active(clock.instant()));
                    return revoke;
                }))
                .setHeader("")
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        empty.add(Notices.emptyState(
                VaadinIcon.COGS, "No service accounts yet", "Create one for a pipeline that acts for the team."));
        add(grid, empty);
        refresh();
    }

    private void onCreate() {
        Map<String, HasValidation> fields = Map.of("name", name, "scopes", scopes, "expiresInDays", days);
        FieldErrors.clear(fields);
        try {
            IssuedToken issued = tokens.createForTeam(
                    team.getValue(), name.getValue(), scopes.getValue(), days.getValue() == null ? 0 : days.getValue());
            Dialog d = new Dialog();
            d.setHeaderTitle("Service account " + issued.token().name() + " created");
            TextField secret = new TextField("Its token (shown only now)");
            secret.setId("sa-secret");
            secret.setValue(issued.secret());
            secret.setReadOnly(true);
            secret.setWidthFull();
            d.add(new Paragraph("Store it in the pipeline's secret store; Bulkhead keeps only its hash."), secret);
            Button done = new Button("Done", e -> d.close());
            done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            d.getFooter().add(done);
            d.setWidth("44rem");
            d.open();
            name.clear();
            refresh();
        } catch (ValidationException e) {
            FieldErrors.show(e.fieldErrors(), fields);
        } catch (AccessDeniedException e) {
            Notices.error("Only members of the team can create its service accounts.");
        }
    }

    private void onRevoke(ApiToken t) {
        try {
            tokens.revoke(t.id());
            Notices.success("Revoked the service account " + t.name() + ".");
        } catch (ValidationException e) {
            Notices.error(String.join(" ", e.fieldErrors().values()));
        }
        refresh();
    }

    private void refresh() {
        List<ApiToken> list = team.getValue() == null ? List.of() : tokens.teamAccounts(team.getValue());
        grid.setItems(list);
        grid.setVisible(!list.isEmpty());
        empty.setVisible(list.isEmpty());
    }
}
