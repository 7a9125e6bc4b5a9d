package io.bulkhead.ui.webhooks;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
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
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.mail.MailSettings;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import io.bulkhead.webhooks.CreatedWebhook;
import io.bulkhead.webhooks.PortalEventType;
import io.bulkhead.webhooks.WebhookDelivery;
import io.bulkhead.webhooks.WebhookEndpoint;
import io.bulkhead.webhooks.WebhookForm;
import io.bulkhead.webhooks.WebhookFormat;
import io.bulkhead.webhooks.Webhooks;
import jakarta.annotation.security.PermitAll;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Notifications that leave the portal: the signed-in user's notification mail switch, and the webhooks they
 * manage (their teams'; admins also the platform's, which get every team's events) with a delivery log and a test
 * event. Every rule is {@link Webhooks}' and {@link MailSettings}'.
 */
@Route("webhooks")
@PageTitle("Notifications · Bulkhead")
@PermitAll
class WebhooksView extends VerticalLayout {
    static final String PLATFORM = "Platform (all teams)";

    private final Webhooks webhooks;
    private final MailSettings mail;
    private final Select<String> owner = new Select<>();
    private final TextField name = new TextField("Name");
    private final TextField url = new TextField("URL");
    private final Select<WebhookFormat> format = new Select<>();
    private final CheckboxGroup<PortalEventType> events = new CheckboxGroup<>("Events");
    private final IntegerField threshold = new IntegerField("Score threshold");
    private final Grid<WebhookEndpoint> grid = new Grid<>(WebhookEndpoint.class, false);
    private final Div empty = new Div();

    WebhooksView(Webhooks webhooks, MailSettings mail, CurrentUsers users) {
        this.webhooks = webhooks;
        this.mail = mail;
        setMaxWidth("1200px");
        add(new H2("Notifications"));

        add(new H3("E-mail"));
        Checkbox receive = new Checkbox("Send me notification e-mail (approvals, decisions, expiries, failures)");
        receive.setId("mail-receive");
        receive.setValue(mail.receivesMail());
        receive.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                mail.setReceivesMail(e.getValue());
                Notices.success(e.getValue() ? "Notification e-mail is on." : "Notification e-mail is off.");
            }
        });
        String address = mail.myAddress();
        Paragraph mailNote = new Paragraph(
                !mail.enabled()
                        ? "This portal has no mail server configured; no e-mail is sent."
                        : address == null
                                ? "Your identity provider gave no e-mail address; no e-mail can reach you."
                                : "Mail goes to " + address + ".");
        mailNote.addClassName("mail-note");
        add(receive, mailNote);

        add(new H3("Webhooks"));
        add(new Paragraph("Bulkhead POSTs the chosen events to your endpoint, signed with HMAC-SHA256 in the"
                + " Bulkhead-Signature header (t=<unix time>,v1=<hex of HMAC(secret, t + \".\" + body)>; reject a t"
                + " older than 5 minutes). Failed deliveries are retried with growing delays. A team's webhooks get"
                + " only that team's events and must reach a public https address."));

        List<String> owners = new ArrayList<>();
        if (webhooks.canManagePlatform()) {
            owners.add(PLATFORM);
        }
        users.find().ifPresent(u -> owners.addAll(u.teams()));
        owner.setLabel("Owner");
        owner.setId("webhook-owner");
        owner.setItems(owners);
        if (!owners.isEmpty()) {
            owner.setValue(owners.getFirst());
        }
        name.setId("webhook-name");
        name.setMaxLength(Webhooks.MAX_NAME);
        name.setPlaceholder("e.g. team chat");
        url.setId("webhook-url");
        url.setMaxLength(Webhooks.MAX_URL);
        url.setPlaceholder("https://hooks.example.com/bulkhead");
        url.setWidth("24rem");
        format.setLabel("Format");
        format.setId("webhook-format");
        format.setItems(WebhookFormat.values());
        format.setItemLabelGenerator(f -> f == WebhookFormat.SLACK ? "Slack-compatible" : "Bulkhead JSON");
        format.setValue(WebhookFormat.BULKHEAD);
        events.setId("webhook-events");
        events.setItems(Webhooks.subscribable());
        events.setItemLabelGenerator(PortalEventType::label);
        threshold.setId("webhook-threshold");
        threshold.setMin(1);
        threshold.setMax(100);
        threshold.setValue(Webhooks.DEFAULT_THRESHOLD);
        threshold.setHelperText("For \"score dropped\"");
        Button create = new Button("Add webhook", VaadinIcon.PLUS.create(), e -> onCreate());
        create.setId("webhook-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setEnabled(!owners.isEmpty());
        HorizontalLayout form = new HorizontalLayout(owner, name, url, format, threshold, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        add(form, events);
        if (owners.isEmpty()) {
            add(new Paragraph("You are in no team, so there is no webhook for you to add."));
        }

        grid.setId("webhook-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(WebhookEndpoint::name).setHeader("Name").setFlexGrow(2);
        grid.addColumn(e -> e.team() == null ? "Platform" : e.team())
                .setHeader("Owner")
                .setAutoWidth(true);
        grid.addColumn(e -> host(e.url())).setHeader("Goes to").setFlexGrow(2);
        grid.addColumn(e ->
                        e.events().stream().map(PortalEventType::label).sorted().collect(Collectors.joining(", ")))
                .setHeader("Events")
                .setFlexGrow(3);
        grid.addColumn(e -> e.enabled() ? "On" : "Off").setHeader("Enabled").setAutoWidth(true);
        grid.addColumn(new ComponentRenderer<>(e -> {
                    Button test = new Button("Send test event", x -> onTest(e));
                    test.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                    test.setAriaLabel("Send a test event to " + e.name());
                    Button log = new Button("Deliveries", x -> showDeliveries(e));
                    log.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                    log.setAriaLabel("Delivery log of " + e.name());
                    Button delete = new Button("Delete", x -> onDelete(e));
                    delete.addThemeVariants(
                            ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                    delete.setAriaLabel("Delete webhook " + e.name());
                    return new HorizontalLayout(test, log, delete);
                }))
                .setHeader("")
                .setAutoWidth(true);
        grid.setItems(q -> webhooks.list(q.getOffset(), q.getLimit()).stream(), q -> webhooks.count());
        grid.setHeight("24rem");
        empty.add(Notices.emptyState(
                VaadinIcon.CONNECT, "No webhooks yet", "Add one above to hear about approvals and expiries in chat."));
        add(grid, empty);
        refresh();
    }

    private void onCreate() {
        Map<String, HasValidation> fields =
                Map.of("name", name, "url", url, "events", events, "scoreThreshold", threshold);
        FieldErrors.clear(fields);
        String team = owner.getValue() == null || owner.getValue().equals(PLATFORM) ? null : owner.getValue();
        try {
            CreatedWebhook c = webhooks.create(
                    team,
                    new WebhookForm(
                            name.getValue(),
                            url.getValue(),
                            format.getValue(),
                            events.getValue(),
                            threshold.getValue(),
                            true));
            showSecretOnce(c);
            name.clear();
            url.clear();
            refresh();
        } catch (ValidationException e) {
            FieldErrors.show(e.fieldErrors(), fields);
        }
    }

    private void showSecretOnce(CreatedWebhook c) {
        Dialog d = new Dialog();
        d.setHeaderTitle("Webhook " + c.endpoint().name() + " added");
        TextField secret = new TextField("Signing secret (shown only now)");
        secret.setId("webhook-secret");
        secret.setValue(c.secret());
        secret.setReadOnly(true);
        secret.setWidthFull();
        d.add(
                new Paragraph("Give this secret to the receiver to check the Bulkhead-Signature header. Bulkhead"
                        + " stores it encrypted and cannot show it again."),
                secret);
        Button done = new Button("Done", e -> d.close());
        done.setId("webhook-secret-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(done);
        d.setWidth("44rem");
        d.open();
    }

    private void onTest(WebhookEndpoint e) {
        if (webhooks.sendTest(e.id()).isPresent()) {
            Notices.success("Test event queued for " + e.name() + "; see its deliveries.");
        } else {
            Notices.error("No such webhook.");
        }
    }

    private void onDelete(WebhookEndpoint e) {
        if (webhooks.delete(e.id())) {
            Notices.success("Deleted the webhook " + e.name() + ".");
        }
        refresh();
    }

    private void showDeliveries(WebhookEndpoint e) {
        Dialog d = new Dialog();
        d.setHeaderTitle("Deliveries of " + e.name());
        Grid<WebhookDelivery> log = new Grid<>(WebhookDelivery.class, false);
        log.setId("delivery-grid");
        Times.addColumn(log, WebhookDelivery::createdAt).setHeader("Event at");
        log.addColumn(x -> x.eventType().label()).setHeader("Event").setFlexGrow(2);
        log.addColumn(WebhookDelivery::state).setHeader("State").setAutoWidth(true);
        log.addColumn(x -> x.tries().stream()
                        .map(t -> t.statusCode() == null ? "no answer" : Integer.toString(t.statusCode()))
                        .collect(Collectors.joining(" → ")))
                .setHeader("Responses")
                .setFlexGrow(2);
        log.addColumn(x -> x.tries().isEmpty() || x.tries().getLast().error() == null
                        ? ""
                        : x.tries().getLast().error())
                .setHeader("Last error")
                .setFlexGrow(3);
        log.setItems(
                q -> webhooks.deliveries(e.id(), q.getOffset(), q.getLimit()).stream(),
                q -> webhooks.countDeliveries(e.id()));
        log.setHeight("22rem");
        d.add(log);
        Button close = new Button("Close", x -> d.close());
        d.getFooter().add(close);
        d.setWidth("60rem");
        d.open();
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
        boolean none = webhooks.count() == 0;
        grid.setVisible(!none);
        empty.setVisible(none);
    }

    private static String host(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
