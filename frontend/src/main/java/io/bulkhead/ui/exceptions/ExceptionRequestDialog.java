package io.bulkhead.ui.exceptions;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.shared.Registration;
import io.bulkhead.exceptions.ClusterChange;
import io.bulkhead.exceptions.Controls;
import io.bulkhead.exceptions.ExceptionRequest;
import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The exception request form: the control as the findings name it (never how it is enforced), the scope (the
 * namespace, named workloads, or one container of one workload), an egress editor (CIDR, port, protocol) or a quota
 * preset where the control needs a value, and a preview of the cluster change Bulkhead will make. Opened from a
 * failed finding it comes prefilled with the finding's control, namespace, workload and container. Every rule is
 * {@link PolicyExceptions}'; its field messages go to the fields. Fires {@link RequestedEvent} on success.
 */
public class ExceptionRequestDialog extends Dialog {

    /** What a finding prefills: its namespace, control and workload/container (null for a namespace finding). */
    public record Prefill(
            UUID namespaceId,
            String control,
            @Nullable String workloadKind,
            @Nullable String workloadName,
            @Nullable String container) {}

    /** The request was stored (Pending). */
    public static class RequestedEvent extends ComponentEvent<ExceptionRequestDialog> {
        private final PolicyException exception;

        RequestedEvent(ExceptionRequestDialog source, PolicyException exception) {
            super(source, false);
            this.exception = exception;
        }

        public PolicyException exception() {
            return exception;
        }
    }

    private static final String ANY_KIND = "any kind";

    private final PolicyExceptions exceptions;
    private final Tiers tiers;
    private final Select<ManagedNamespace> namespace = new Select<>();
    private final Select<Controls.Control> control = new Select<>();
    private final RadioButtonGroup<ExceptionScope> scope = new RadioButtonGroup<>("Scope");
    private final TextField workloads = new TextField("Workloads");
    private final Select<String> workloadKind = new Select<>();
    private final TextField container = new TextField("Container (optional)");
    private final TextField cidr = new TextField("CIDR");
    private final IntegerField port = new IntegerField("Port");
    private final Select<String> protocol = new Select<>();
    private final Select<String> preset = new Select<>();
    private final Div preview = new Div();
    private final TextArea justification = new TextArea("Justification");
    private final TextField ticket = new TextField("Ticket link (optional)");
    private final IntegerField days = new IntegerField("Duration (days)");
    private final HorizontalLayout scopeDetails;
    private final HorizontalLayout egress;
    private final Map<String, HasValidation> fields = new LinkedHashMap<>();
    private @Nullable TierBundle bundle;

