package io.bulkhead.ui.exceptions;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
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
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.exceptions.Controls;
import io.bulkhead.exceptions.ExceptionRequest;
import io.bulkhead.exceptions.ExceptionScope;
import io.bulkhead.exceptions.ExceptionState;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.Decisions;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import jakarta.annotation.security.PermitAll;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Exceptions: developers request time-limited exceptions for their teams' Ready namespaces and follow them;
 * reviewers work through the queue (oldest first) and approve or reject with a comment; reviewers and admins
 * revoke active ones; requesters withdraw pending ones. Every rule is enforced by {@link PolicyExceptions}.
 */
@Route("exceptions")
@PageTitle("Exceptions · Bulkhead")
@PermitAll
public class ExceptionsView extends VerticalLayout {

    private final PolicyExceptions exceptions;
    private final Namespaces namespaces;
    private final Tiers tiers;
    private final CurrentUser user;
    private final Grid<PolicyException> grid = new Grid<>(PolicyException.class, false);
    private final Grid<PolicyException> queue = new Grid<>(PolicyException.class, false);
    private final Div listEmpty = new Div();
    private final Div queueEmpty = new Div();
    private final com.vaadin.flow.component.textfield.TextField queueFilter =
            new com.vaadin.flow.component.textfield.TextField();
    private final Button approve = new Button("Approve", VaadinIcon.CHECK.create());
    private final Button reject = new Button("Reject", VaadinIcon.CLOSE.create());
    private final boolean canRequest;
    private final boolean seesQueue;
    private final boolean decides;

    ExceptionsView(PolicyExceptions exceptions, Namespaces namespaces, Tiers tiers, CurrentUsers users) {
        this.exceptions = exceptions;
        this.namespaces = namespaces;
        this.tiers = tiers;
        this.user = users.require();
        addClassName("view");
        canRequest = user.has(Role.DEVELOPER) && !user.teams().isEmpty();
        seesQueue = user.hasAny(Role.REVIEWER, Role.ADMIN);
        decides = user.has(Role.REVIEWER);

        HorizontalLayout head = new HorizontalLayout(new H2("Exceptions"));
        head.setWidthFull();
        head.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        if (canRequest) {
            Button request = new Button("Request exception", VaadinIcon.PLUS.create(), e -> openRequest());
            request.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            request.setId("exc-request");
            request.setAriaLabel("Request an exception for one of your team's namespaces");
            head.add(request);
        }
        add(head);

        if (seesQueue) {
            add(queueSection());
        }
        add(listSection());
        refresh();
    }

    // ------------------------------------------------------------------------------------------------ sections

