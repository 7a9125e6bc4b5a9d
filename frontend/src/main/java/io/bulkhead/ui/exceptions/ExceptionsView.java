package io.bulkhead.ui.exceptions;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.exceptions.Controls;
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
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.Decisions;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import jakarta.annotation.security.PermitAll;
import java.util.EnumSet;
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
    private final Compliance compliance;
    private final List<io.bulkhead.compliance.Control> catalog;
    private final Map<String, String> teamNames = new LinkedHashMap<>();
    private final ExceptionList current;
    private final ExceptionList history;
    private final Div historyEmpty = new Div();
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

    ExceptionsView(
            PolicyExceptions exceptions,
            Namespaces namespaces,
            Tiers tiers,
            CurrentUsers users,
            Compliance compliance,
            Teams teams) {
        this.exceptions = exceptions;
        this.namespaces = namespaces;
        this.tiers = tiers;
        this.compliance = compliance;
        this.user = users.require();
        this.catalog = compliance.controls();
        teams.visible().forEach(t -> teamNames.put(t.id(), t.displayName()));
        this.current = new ExceptionList(exceptions, catalog, teamNames, true, this::rowActions);
        this.history = new ExceptionList(exceptions, catalog, teamNames, true, null);
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
                .setWidth("6.5rem")
                .setFlexGrow(0);
        queue.addColumn(x -> x.namespace() + " (" + teamNames.getOrDefault(x.team(), x.team()) + ")")
                .setHeader("Namespace")
                .setWidth("10rem")
                .setFlexGrow(0);
        queue.addColumn(this::controlText)
                .setHeader("Control")
                .setWidth("10rem")
                .setFlexGrow(0);
        queue.addColumn(Controls::scopeText).setHeader("Scope").setWidth("9rem").setFlexGrow(0);
        queue.addColumn(x -> x.requestedByName() + ", " + x.durationDays() + " d, " + x.approvals() + "/"
                        + x.approvalsRequired() + " approvals")
                .setHeader("Requested")
                .setWidth("9rem")
                .setFlexGrow(0);
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
        H3 title = new H3(canRequest && !user.seesAllTeams() ? "My teams' exceptions" : "All exceptions");
        title.setId("exc-grid-title");
        current.setId("exc-grid");
        current.getElement().setAttribute("aria-label", "Current exceptions (pending, approved, active), oldest first");
        history.setId("exc-history");
        history.getElement()
                .setAttribute("aria-label", "Exception history (expired, revoked, rejected, withdrawn), oldest first");
        listEmpty.add(Notices.emptyState(
                VaadinIcon.SHIELD,
                "No current exceptions",
                canRequest
                        ? "Need a justified, time-limited exception to a control? Open a failed finding and request"
                                + " an exception for it; a reviewer decides, and it closes by itself at expiry."
                        : "Exceptions requested by teams will be listed here with their state and expiry."));
        listEmpty.setId("exc-empty");
        historyEmpty.add(Notices.emptyState(
                VaadinIcon.ARCHIVE, "No history yet", "Expired, revoked, rejected and withdrawn exceptions."));
        historyEmpty.setId("exc-history-empty");
        TabSheet lists = new TabSheet();
        lists.add("Current", new Div(current, listEmpty)).setId("exc-tab-current");
        lists.add("History", new Div(history, historyEmpty)).setId("exc-tab-history");
        lists.setWidthFull();
        lists.setId("exc-lists");
        VerticalLayout section = new VerticalLayout(title, lists);
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
            withdraw.setAriaLabel("Withdraw the exception request " + controlText(x) + " for " + x.namespace());
            actions.add(withdraw);
        }
        if (x.state().inForce() && seesQueue) {
            Button revoke = new Button("Revoke", e -> decisionDialog(x, Decision.REVOKE));
            revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            revoke.setId("exc-revoke-" + x.reference());
            revoke.setAriaLabel("Revoke the exception " + controlText(x) + " for " + x.namespace());
            actions.add(revoke);
        }
        return actions;
    }

    private void refresh() {
        List<PolicyException> now = exceptions.list(
                new PolicyExceptions.Filter(
                        null,
                        EnumSet.of(ExceptionState.PENDING, ExceptionState.APPROVED, ExceptionState.ACTIVE),
                        false),
                0,
                500);
        current.setItems(now);
        current.setVisible(!now.isEmpty());
        listEmpty.setVisible(now.isEmpty());
        List<PolicyException> past = exceptions.list(
                new PolicyExceptions.Filter(
                        null,
                        EnumSet.of(
                                ExceptionState.EXPIRED,
                                ExceptionState.REVOKED,
                                ExceptionState.REJECTED,
                                ExceptionState.WITHDRAWN),
                        false),
                0,
                500);
        history.setItems(past);
        history.setVisible(!past.isEmpty());
        historyEmpty.setVisible(past.isEmpty());
        if (seesQueue) {
            String f = queueFilter.getValue() == null
                    ? ""
                    : queueFilter.getValue().strip().toLowerCase(java.util.Locale.ROOT);
            List<PolicyException> waiting = exceptions.reviewQueue().stream()
                    .filter(x -> f.isEmpty()
                            || (x.team() + " " + teamNames.getOrDefault(x.team(), "") + " " + x.cluster() + "/"
                                            + x.namespace() + " " + controlText(x) + " " + x.requestedByName())
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
        d.setHeaderTitle(verb + " the exception for " + x.namespace() + "?");
        d.setId("exc-decision-dialog");
        d.getElement().setAttribute("aria-label", verb + " the exception " + controlText(x) + " for " + x.namespace());
        Paragraph what = new Paragraph(x.requestedByName() + " (team " + teamNames.getOrDefault(x.team(), x.team())
                + ") asks to except “" + controlText(x) + "” in " + x.namespace() + " on " + x.cluster() + " ("
                + Controls.scopeText(x) + ") for " + x.durationDays() + " days.");
        Paragraph why = new Paragraph("Justification: “" + x.justification() + "”"
                + (x.ticketUrl() == null ? "" : " Ticket: " + x.ticketUrl()));
        why.setId("exc-decision-justification");
        why.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
        Div change = new Div();
        try {
            change.add(ExceptionRequestDialog.previewOf(exceptions.clusterChange(x.id())));
            long covered = compliance.findings(x.namespaceId()).stream()
                    .filter(f -> x.waivers().stream().anyMatch(w -> w.covers(f)))
                    .count();
            Span findings = new Span(
                    covered == 0
                            ? "No failed finding is covered right now."
                            : "Waives exactly " + covered + " finding" + (covered == 1 ? "" : "s") + " of "
                                    + controlText(x) + "; every other finding stays as it is.");
            findings.setId("exc-decision-findings");
            change.add(findings);
        } catch (ValidationException | AccessDeniedException ex) {
            change.add(new Span(ex.getMessage()));
        }
        change.setId("exc-decision-change");
        TextArea comment =
                new TextArea(kind == Decision.APPROVE ? "What did you check? (required)" : "Why? (required)");
        comment.setMaxLength(PolicyExceptions.MAX_COMMENT);
        comment.setMinLength(PolicyExceptions.MIN_REASON);
        comment.setRequired(true);
        comment.setWidthFull();
        comment.setMinHeight("6rem");
        comment.setValueChangeMode(ValueChangeMode.EAGER);
        comment.setHelperText(commentHelp(0));
        comment.addValueChangeListener(
                e -> comment.setHelperText(commentHelp(e.getValue().strip().length())));
        comment.setId("exc-comment");
        comment.setAriaLabel("Comment on the decision");
        VerticalLayout body = new VerticalLayout(what, why, change, comment);
        body.setPadding(false);
        body.setWidth("38rem");
        body.setMaxWidth("100%");
        d.add(body);
        Button cancel = new Button("Cancel", e -> d.close());
        cancel.setId("exc-cancel");
        Button confirm = new Button(verb, e -> onDecide(d, x, kind, comment));
        confirm.addThemeVariants(
                ButtonVariant.LUMO_PRIMARY,
                kind == Decision.APPROVE ? ButtonVariant.LUMO_SUCCESS : ButtonVariant.LUMO_ERROR);
        confirm.setId("exc-confirm");
        confirm.setAriaLabel(verb + " the exception " + controlText(x) + " for " + x.namespace());
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
                after -> Notices.success("The exception " + controlText(after) + " for " + after.namespace()
                        + " is now "
                        + after.state().label().toLowerCase(Locale.ROOT)
                        + (after.expiresAt() == null ? "." : " until " + Times.minutes(after.expiresAt()) + ".")),
                this::refresh);
    }

    private void onWithdraw(PolicyException x) {
        try {
            exceptions.withdraw(x.id());
            Notices.success("Withdrawn the exception request " + controlText(x) + " for " + x.namespace() + ".");
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
        ExceptionRequestDialog d = new ExceptionRequestDialog(exceptions, tiers, ready, null);
        d.addRequestedListener(e -> refresh());
        d.open();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static String commentHelp(int length) {
        return PolicyExceptions.MIN_REASON + " to " + PolicyExceptions.MAX_COMMENT + " characters (" + length
                + " so far).";
    }

    private String controlText(PolicyException x) {
        return Controls.title(x.control(), catalog);
    }
}