    public ExceptionRequestDialog(
            PolicyExceptions exceptions, Tiers tiers, List<ManagedNamespace> ready, @Nullable Prefill prefill) {
        this.exceptions = exceptions;
        this.tiers = tiers;
        setHeaderTitle(prefill == null ? "Request an exception" : "Request an exception for this finding");
        setId("exc-request-dialog");
        getElement().setAttribute("aria-label", "Request an exception");

        namespace.setLabel("Namespace");
        namespace.setItems(ready);
        namespace.setItemLabelGenerator(n -> n.cluster() + "/" + n.name() + " (" + n.tier() + ")");
        namespace.setHelperText("Your team's namespaces that are Ready.");
        namespace.setRequiredIndicatorVisible(true);
        namespace.setWidthFull();
        namespace.setId("exc-namespace");
        namespace.setAriaLabel("Namespace");

        control.setLabel("Control");
        control.setItemLabelGenerator(Controls.Control::title);
        control.setRequiredIndicatorVisible(true);
        control.setWidthFull();
        control.setEnabled(false);
        control.setPlaceholder("Choose a namespace first");
        control.setId("exc-control");
        control.setAriaLabel("Control to except, as the findings name it");

        scope.setItems(ExceptionScope.values());
        scope.setItemLabelGenerator(s -> s == ExceptionScope.NAMESPACE ? "Whole namespace" : "Named workloads");
        scope.setValue(ExceptionScope.NAMESPACE);
        scope.setRequired(true);
        scope.setId("exc-scope");
        scope.setAriaLabel("Scope");

        workloads.setPlaceholder("api, worker");
        workloads.setHelperText("Comma-separated workload names, at most " + Controls.MAX_WORKLOADS
                + ". Labels are never used: tenants control them.");
        workloads.setWidthFull();
        workloads.setValueChangeMode(ValueChangeMode.LAZY);
        workloads.setId("exc-workloads");
        workloads.setAriaLabel("Workload names, comma-separated");
        List<String> kinds = new ArrayList<>(List.of(ANY_KIND));
        kinds.addAll(Controls.WORKLOAD_KINDS.stream().sorted().toList());
        workloadKind.setLabel("Kind");
        workloadKind.setItems(kinds);
        workloadKind.setValue(ANY_KIND);
        workloadKind.setId("exc-workload-kind");
        workloadKind.setAriaLabel("Kind of the workloads");
        workloadKind.setWidth("11rem");
        container.setHelperText("Only with one workload.");
        container.setMaxLength(63);
        container.setValueChangeMode(ValueChangeMode.LAZY);
        container.setId("exc-container");
        container.setAriaLabel("Container");
        scopeDetails = new HorizontalLayout(workloadKind, container);
        scopeDetails.setWidthFull();
        scopeDetails.setFlexGrow(1, container);

        cidr.setPlaceholder("203.0.113.0/24");
        cidr.setHelperText("IPv4 or IPv6 network, e.g. 203.0.113.0/24");
        cidr.setValueChangeMode(ValueChangeMode.LAZY);
        cidr.setId("exc-egress-cidr");
        cidr.setAriaLabel("Egress destination CIDR");
        port.setMin(1);
        port.setMax(65535);
        port.setPlaceholder("443");
        port.setId("exc-egress-port");
        port.setAriaLabel("Egress destination port");
        port.setWidth("7rem");
        protocol.setLabel("Protocol");
        protocol.setItems(EgressRule.PROTOCOLS.stream().sorted().toList());
        protocol.setValue("TCP");
        protocol.setId("exc-egress-protocol");
        protocol.setAriaLabel("Egress protocol");
        protocol.setWidth("7rem");
        egress = new HorizontalLayout(cidr, port, protocol);
        egress.setWidthFull();
        egress.setFlexGrow(1, cidr);
        egress.setVisible(false);
        egress.setId("exc-egress");

        preset.setLabel("Quota preset");
        preset.setId("exc-quota-preset");
        preset.setAriaLabel("Quota preset");
        preset.setVisible(false);

        preview.setId("exc-preview");
        preview.addClassName("exc-preview");
        preview.getElement().setAttribute("role", "status");
        preview.getElement().setAttribute("aria-live", "polite");
        preview.setWidthFull();

        justification.setRequired(true);
        justification.setMinLength(Controls.MIN_JUSTIFICATION);
        justification.setMaxLength(Controls.MAX_JUSTIFICATION);
        justification.setValueChangeMode(ValueChangeMode.EAGER);
        justification.setHelperText(justificationHelp(0));
        justification.addValueChangeListener(e -> justification.setHelperText(
                justificationHelp(e.getValue().strip().length())));
        justification.setWidthFull();
        justification.setMinHeight("6rem");
        justification.setId("exc-justification");
        justification.setAriaLabel("Justification");

        ticket.setPlaceholder("https://tickets.example.com/SEC-123");
        ticket.setMaxLength(Controls.MAX_TICKET_URL);
        ticket.setWidthFull();
        ticket.setId("exc-ticket");
        ticket.setAriaLabel("Ticket link");

        days.setMin(1);
        days.setStepButtonsVisible(true);
        days.setRequiredIndicatorVisible(true);
        days.setHelperText("Choose a namespace to see the tier's maximum.");
        days.setId("exc-days");
        days.setAriaLabel("Duration in days");

        namespace.addValueChangeListener(e -> onNamespace(e.getValue()));
        control.addValueChangeListener(e -> onControl(e.getValue()));
        scope.addValueChangeListener(e -> {
            showScope();
            updatePreview();
        });
        workloads.addValueChangeListener(e -> updatePreview());
        container.addValueChangeListener(e -> updatePreview());
        workloadKind.addValueChangeListener(e -> updatePreview());
        cidr.addValueChangeListener(e -> onEgressChanged());
        port.addValueChangeListener(e -> onEgressChanged());
        protocol.addValueChangeListener(e -> onEgressChanged());
        preset.addValueChangeListener(e -> updatePreview());

        fields.put("namespace", namespace);
        fields.put("control", control);
        fields.put("value", preset);
        fields.put("value.cidr", cidr);
        fields.put("value.port", port);
        fields.put("value.protocol", protocol);
        fields.put("scope", scope);
        fields.put("workloads", workloads);
        fields.put("workloadKind", workloadKind);
        fields.put("container", container);
        fields.put("justification", justification);
        fields.put("ticketUrl", ticket);
        fields.put("durationDays", days);

        VerticalLayout body = new VerticalLayout(
                namespace,
                control,
                scope,
                workloads,
                scopeDetails,
                egress,
                preset,
                preview,
                justification,
                ticket,
                days);
        body.setPadding(false);
        body.setSpacing(false);
        body.setWidth("38rem");
        body.setMaxWidth("100%");
        add(body);

        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("exc-request-cancel");
        Button submit = new Button("Submit request", VaadinIcon.PAPERPLANE.create(), e -> onSubmit());
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.setId("exc-submit");
        submit.setAriaLabel("Submit the exception request");
        getFooter().add(cancel, submit);

        showScope();
        if (prefill != null) {
            ready.stream()
                    .filter(n -> n.id().equals(prefill.namespaceId()))
                    .findFirst()
                    .ifPresent(namespace::setValue);
            namespace.setReadOnly(true);
            controlItem(prefill.control()).ifPresent(c -> {
                control.setValue(c);
                control.setReadOnly(true);
            });
            if (prefill.workloadName() != null) {
                scope.setValue(ExceptionScope.WORKLOADS);
                workloads.setValue(prefill.workloadName());
                workloadKind.setValue(prefill.workloadKind() == null ? ANY_KIND : prefill.workloadKind());
                container.setValue(prefill.container() == null ? "" : prefill.container());
            }
            updatePreview();
        } else if (ready.size() == 1) {
            namespace.setValue(ready.getFirst());
        }
    }

