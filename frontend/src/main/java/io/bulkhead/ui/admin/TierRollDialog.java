package io.bulkhead.ui.admin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.TierRollPreview;
import io.bulkhead.provisioning.TierRollout;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.Notices;
import java.util.List;

/**
 * Confirmation of a tier roll with its preview: how many namespaces move, and per namespace which objects the new
 * version adds, changes (with the changed lines) or removes; the roll runs only after "Roll".
 */
class TierRollDialog extends Dialog {

    TierRollDialog(TierRollout rollout, TierSummary tier, TierRollPreview preview, Runnable onRolled) {
        setHeaderTitle("Roll " + tier.title() + " to v" + preview.toVersion() + "?");
        setId("tier-roll-dialog");
        setWidth("min(56rem, 95vw)");
        VerticalLayout body = new VerticalLayout();
        body.setPadding(false);
        Paragraph count = new Paragraph(
                preview.namespaces() == 0
                        ? "Every namespace of this tier is on v" + preview.toVersion() + " already: nothing moves."
                        : preview.namespaces() + (preview.namespaces() == 1 ? " namespace moves" : " namespaces move")
                                + " to v" + preview.toVersion()
                                + ". Besides the changes below, every object's tier-version label moves to v"
                                + preview.toVersion() + ".");
        count.setId("tier-roll-count");
        body.add(count);
        if (!preview.clusterObjects().isEmpty()) {
            H4 shared = new H4("Shared admission policies");
            body.add(shared, changes(preview.clusterObjects(), "tier-roll-shared"));
        }
        Div list = new Div();
        list.setId("tier-roll-namespaces");
        list.setWidthFull();
        for (TierRollPreview.NamespaceChange ns : preview.changes()) {
            Span summary = new Span(ns.cluster() + " / " + ns.namespace() + " · team " + ns.team() + " · v"
                    + ns.fromVersion() + " → v" + preview.toVersion() + " · "
                    + (ns.problem() != null
                            ? "cannot be previewed"
                            : ns.objects().isEmpty()
                                    ? "no object changes"
                                    : ns.objects().size()
                                            + (ns.objects().size() == 1 ? " object changes" : " objects change")));
            Component content = ns.problem() != null
                    ? new Paragraph(ns.problem())
                    : ns.objects().isEmpty()
                            ? new Paragraph("Only the tier-version label changes.")
                            : changes(ns.objects(), "tier-roll-objects-" + ns.namespace());
            Details d = new Details(summary, content);
            d.setId("tier-roll-ns-" + ns.namespace());
            d.setWidthFull();
            d.setOpened(preview.changes().size() <= 3);
            list.add(d);
        }
        body.add(list);
        add(body);

        Button cancel = new Button("Cancel", e -> close());
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        cancel.setId("tier-roll-cancel");
        Button roll = new Button(
                preview.namespaces() == 1 ? "Roll 1 namespace" : "Roll " + preview.namespaces() + " namespaces");
        roll.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        roll.setId("tier-roll-confirm");
        roll.setEnabled(preview.namespaces() > 0);
        roll.setDisableOnClick(true);
        roll.addClickListener(e -> {
            try {
                int moved = rollout.rollAll(tier.name(), preview.toVersion());
                Notices.success(moved + (moved == 1 ? " namespace" : " namespaces") + " of " + tier.title()
                        + " move to v" + preview.toVersion() + "; the reconciler applies it now.");
                onRolled.run();
                close();
            } catch (ValidationException | AccessDeniedException ex) {
                Notices.error(ex.getMessage());
                roll.setEnabled(true);
            }
        });
        getFooter().add(cancel, roll);
    }

    private static Component changes(List<TierRollPreview.ObjectChange> objects, String id) {
        Div box = new Div();
        box.setId(id);
        box.setWidthFull();
        for (TierRollPreview.ObjectChange c : objects) {
            Div row = new Div();
            row.addClassNames(LumoUtility.Margin.Bottom.SMALL);
            Span badge = Badges.of(
                    switch (c.change()) {
                        case ADDED -> "added";
                        case CHANGED -> "changed";
                        case REMOVED -> "removed";
                    },
                    switch (c.change()) {
                        case ADDED -> "success small";
                        case CHANGED -> "small";
                        case REMOVED -> "error small";
                    });
            Span what = new Span(" " + c.kind() + " " + c.name());
            what.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
            row.add(badge, what);
            if (!c.diff().isEmpty()) {
                Pre diff = new Pre(String.join("\n", c.diff()));
                diff.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.Margin.Vertical.XSMALL);
                diff.getElement().setAttribute("aria-label", "Changed lines of " + c.kind() + " " + c.name());
                diff.addClassName("roll-diff");
                row.add(diff);
            }
            box.add(row);
        }
        return box;
    }
}