    private VerticalLayout queueSection() {
        H3 title = new H3("Review queue");
        title.setId("exc-queue-title");
        approve.setId("exc-approve");
        approve.addThemeVariants(ButtonVariant.LUMO_SUCCESS);
        approve.setAriaLabel("Approve the selected exception request");
        approve.addClickListener(e -> selected().ifPresent(x -> decisionDialog(x, Decision.APPROVE)));
        reject.setId("exc-reject");
        reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
        reject.setAriaLabel("Reject the selected exception request");
        reject.addClickListener(e -> selected().ifPresent(x -> decisionDialog(x, Decision.REJECT)));
        approve.setEnabled(false);
        reject.setEnabled(false);
        HorizontalLayout buttons = new HorizontalLayout(approve, reject);
        buttons.setVisible(decides);
        HorizontalLayout qhead = new HorizontalLayout(title, buttons);
        qhead.setWidthFull();
        qhead.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        qhead.setAlignItems(FlexComponent.Alignment.BASELINE);

        Times.addColumn(queue, PolicyException::requestedAt)
                .setHeader("Waiting")
                .setAutoWidth(true)
                .setFlexGrow(0);
        queue.addColumn(x -> x.cluster() + "/" + x.namespace())
                .setHeader("Namespace")
                .setAutoWidth(true);
        queue.addColumn(ExceptionsView::controlText).setHeader("Control").setAutoWidth(true);
        queue.addColumn(ExceptionsView::scopeText).setHeader("Scope").setAutoWidth(true);
        queue.addColumn(x -> x.durationDays() + " d").setHeader("Duration").setAutoWidth(true);
        queue.addColumn(PolicyException::requestedByName)
                .setHeader("Requested by")
                .setAutoWidth(true);
        queue.addColumn(x -> x.approvals() + " of " + x.approvalsRequired())
                .setHeader("Approvals")
                .setAutoWidth(true);
        queue.addColumn(PolicyException::justification)
                .setHeader("Justification")
                .setWidth("12rem")
                .setFlexGrow(1);
        queue.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        queue.setSelectionMode(Grid.SelectionMode.SINGLE);
        queue.addSelectionListener(e -> {
            boolean any = e.getFirstSelectedItem().isPresent();
            approve.setEnabled(any);
            reject.setEnabled(any);
        });
        queue.setAllRowsVisible(true);
        queue.setId("exc-queue");
        queue.getElement()
                .setAttribute(
                        "aria-label", "Exception requests waiting for review, oldest first; select one to decide");
        queueEmpty.add(Notices.emptyState(
                VaadinIcon.CHECK_CIRCLE_O,
                "Nothing to review",
                "No exception request is waiting. New requests appear here, oldest first."));
        queueEmpty.setId("exc-queue-empty");
        Paragraph hint = new Paragraph(
                decides
                        ? "Select a request, then approve or reject it. You cannot decide on your own requests."
                        : "Reviewers decide on these requests; admins can revoke active exceptions below.");
        hint.addClassName("hint");
        queueFilter.setPlaceholder("Team, namespace, control or requester");
        queueFilter.setLabel("Filter the queue");
        queueFilter.setClearButtonVisible(true);
        queueFilter.setMaxLength(100);
        queueFilter.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.LAZY);
        queueFilter.addValueChangeListener(e -> refresh());
        queueFilter.setId("exc-queue-filter");
        queueFilter.setWidth("24rem");
        VerticalLayout section = new VerticalLayout(qhead, hint, queueFilter, queue, queueEmpty);
        section.setPadding(false);
        section.getElement().setAttribute("role", "region");
        section.getElement().setAttribute("aria-labelledby", "exc-queue-title");
        return section;
    }

    private VerticalLayout listSection() {
        H3 title = new H3(canRequest && !user.seesAllTeams() ? "My exceptions" : "All exceptions");
        title.setId("exc-grid-title");
        grid.addColumn(x -> x.cluster() + "/" + x.namespace())
                .setHeader("Namespace")
                .setAutoWidth(true);
        grid.addColumn(ExceptionsView::controlText).setHeader("Control").setAutoWidth(true);
        grid.addColumn(ExceptionsView::scopeText).setHeader("Scope").setAutoWidth(true);
        grid.addColumn(new ComponentRenderer<>(x -> Badges.exceptionState(x.state())))
                .setHeader("State")
                .setAutoWidth(true);
        grid.addColumn(x -> x.expiresAt() == null ? "—" : Times.minutes(x.expiresAt()))
                .setHeader("Expires at")
                .setAutoWidth(true);
        Times.addColumn(grid, PolicyException::requestedAt)
                .setHeader("Requested at")
                .setAutoWidth(true);
        if (user.seesAllTeams()) {
            grid.addColumn(x -> x.requestedByName() + " (" + x.team() + ")")
                    .setHeader("Requested by")
                    .setWidth("10rem")
                    .setFlexGrow(1);
        }
        grid.addColumn(new ComponentRenderer<>(this::rowActions))
                .setHeader("Actions")
                .setWidth("8rem")
                .setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.setId("exc-grid");
        grid.getElement().setAttribute("aria-label", title.getText() + ", oldest request first");
        listEmpty.add(Notices.emptyState(
                VaadinIcon.SHIELD,
                "No exceptions yet",
                canRequest
                        ? "Need a justified, time-limited hole in a security control? Request an exception for one of"
                                + " your team's Ready namespaces; a reviewer decides, and it closes by itself at expiry."
                        : "Exceptions requested by teams will be listed here with their state and expiry."));
        listEmpty.setId("exc-empty");
        VerticalLayout section = new VerticalLayout(title, grid, listEmpty);
        section.setPadding(false);
        section.getElement().setAttribute("role", "region");
        section.getElement().setAttribute("aria-labelledby", "exc-grid-title");
        return section;
    }

    private HorizontalLayout rowActions(PolicyException x) {
        HorizontalLayout actions = new HorizontalLayout();
        actions.setSpacing(false);
        if (x.state() == ExceptionState.PENDING && x.requestedBy().equals(user.subject())) {
            Button withdraw = new Button("Withdraw", e -> onWithdraw(x));
            withdraw.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            withdraw.setId("exc-withdraw-" + x.reference());
            withdraw.setAriaLabel("Withdraw the exception request " + x.reference() + " for " + x.namespace());
            actions.add(withdraw);
        }
        if (x.state().inForce() && seesQueue) {
            Button revoke = new Button("Revoke", e -> decisionDialog(x, Decision.REVOKE));
            revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            revoke.setId("exc-revoke-" + x.reference());
            revoke.setAriaLabel("Revoke the exception " + x.reference() + " for " + x.namespace());
            actions.add(revoke);
        }
        return actions;
    }

    private void refresh() {
        List<PolicyException> mine = exceptions.list(PolicyExceptions.Filter.ALL, 0, 500);
        grid.setItems(mine);
        grid.setVisible(!mine.isEmpty());
        listEmpty.setVisible(mine.isEmpty());
        if (seesQueue) {
            String f = queueFilter.getValue() == null
                    ? ""
                    : queueFilter.getValue().strip().toLowerCase(java.util.Locale.ROOT);
            List<PolicyException> waiting = exceptions.reviewQueue().stream()
                    .filter(x -> f.isEmpty()
                            || (x.team() + " " + x.cluster() + "/" + x.namespace() + " " + x.control() + " "
                                            + x.requestedByName())
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .contains(f))
                    .toList();
            queue.setItems(waiting);
            queue.setVisible(!waiting.isEmpty());
            queueEmpty.setVisible(waiting.isEmpty());
            approve.setEnabled(false);
            reject.setEnabled(false);
        }
    }

    private Optional<PolicyException> selected() {
        return queue.getSelectedItems().stream().findFirst();
    }

    // ---------------------------------------------------------------------------------------------- decisions

    private enum Decision {
        APPROVE,
        REJECT,
        REVOKE
    }

    private void decisionDialog(PolicyException x, Decision kind) {
        Dialog d = new Dialog();
        String verb = switch (kind) {
            case APPROVE -> "Approve";
            case REJECT -> "Reject";
            case REVOKE -> "Revoke";
        };
        d.setHeaderTitle(verb + " exception " + x.reference() + "?");
        d.setId("exc-decision-dialog");
        d.getElement().setAttribute("aria-label", verb + " exception " + x.reference());
        Paragraph what = new Paragraph(x.requestedByName() + " (team " + x.team() + ") asks to except "
                + controlText(x) + " in " + x.cluster() + "/" + x.namespace() + " (" + scopeText(x) + ") for "
                + x.durationDays() + " days: “" + x.justification() + "”"
                + (x.ticketUrl() == null ? "" : " Ticket: " + x.ticketUrl()));
        TextArea comment = new TextArea(kind == Decision.APPROVE ? "Comment (optional)" : "Why? (required)");
        comment.setMaxLength(PolicyExceptions.MAX_COMMENT);
        comment.setRequired(kind != Decision.APPROVE);
        comment.setWidthFull();
        comment.setMinHeight("6rem");
        comment.setValueChangeMode(ValueChangeMode.EAGER);
        comment.setHelperText("0/" + PolicyExceptions.MAX_COMMENT);
        comment.addValueChangeListener(
                e -> comment.setHelperText(e.getValue().length() + "/" + PolicyExceptions.MAX_COMMENT));
        comment.setId("exc-comment");
        comment.setAriaLabel("Comment on the decision");
        VerticalLayout body = new VerticalLayout(what, comment);
        body.setPadding(false);
        body.setWidth("34rem");
        body.setMaxWidth("100%");
        d.add(body);
        Button cancel = new Button("Cancel", e -> d.close());
        cancel.setId("exc-cancel");
        Button confirm = new Button(verb, e -> onDecide(d, x, kind, comment));
        confirm.addThemeVariants(
                ButtonVariant.LUMO_PRIMARY,
                kind == Decision.APPROVE ? ButtonVariant.LUMO_SUCCESS : ButtonVariant.LUMO_ERROR);
        confirm.setId("exc-confirm");
        confirm.setAriaLabel(verb + " exception " + x.reference());
        d.getFooter().add(cancel, confirm);
        d.open();
        comment.focus();
    }

    private void onDecide(Dialog d, PolicyException x, Decision kind, TextArea comment) {
        Decisions.decide(
                d,
                comment,
                () -> switch (kind) {
                    case APPROVE -> exceptions.approve(x.id(), comment.getValue());
                    case REJECT -> exceptions.reject(x.id(), comment.getValue());
                    case REVOKE -> exceptions.revoke(x.id(), comment.getValue());
                },
                after -> Notices.success("Exception " + after.reference() + " for " + after.namespace() + " is now "
                        + after.state().label().toLowerCase(Locale.ROOT)
                        + (after.expiresAt() == null ? "." : " until " + Times.minutes(after.expiresAt()) + ".")),
                this::refresh);
    }

    private void onWithdraw(PolicyException x) {
        try {
            exceptions.withdraw(x.id());
            Notices.success("Withdrawn the exception request " + x.reference() + ".");
        } catch (ValidationException | AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
        refresh();
    }

    // -------------------------------------------------------------------------------------------- request form

    private void openRequest() {
        List<ManagedNamespace> ready =
                namespaces
                        .list(new Namespaces.Filter(null, null, null, Set.of(NamespaceState.READY), null), 0, 500)
                        .stream()
                        .filter(n -> user.isMemberOf(n.team()))
                        .toList();
        if (ready.isEmpty()) {
            Notices.error("None of your team's namespaces is Ready yet: exceptions can only be requested for"
                    + " provisioned namespaces.");
            return;
        }
        new RequestDialog(ready).open();
    }

    /** The request form; messages from the service go to the matching fields. */
    private final class RequestDialog extends Dialog {
        private final Select<ManagedNamespace> namespace = new Select<>();
        private final Select<Controls.Control> control = new Select<>();
        private final TextField value = new TextField("Value");
        private final RadioButtonGroup<ExceptionScope> scope = new RadioButtonGroup<>("Scope");
        private final TextField workloads = new TextField("Workloads");
        private final TextArea justification = new TextArea("Justification");
        private final TextField ticket = new TextField("Ticket link (optional)");
        private final IntegerField days = new IntegerField("Duration (days)");
        private final Map<String, HasValidation> fields = new LinkedHashMap<>();
        private @org.jspecify.annotations.Nullable TierBundle bundle;

        RequestDialog(List<ManagedNamespace> ready) {
            setHeaderTitle("Request an exception");
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
            control.setAriaLabel("Control to except");

            value.setWidthFull();
            value.setVisible(false);
            value.setId("exc-value");
            value.setAriaLabel("Value of the control");

            scope.setItems(ExceptionScope.values());
            scope.setItemLabelGenerator(s -> s == ExceptionScope.NAMESPACE ? "Namespace" : "Named workloads");
            scope.setValue(ExceptionScope.NAMESPACE);
            scope.setRequired(true);
            scope.setId("exc-scope");
            scope.setAriaLabel("Scope");

            workloads.setPlaceholder("api, worker");
            workloads.setHelperText("Comma-separated workload names (Deployment, StatefulSet, Job, ...), at most "
                    + Controls.MAX_WORKLOADS + ". Labels are never used: tenants control them.");
            workloads.setWidthFull();
            workloads.setVisible(false);
            workloads.setId("exc-workloads");
            workloads.setAriaLabel("Workload names, comma-separated");

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
            scope.addValueChangeListener(e -> workloads.setVisible(e.getValue() == ExceptionScope.WORKLOADS));

            fields.put("namespace", namespace);
            fields.put("control", control);
            fields.put("value", value);
            fields.put("scope", scope);
            fields.put("workloads", workloads);
            fields.put("justification", justification);
            fields.put("ticketUrl", ticket);
            fields.put("durationDays", days);

            VerticalLayout body =
                    new VerticalLayout(namespace, control, value, scope, workloads, justification, ticket, days);
            body.setPadding(false);
            body.setSpacing(false);
            body.setWidth("36rem");
            body.setMaxWidth("100%");
            add(body);

            Button cancel = new Button("Cancel", e -> close());
            cancel.setId("exc-request-cancel");
            Button submit = new Button("Submit request", VaadinIcon.PAPERPLANE.create(), e -> onSubmit());
            submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            submit.setId("exc-submit");
            submit.setAriaLabel("Submit the exception request");
            getFooter().add(cancel, submit);

            if (ready.size() == 1) {
                namespace.setValue(ready.get(0));
            }
        }

        private String justificationHelp(int length) {
            return "Why the exception is needed: " + Controls.MIN_JUSTIFICATION + "–" + Controls.MAX_JUSTIFICATION
                    + " characters (" + length + " so far).";
        }

        private void onNamespace(@org.jspecify.annotations.Nullable ManagedNamespace ns) {
            control.clear();
            if (ns == null) {
                control.setEnabled(false);
                return;
            }
            try {
                control.setItems(exceptions.controlsFor(ns.id()));
                control.setEnabled(true);
                control.setPlaceholder("Choose a control");
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
            }
        }

        private void onControl(Controls.@org.jspecify.annotations.Nullable Control c) {
            value.clear();
            if (c == null) {
                control.setHelperText(null);
                value.setVisible(false);
                return;
            }
            control.setHelperText(c.description());
            value.setVisible(c.needsValue());
            value.setHelperText(valueHelp(c));
            value.setPlaceholder(valuePlaceholder(c));
            scope.setItemEnabledProvider(s -> s == ExceptionScope.NAMESPACE || c.allowsWorkloads());
            if (!c.allowsWorkloads()) {
                scope.setValue(ExceptionScope.NAMESPACE);
            }
        }

        private String valueHelp(Controls.Control c) {
            if (c.id().equals(io.bulkhead.provisioning.Exemption.PSA_LEVEL) && bundle != null) {
                TierBundle.PodSecurityLevel tier = bundle.podSecurity().enforce();
                return "The enforce level to allow: "
                        + Arrays.stream(TierBundle.PodSecurityLevel.values())
                                .filter(l -> l.ordinal() < tier.ordinal())
                                .map(TierBundle.PodSecurityLevel::label)
                                .toList()
                        + ".";
            }
            return c.description();
        }

        private String valuePlaceholder(Controls.Control c) {
            return switch (c.id()) {
                case io.bulkhead.provisioning.Exemption.PSA_LEVEL -> "privileged";
                case io.bulkhead.provisioning.Exemption.EGRESS -> "203.0.113.0/24,443,TCP";
                default -> "";
            };
        }

        private void onSubmit() {
            FieldErrors.clear(fields);
            ManagedNamespace ns = namespace.getValue();
            Controls.Control c = control.getValue();
            ExceptionScope s = scope.getValue();
            List<String> names = s == ExceptionScope.WORKLOADS
                    ? Arrays.stream(workloads.getValue().split(","))
                            .map(String::strip)
                            .filter(w -> !w.isEmpty())
                            .toList()
                    : List.of();
            ExceptionRequest r = new ExceptionRequest(
                    ns == null ? null : ns.id(),
                    c == null ? null : c.id(),
                    value.isVisible() ? value.getValue() : null,
                    s,
                    names,
                    justification.getValue(),
                    ticket.getValue(),
                    days.getValue());
            try {
                PolicyException created = exceptions.request(r);
                close();
                Notices.success("Requested exception " + created.reference() + " for " + created.namespace()
                        + "; a reviewer will decide.");
                refresh();
            } catch (ValidationException ex) {
                FieldErrors.show(ex.fieldErrors(), fields);
            } catch (AccessDeniedException ex) {
                Notices.error(ex.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static String controlText(PolicyException x) {
        return x.control() + (x.value() == null ? "" : " → " + x.value());
    }

    private static String scopeText(PolicyException x) {
        return x.scope() == ExceptionScope.NAMESPACE ? "Namespace" : "Workloads: " + String.join(", ", x.workloads());
    }
}
