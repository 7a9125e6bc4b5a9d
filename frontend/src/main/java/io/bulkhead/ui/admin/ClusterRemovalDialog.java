package io.bulkhead.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.bulkhead.clusters.ClusterAdministration;
import io.bulkhead.clusters.ClusterOverview;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.ui.components.Notices;

/** Confirms the removal of a cluster: the admin types its name; refused while namespaces live on it. */
class ClusterRemovalDialog extends Dialog {

    ClusterRemovalDialog(ClusterAdministration admin, ClusterOverview o, Runnable onRemoved) {
        String name = o.cluster().name();
        setHeaderTitle("Remove cluster " + name + "?");
        setId("cluster-remove-dialog");
        setWidth("min(34rem, 95vw)");
        Paragraph what = new Paragraph(
                o.liveNamespaces() > 0
                        ? "Cluster " + name + " still carries " + o.liveNamespaces()
                                + (o.liveNamespaces() == 1 ? " namespace" : " namespaces")
                                + ". Decommission them first: a cluster is removed only when nothing lives on it."
                        : "Bulkhead forgets the cluster's credentials at once and stops probing, reconciling and "
                                + "listing it. Nothing in the cluster itself is changed. The removal is audited.");
        what.setId("cluster-remove-explanation");
        TextField confirm = new TextField("Type the cluster's name to confirm");
        confirm.setWidthFull();
        confirm.setId("cluster-remove-confirm");
        confirm.setPlaceholder(name);
        confirm.setValueChangeMode(ValueChangeMode.EAGER);
        Button remove = new Button("Remove cluster");
        remove.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        remove.setId("cluster-remove-submit");
        remove.setEnabled(false);
        confirm.addValueChangeListener(
                e -> remove.setEnabled(e.getValue().strip().equals(name)));
        remove.addClickListener(e -> {
            try {
                admin.remove(name, confirm.getValue());
                Notices.success("Cluster " + name + " removed; its credentials are deleted.");
                onRemoved.run();
                close();
            } catch (ValidationException ex) {
                String msg = ex.fieldErrors()
                        .getOrDefault("confirmation", ex.fieldErrors().get("name"));
                confirm.setErrorMessage(msg);
                confirm.setInvalid(true);
            } catch (AccessDeniedException ex) {
                Notices.error(ex.getMessage());
            }
        });
        add(what, confirm);
        Button cancel = new Button("Cancel", e -> close());
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        cancel.setId("cluster-remove-cancel");
        getFooter().add(cancel, remove);
    }
}
