package io.bulkhead.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.AdoptionPreviewPanel;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admin: bring a namespace that already exists in a cluster under Bulkhead. The preview shows who has access and what
 * runs there before anything is asked; the request then waits for a reviewer other than the admin, and only after
 * approval does Bulkhead claim and change the namespace.
 */
class AdoptNamespaceDialog extends Dialog {
    private final Namespaces namespaces;
    private final Select<ClusterSummary> cluster = new Select<>();
    private final TextField name = new TextField("Existing namespace");
    private final Select<Team> team = new Select<>();
    private final Select<TierSummary> tier = new Select<>();
    private final Select<String> quota = new Select<>();
    private final TextArea purpose = new TextArea("Why adopt it");
    private final Div preview = new Div();

    AdoptNamespaceDialog(Namespaces namespaces, Clusters clusters, Teams teams, Tiers tiers) {
        this.namespaces = namespaces;
        setHeaderTitle("Adopt an existing namespace");
        setId("adopt-dialog");
        setWidth("48rem");
        setMaxWidth("100%");

        cluster.setLabel("Cluster");
        cluster.setItems(clusters.list());
        cluster.setItemLabelGenerator(c -> c.displayName() + " (" + c.name() + ")");
        cluster.setId("adopt-cluster");
        name.setHelperText("A namespace that exists in the cluster and is not managed by Bulkhead yet.");
        name.setId("adopt-name");
        team.setLabel("Owning team");
        team.setItems(teams.visible());
        team.setItemLabelGenerator(Team::displayName);
        team.setId("adopt-team");
        tier.setLabel("Tier");
        tier.setItems(tiers.list());
        tier.setItemLabelGenerator(TierSummary::title);
        tier.setId("adopt-tier");
        quota.setLabel("Quota preset");
        quota.setId("adopt-quota");
        tier.addValueChangeListener(e -> {
            quota.clear();
            if (e.getValue() != null) {
                tiers.bundle(e.getValue().name(), e.getValue().latestVersion()).ifPresent(b -> {
                    quota.setItems(b.quotaPresets().keySet());
                    quota.setValue(b.defaultQuotaPreset());
                });
            }
        });
        purpose.setWidthFull();
        purpose.setMaxLength(NamespaceRequest.MAX_PURPOSE);
        purpose.setId("adopt-purpose");

        FormLayout form = new FormLayout(cluster, name, team, tier, quota, purpose);
        form.setColspan(purpose, 2);
        preview.setWidthFull();
        preview.setId("adopt-preview");
        Paragraph how = new Paragraph("Preview first: it lists the RoleBindings, NetworkPolicies and pods in the"
                + " namespace now. Nothing changes in the cluster until a reviewer approves the adoption.");
        how.addClassName("hint");
        VerticalLayout body = new VerticalLayout(how, form, preview);
        body.setPadding(false);
        add(body);

        Button cancel = new Button("Cancel", e -> close());
        Button show = new Button("Preview", VaadinIcon.EYE.create(), e -> onPreview());
        show.setId("adopt-preview-button");
        Button submit = new Button("Request adoption", VaadinIcon.CHECK.create(), e -> onRequest());
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.setId("adopt-submit");
        getFooter().add(cancel, show, submit);
    }

    private NamespaceRequest request() {
        return new NamespaceRequest(
                cluster.getValue() == null ? null : cluster.getValue().name(),
                name.getValue().strip(),
                team.getValue() == null ? null : team.getValue().id(),
                tier.getValue() == null ? null : tier.getValue().name(),
                quota.getValue(),
                List.of(),
                purpose.getValue());
    }

    private Map<String, HasValidation> fields() {
        Map<String, HasValidation> m = new LinkedHashMap<>();
        m.put("cluster", cluster);
        m.put("name", name);
        m.put("team", team);
        m.put("tier", tier);
        m.put("quotaPreset", quota);
        m.put("purpose", purpose);
        return m;
    }

    private void onPreview() {
        FieldErrors.clear(fields());
        preview.removeAll();
        try {
            preview.add(new AdoptionPreviewPanel(namespaces.adoptionPreview(request())));
        } catch (ValidationException ex) {
            FieldErrors.show(ex.fieldErrors(), fields());
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }

    private void onRequest() {
        FieldErrors.clear(fields());
        try {
            ManagedNamespace ns = namespaces.requestAdoption(request());
            close();
            Notices.success("Adoption of " + ns.name() + " requested; it waits for a reviewer.");
        } catch (ValidationException ex) {
            FieldErrors.show(ex.fieldErrors(), fields());
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }
}