    public Registration addRequestedListener(ComponentEventListener<RequestedEvent> listener) {
        return addListener(RequestedEvent.class, listener);
    }

    private Optional<Controls.Control> controlItem(String id) {
        return control.getListDataView()
                .getItems()
                .filter(c -> c.id().equals(id))
                .findFirst();
    }

    private static String justificationHelp(int length) {
        return "Why the exception is needed: " + Controls.MIN_JUSTIFICATION + "–" + Controls.MAX_JUSTIFICATION
                + " characters (" + length + " so far).";
    }

    private void onNamespace(@Nullable ManagedNamespace ns) {
        control.clear();
        if (ns == null) {
            control.setEnabled(false);
            return;
        }
        try {
            control.setItems(exceptions.controlsFor(ns.id()));
            control.setEnabled(true);
            control.setPlaceholder("Choose the control the finding names");
            bundle = tiers.bundle(ns.tier(), ns.tierVersion()).orElse(null);
        } catch (ValidationException | AccessDeniedException ex) {
            Notices.error(ex.getMessage());
            return;
        }
        if (bundle != null) {
            int max = bundle.exceptions().maxDays();
            days.setMax(max);
            days.setHelperText("1 to " + max + " days (the maximum of the " + bundle.title() + " tier)"
                    + (bundle.exceptions().approvalsRequired() > 1
                            ? "; needs " + bundle.exceptions().approvalsRequired() + " approvals."
                            : "."));
            if (days.isEmpty()) {
                days.setValue(Math.min(30, max));
            }
            List<String> order = List.copyOf(bundle.quotaPresets().keySet());
            int at = order.indexOf(ns.quotaPreset());
            preset.setItems(at < 0 ? List.of() : order.subList(at + 1, order.size()));
            preset.setHelperText("Now " + ns.quotaPreset() + "; a larger preset of the " + bundle.title() + " tier.");
        }
    }

