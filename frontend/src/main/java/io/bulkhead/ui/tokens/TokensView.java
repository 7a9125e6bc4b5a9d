package io.bulkhead.ui.tokens;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.tokens.ApiToken;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.IssuedToken;
import io.bulkhead.tokens.TokenScope;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The signed-in user's API tokens: create one (name, scopes the role may use, expiry up to the configured maximum;
 * the token is shown once), see when each was last used, revoke. Every rule is {@link ApiTokens}'.
 */
@Route("tokens")
@PageTitle("API tokens · Bulkhead")
@PermitAll
class TokensView extends VerticalLayout {
    private final ApiTokens tokens;
    private final Clock clock;
    private final TextField name = new TextField("Name");
    private final CheckboxGroup<TokenScope> scopes = new CheckboxGroup<>("Scopes");
    private final IntegerField days = new IntegerField("Expires in (days)");
    private final Grid<ApiToken> grid = new Grid<>(ApiToken.class, false);
    private final Div empty = new Div();

    TokensView(ApiTokens tokens, Clock clock, io.bulkhead.identity.CurrentUsers users) {
        this.tokens = tokens;
        this.clock = clock;
        setMaxWidth("1200px");
        add(new H2("API tokens"));
        add(new Paragraph("Personal access tokens let scripts and pipelines use the REST API (/api/v1, documented at"
                + " /swagger-ui.html) as you, with at most your own rights and only the scopes you choose. Send one as"
                + " 'Authorization: Bearer <token>'. A token is shown once; Bulkhead keeps only its hash."));

        name.setId("token-name");
        name.setPlaceholder("e.g. ci-deploy");
        name.setMaxLength(ApiTokens.MAX_NAME);
        name.setWidth("16rem");
        scopes.setId("token-scopes");
        scopes.setItems(tokens.grantableScopes());
        scopes.setItemLabelGenerator(TokenScope::label);
        scopes.setValue(java.util.Set.of(TokenScope.READ));
        days.setId("token-days");
        days.setMin(1);
        days.setMax(tokens.maxDays());
        days.setValue(Math.min(30, tokens.maxDays()));
        days.setStepButtonsVisible(true);
        days.setHelperText("At most " + tokens.maxDays() + " days");
        Button create = new Button("Create token", VaadinIcon.KEY.create(), e -> onCreate());
        create.setId("token-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, scopes, days, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        add(form);

        grid.setId("token-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(ApiToken::name).setHeader("Name").setFlexGrow(2);
        grid.addColumn(t -> "bkh_" + t.prefix() + "_…").setHeader("Token").setAutoWidth(true);
        grid.addColumn(t -> t.scopes().stream().sorted().map(TokenScope::label).collect(Collectors.joining(", ")))
                .setHeader("Scopes")
                .setFlexGrow(2);
        grid.addColumn(t -> t.status(clock.instant())).setHeader("Status").setAutoWidth(true);
        Times.addColumn(grid, ApiToken::expiresAt).setHeader("Expires");
        Times.addColumn(grid, ApiToken::lastUsedAt).setHeader("Last used");
        grid.addColumn(ApiToken::useCount).setHeader("Uses").setAutoWidth(true);
        grid.addColumn(new ComponentRenderer<>(t -> {
                    Button revoke = new Button("Revoke", e -> onRevoke(t));
                    revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
                    revoke.setAriaLabel("Revoke token " + t.name());
                    revoke.setEnabled(t.active(clock.instant()));
                    return revoke;
                }))
                .setHeader("")
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        empty.add(Notices.emptyState(
                VaadinIcon.KEY, "No API tokens yet", "Create one above to use the REST API from a script."));
        add(grid, empty);
        refresh();
        add(new ServiceAccountsPanel(
                tokens,
                clock,
                users.find().map(u -> (java.util.Set<String>) u.teams()).orElse(java.util.Set.of())));
    }

    private void onCreate() {
        Map<String, HasValidation> fields = Map.of("name", name, "scopes", scopes, "expiresInDays", days);
        FieldErrors.clear(fields);
        try {
            IssuedToken issued =
                    tokens.create(name.getValue(), scopes.getValue(), days.getValue() == null ? 0 : days.getValue());
            showOnce(issued);
            name.clear();
            refresh();
        } catch (ValidationException e) {
            FieldErrors.show(e.fieldErrors(), fields);
        }
    }

    private void showOnce(IssuedToken issued) {
        Dialog d = new Dialog();
        d.setHeaderTitle("Token " + issued.token().name() + " created");
        TextField secret = new TextField("Your token (shown only now)");
        secret.setId("token-secret");
        secret.setValue(issued.secret());
        secret.setReadOnly(true);
        secret.setWidthFull();
        secret.addFocusListener(e -> secret.getElement().executeJs("this.inputElement.select()"));
        d.add(
                new Paragraph("Copy it now and store it in your secret store; Bulkhead keeps only its hash and"
                        + " cannot show it again."),
                secret);
        Button done = new Button("Done", e -> d.close());
        done.setId("token-secret-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(done);
        d.setWidth("44rem");
        d.open();
    }

    private void onRevoke(ApiToken t) {
        try {
            tokens.revoke(t.id());
            Notices.success("Revoked the token " + t.name() + ".");
        } catch (ValidationException e) {
            Notices.error(String.join(" ", e.fieldErrors().values()));
        }
        refresh();
    }

    private void refresh() {
        List<ApiToken> mine = tokens.mine().stream()
                .sorted(Comparator.comparing(ApiToken::createdAt).reversed())
                .toList();
        grid.setItems(mine);
        grid.setVisible(!mine.isEmpty());
        empty.setVisible(mine.isEmpty());
    }
}
