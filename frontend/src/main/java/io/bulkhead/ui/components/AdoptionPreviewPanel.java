package io.bulkhead.ui.components;

import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import io.bulkhead.provisioning.AdoptionPreview;
import io.bulkhead.provisioning.ExistingNamespace;
import java.util.List;

/**
 * What adopting an existing namespace means: who has access and what runs in it now, and the objects Bulkhead will
 * apply. Shown to the admin who asks and to the reviewer who decides.
 */
public class AdoptionPreviewPanel extends Div {

    public AdoptionPreviewPanel(AdoptionPreview p) {
        ExistingNamespace e = p.existing();
        setWidthFull();
        addClassName("adoption-preview");
        add(
                section("Access today (RoleBindings)", e.roleBindings(), "No RoleBindings: only cluster-wide roles."),
                section("NetworkPolicies today", e.networkPolicies(), "No NetworkPolicies: all traffic is allowed."),
                new Paragraph(e.pods() + (e.pods() == 1 ? " pod runs" : " pods run")
                        + " in it; Pod Security and the tier's admission policies apply to new pods after adoption."));
        Pre yaml = new Pre(p.yaml());
        yaml.getStyle().set("max-height", "16rem").set("overflow", "auto");
        add(new Details("Objects Bulkhead will apply", yaml));
    }

    private static Div section(String title, List<String> items, String empty) {
        Div d = new Div();
        Span head = new Span(title);
        head.getStyle().set("font-weight", "600");
        d.add(head);
        if (items.isEmpty()) {
            d.add(new Paragraph(empty));
        } else {
            UnorderedList list = new UnorderedList();
            items.forEach(i -> list.add(new ListItem(i)));
            d.add(list);
        }
        return d;
    }
}