    private void onControl(Controls.@Nullable Control c) {
        preset.clear();
        boolean isEgress = c != null && c.id().equals(Controls.EGRESS);
        boolean isQuota = c != null && c.id().equals(Controls.QUOTA);
        egress.setVisible(isEgress);
        preset.setVisible(isQuota);
        control.setHelperText(c == null ? null : c.description());
        scope.setItemEnabledProvider(s -> s == ExceptionScope.NAMESPACE || (c != null && c.allowsWorkloads()));
        if (c != null && !c.allowsWorkloads()) {
            scope.setValue(ExceptionScope.NAMESPACE);
        }
        showScope();
        updatePreview();
    }

    private void showScope() {
        boolean w = scope.getValue() == ExceptionScope.WORKLOADS;
        workloads.setVisible(w);
        scopeDetails.setVisible(w);
    }

    /** The egress parts as the stored value; each part's message right at its field while typing. */
    private @Nullable String egressValue() {
        if (!egress.isVisible()) {
            return null;
        }
        return Controls.egressValue(
                cidr.getValue(), port.getValue(), protocol.getValue() == null ? "" : protocol.getValue());
    }

    private void onEgressChanged() {
        String value = egressValue();
        for (String f : List.of("value.cidr", "value.port", "value.protocol")) {
            fields.get(f).setInvalid(false);
        }
        if (value != null && bundle != null && !cidr.getValue().isBlank() && port.getValue() != null) {
            FieldErrors.show(Controls.egressErrors(value, bundle), fields);
        }
        updatePreview();
    }

    private List<String> workloadNames() {
        return scope.getValue() == ExceptionScope.WORKLOADS
                ? Arrays.stream(workloads.getValue().split(","))
                        .map(String::strip)
                        .filter(w -> !w.isEmpty())
                        .toList()
                : List.of();
    }

    private ExceptionRequest request() {
        ManagedNamespace ns = namespace.getValue();
        Controls.Control c = control.getValue();
        ExceptionScope s = scope.getValue();
        boolean w = s == ExceptionScope.WORKLOADS;
        String value = c == null ? null : c.id().equals(Controls.QUOTA) ? preset.getValue() : egressValue();
        String kind = w && !ANY_KIND.equals(workloadKind.getValue()) ? workloadKind.getValue() : null;
        String cont = w && !container.getValue().isBlank() ? container.getValue() : null;
        return new ExceptionRequest(
                ns == null ? null : ns.id(),
                c == null ? null : c.id(),
                value,
                s,
                workloadNames(),
                justification.getValue(),
                ticket.getValue(),
                days.getValue(),
                null,
                kind,
                cont);
    }

    /** What Bulkhead would change in the cluster for the request as it stands (nothing until a control is chosen). */
    private void updatePreview() {
        preview.removeAll();
        if (namespace.getValue() == null || control.getValue() == null) {
            preview.setVisible(false);
            return;
        }
        ClusterChange change;
        try {
            change = exceptions.previewChange(request());
        } catch (ValidationException | AccessDeniedException ex) {
            preview.setVisible(false);
            return;
        }
        preview.add(previewOf(change));
        preview.setVisible(true);
    }

    /** A cluster change as a titled box: summary, the objects that change, what it means. */
    public static Div previewOf(ClusterChange change) {
        Span title = new Span("What changes in the cluster");
        title.addClassName("exc-preview-title");
        Span summary = new Span(change.summary());
        summary.addClassName("exc-preview-summary");
        summary.setId("exc-preview-summary");
        Div box = new Div(title, summary);
        if (!change.changes().isEmpty()) {
            UnorderedList list = new UnorderedList();
            change.changes().forEach(c -> list.add(new ListItem(c)));
            box.add(list);
        }
        change.notes().forEach(n -> {
            Span note = new Span(n);
            note.addClassName("exc-preview-note");
            box.add(note);
        });
        box.addClassNames("callout", "callout-info");
        box.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "0.25rem");
        return box;
    }

    private void onSubmit() {
        FieldErrors.clear(fields);
        try {
            PolicyException created = exceptions.request(request());
            close();
            Controls.Control chosen = control.getValue();
            Notices.success("Requested the exception " + (chosen == null ? created.control() : chosen.title())
                    + " for " + created.namespace()
                    + "; a reviewer will decide.");
            fireEvent(new RequestedEvent(this, created));
        } catch (ValidationException ex) {
            FieldErrors.show(ex.fieldErrors(), fields);
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }
}
