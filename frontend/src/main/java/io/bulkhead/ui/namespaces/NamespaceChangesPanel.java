package io.bulkhead.ui.namespaces;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.bulkhead.changes.ChangeState;
import io.bulkhead.changes.NamespaceChange;
import io.bulkhead.changes.NamespaceChanges;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.Decisions;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Texts;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The namespace page's part of change requests: the "Change namespace" action for the owning team, and the open
 * change (what, why, who, its preview) with withdraw for the team and approve/reject for reviewers.
 */
class NamespaceChangesPanel {
    private final NamespaceChanges changes;
    private final Tiers tiers;
    private final CurrentUser user;
    private final Runnable reload;

    NamespaceChangesPanel(NamespaceChanges changes, Tiers tiers, CurrentUser user, Runnable reload) {
        this.changes = changes;
        this.tiers = tiers;
        this.user = user;
        this.reload = reload;
    }

    /** "Change namespace" for members of the owning team on a provisioned namespace; null otherwise. */
    @Nullable
    Button action(ManagedNamespace n) {
        if (!user.isMemberOf(n.team()) || (n.state() != NamespaceState.READY && n.state() != NamespaceState.FAILED)) {
            return null;
        }
        Button b = new Button(
                "Change…",
                VaadinIcon.EDIT.create(),
                e -> new NamespaceChangeDialog(changes, tiers, n, c -> {
                            Notices.success(
                                    c.state() == ChangeState.PENDING
                                            ? "Change submitted: a security reviewer decides."
                                            : "Change approved automatically: applying.");
                            reload.run();
                        })
                        .open());
        b.setId("ns-change");
        b.setAriaLabel("Change tier, quota or egress of " + n.name());
        return b;
    }

    /** The open change as a callout, or null when there is none. */
    @Nullable
    Component open(ManagedNamespace n) {
        Optional<NamespaceChange> open;
        try {
            open = changes.openChange(n.id());
        } catch (ValidationException e) {
            return null;
        }
        if (open.isEmpty()) {
            return null;
        }
        NamespaceChange c = open.get();
        Div box = new Div();
        box.setId("ns-open-change");
        box.addClassNames("callout", "callout-info");
        box.getElement().setAttribute("role", "region");
        box.getElement().setAttribute("aria-label", "Open change request");
        Span what = new Span(c.summary());
        what.setId("ns-open-change-summary");
        what.getStyle().set("font-weight", "600");
        Span state = Badges.of(c.state().label(), c.state() == ChangeState.PENDING ? "contrast" : "success");
        state.setId("ns-open-change-state");
        HorizontalLayout head = new HorizontalLayout(what, state);
        head.setAlignItems(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.CENTER);
        Paragraph who = new Paragraph("Asked for by " + c.requestedByName() + ": " + c.reason());
        box.add(head, who);
        if (c.reviewReason() != null && c.state() == ChangeState.PENDING) {
            box.add(new Paragraph("Why reviewed: " + c.reviewReason()));
        }
        if (c.stateReason() != null) {
            box.add(new Paragraph(c.stateReason()));
        }
        ChangePreviewPanel preview = new ChangePreviewPanel();
        preview.show(c.preview());
        Details details = new Details("Preview as submitted", preview);
        details.setId("ns-open-change-preview");
        box.add(details);
        HorizontalLayout actions = new HorizontalLayout();
        if (c.state() == ChangeState.PENDING
                && user.hasAny(Role.REVIEWER, Role.ADMIN)
                && !c.requestedBy().equals(user.subject())) {
            Button approve = new Button("Approve change", VaadinIcon.CHECK.create(), e -> decide(c, true));
            approve.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
            approve.setId("ns-change-approve");
            Button reject = new Button("Reject change", VaadinIcon.CLOSE.create(), e -> decide(c, false));
            reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
            reject.setId("ns-change-reject");
            actions.add(approve, reject);
        }
        if (c.state() == ChangeState.PENDING && user.isMemberOf(c.team())) {
            Button withdraw = new Button("Withdraw", VaadinIcon.ARROW_BACKWARD.create(), e -> withdraw(c));
            withdraw.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            withdraw.setId("ns-change-withdraw");
            actions.add(withdraw);
        }
        if (actions.getComponentCount() > 0) {
            box.add(actions);
        }
        return box;
    }

    private void withdraw(NamespaceChange c) {
        try {
            changes.withdraw(c.id());
            Notices.success("Change withdrawn.");
        } catch (ValidationException | io.bulkhead.identity.AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
        reload.run();
    }

    private void decide(NamespaceChange c, boolean approve) {
        Dialog d = new Dialog();
        d.setHeaderTitle((approve ? "Approve " : "Reject ") + c.summary() + "?");
        d.setId(approve ? "chg-approve-dialog" : "chg-reject-dialog");
        TextArea comment = new TextArea(approve ? "Why may it go ahead?" : "Why is it rejected?");
        comment.setMaxLength(NamespaceChanges.MAX_COMMENT);
        comment.setRequired(true);
        comment.setHelperText("At least " + NamespaceChanges.MIN_COMMENT + " characters.");
        comment.setWidthFull();
        comment.setMinHeight("6rem");
        comment.setValueChangeMode(ValueChangeMode.EAGER);
        comment.setId("chg-decision-comment");
        Paragraph what =
                new Paragraph("Team " + c.team() + " asks: " + c.reason() + " " + Texts.orEmpty(c.reviewReason()));
        VerticalLayout body = new VerticalLayout(what, comment);
        body.setPadding(false);
        body.setWidth("32rem");
        body.setMaxWidth("100%");
        d.add(body);
        Button cancel = new Button("Cancel", e -> d.close());
        Button confirm = new Button(
                approve ? "Approve" : "Reject",
                e -> Decisions.decide(
                        d,
                        comment,
                        () -> approve
                                ? changes.approve(c.id(), comment.getValue())
                                : changes.reject(c.id(), comment.getValue()),
                        after -> Notices.success(approve ? "Change approved: applying." : "Change rejected."),
                        reload));
        confirm.addThemeVariants(
                ButtonVariant.LUMO_PRIMARY, approve ? ButtonVariant.LUMO_SUCCESS : ButtonVariant.LUMO_ERROR);
        confirm.setId("chg-decision-confirm");
        d.getFooter().add(cancel, confirm);
        d.open();
        comment.focus();
    }
}
