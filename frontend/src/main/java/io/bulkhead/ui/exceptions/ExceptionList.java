package io.bulkhead.ui.exceptions;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import io.bulkhead.exceptions.ClusterChange;
import io.bulkhead.exceptions.Controls;
import io.bulkhead.exceptions.ExceptionDecision;
import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.exceptions.PolicyExceptions;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.Times;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A list of exceptions with names, not ids: the namespace (with team and cluster), the control as the findings name
 * it, the scope, the state, who requested it when, when it ends or ended, and the whole justification (wrapped,
 * never cut). A row opens to its details: ticket, every decision with who, when and the comment, why it closed, and
 * what it changes in the cluster.
 */
public class ExceptionList extends Grid<PolicyException> {
    private final transient PolicyExceptions exceptions;
    private final transient List<io.bulkhead.compliance.Control> catalog;

    /**
     * @param teamNames team id → display name
     * @param actions the actions of a row (withdraw, revoke…), or null for none
     */
    public ExceptionList(
            PolicyExceptions exceptions,
            List<io.bulkhead.compliance.Control> catalog,
            Map<String, String> teamNames,
            boolean showNamespace,
            @Nullable Function<PolicyException, Component> actions) {
        super(PolicyException.class, false);
        this.exceptions = exceptions;
        this.catalog = catalog;
        if (showNamespace) {
            addColumn(new ComponentRenderer<>(x ->
                            twoLines(x.namespace(), teamNames.getOrDefault(x.team(), x.team()) + " · " + x.cluster())))
                    .setHeader("Namespace")
                    .setWidth("10rem")
                    .setFlexGrow(0);
        }
        addColumn(new ComponentRenderer<>(this::exception))
                .setHeader("Exception and justification")
                .setWidth("16rem")
                .setFlexGrow(1);
        addColumn(new ComponentRenderer<>(x -> Badges.exceptionState(x.state())))
                .setHeader("State")
                .setWidth("6.5rem")
                .setFlexGrow(0);
        addColumn(new ComponentRenderer<>(x -> {
                    Div d = new Div(new Span(x.requestedByName()));
                    d.add(new Div(Times.of(x.requestedAt())));
                    return d;
                }))
                .setHeader("Requested")
                .setWidth("8.5rem")
                .setFlexGrow(0);
        addColumn(new ComponentRenderer<>(ExceptionList::end))
                .setHeader("Ends")
                .setWidth("7.5rem")
                .setFlexGrow(0);
        if (actions != null) {
            addColumn(new ComponentRenderer<>(actions::apply))
                    .setHeader("Actions")
                    .setWidth("7rem")
                    .setFlexGrow(0);
        }
        setItemDetailsRenderer(new ComponentRenderer<>(this::details));
        addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        setAllRowsVisible(true);
        setWidthFull();
    }

    /** The control as the findings name it. */
    public String title(PolicyException x) {
        return Controls.title(x.control(), catalog);
    }

    private Component exception(PolicyException x) {
        Span control = new Span(title(x));
        control.getStyle().set("font-weight", "600");
        String value = x.control().equals(Controls.EGRESS) || x.control().equals(Controls.QUOTA)
                ? " → " + String.valueOf(x.value()).replace(",", " ")
                : "";
        Div head = new Div(control, new Span(value + " · " + Controls.scopeText(x)));
        Div why = new Div(new Span("“" + x.justification() + "”"));
        why.addClassName("exc-justification");
        why.getStyle().set("white-space", "normal").set("overflow-wrap", "anywhere");
        Div d = new Div(head, why);
        d.getElement().setAttribute("title", "Open the row for decisions and the cluster change");
        return d;
    }

    private static Component end(PolicyException x) {
        if (x.closedAt() != null) {
            Div d = new Div(new Span(x.state().label()));
            d.add(new Div(Times.of(x.closedAt())));
            return d;
        }
        if (x.expiresAt() != null) {
            return new Div(Times.of(x.expiresAt()));
        }
        return new Span(x.durationDays() + " days once approved");
    }

    private static Div twoLines(String first, String second) {
        Span a = new Span(first);
        Span b = new Span(second);
        b.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Div d = new Div(a, new Div(b));
        return d;
    }

    private Component details(PolicyException x) {
        Div d = new Div();
        d.setId("exc-details-" + x.reference());
        d.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "0.25rem");
        d.add(new Span(title(x) + " in " + x.namespace() + " on " + x.cluster() + " · " + x.approvals() + " of "
                + x.approvalsRequired() + " approvals · " + x.durationDays() + " days"));
        if (x.ticketUrl() != null) {
            Anchor ticket = new Anchor(x.ticketUrl(), "Ticket: " + x.ticketUrl());
            ticket.setTarget("_blank");
            ticket.getElement().setAttribute("rel", "noopener noreferrer");
            d.add(ticket);
        }
        try {
            List<ExceptionDecision> decisions = exceptions.decisions(x.id());
            if (decisions.isEmpty()) {
                d.add(new Span("No decision yet."));
            } else {
                UnorderedList list = new UnorderedList();
                for (ExceptionDecision dec : decisions) {
                    ListItem item = new ListItem(verb(dec.decision()) + " by " + dec.reviewerName() + " ");
                    item.add(Times.of(dec.decidedAt()));
                    if (!dec.comment().isBlank()) {
                        item.add(new Span(": “" + dec.comment() + "”"));
                    }
                    list.add(item);
                }
                d.add(list);
            }
            if (x.closedReason() != null
                    && !x.closedReason().isBlank()
                    && x.state().closed()) {
                d.add(new Span(x.state().label() + ": " + x.closedReason()));
            }
            ClusterChange change = exceptions.clusterChange(x.id());
            d.add(ExceptionRequestDialog.previewOf(change));
        } catch (ValidationException | AccessDeniedException ex) {
            d.add(new Span(ex.getMessage()));
        }
        return d;
    }

    private static String verb(ExceptionDecision.Kind k) {
        return switch (k) {
            case APPROVE -> "Approved";
            case REJECT -> "Rejected";
            case REVOKE -> "Revoked";
        };
    }
}
