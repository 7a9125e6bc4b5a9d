package io.bulkhead.ui.namespaces;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.bulkhead.changes.ChangeDraft;
import io.bulkhead.changes.ChangeKind;
import io.bulkhead.changes.ChangePreview;
import io.bulkhead.changes.NamespaceChange;
import io.bulkhead.changes.NamespaceChanges;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.QuotaValues;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.ErrorText;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * "Change namespace": the team picks a tier move, a quota preset or custom quota values, or a new egress allowlist and says why; the form
 * validates as they type, shows the preview (object diff; for a tier move the workloads that would fail and the API
 * server's own warnings; the quota in use) and submits. A move that breaks running workloads needs the tick.
 */
class NamespaceChangeDialog extends Dialog {
    private final NamespaceChanges changes;
    private final ManagedNamespace ns;
    private final Consumer<NamespaceChange> submitted;
    private final RadioButtonGroup<ChangeKind> kind = new RadioButtonGroup<>("What to change");
    private final Select<String> tier = new Select<>();
    private final Select<String> quota = new Select<>();
    private final EgressEditor egress;
    private final TextArea reason = new TextArea("Why");
    private final Checkbox acknowledge =
            new Checkbox("I have seen that running workloads would be refused or fail, and want the change anyway");
    private final ErrorText acknowledgeError = new ErrorText("chg-acknowledge-error");
    private final ErrorText namespaceError = new ErrorText("chg-namespace-error");
    private final ChangePreviewPanel preview = new ChangePreviewPanel();
    private final Button submit = new Button("Submit change", VaadinIcon.CHECK.create());
    private final Map<String, HasValidation> fields = new LinkedHashMap<>();
    /** Custom quota values, one field per ResourceQuota key, shown when "Custom values…" is chosen. */
    private final Map<String, TextField> custom = new LinkedHashMap<>();

    private final FormLayout customForm = new FormLayout();
    private final ErrorText customError = new ErrorText("chg-quota-values-error");
    private static final String CUSTOM = "custom";

    NamespaceChangeDialog(
            NamespaceChanges changes, Tiers tiers, ManagedNamespace ns, Consumer<NamespaceChange> submitted) {
        this.changes = changes;
        this.ns = ns;
        this.submitted = submitted;
        setHeaderTitle("Change " + ns.name());
        setId("chg-dialog");
        setWidth("60rem");
        setMaxWidth("100%");

        kind.setItems(ChangeKind.TIER_MOVE, ChangeKind.QUOTA, ChangeKind.EGRESS);
        kind.setItemLabelGenerator(ChangeKind::label);
        kind.setId("chg-kind");
        kind.setValue(ChangeKind.TIER_MOVE);

        List<String> tierNames = new ArrayList<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (TierSummary t : tiers.list()) {
            if (!t.name().equals(ns.tier())) {
                tierNames.add(t.name());
                titles.put(t.name(), t.title());
            }
        }
        tier.setLabel("Move to tier");
        tier.setItems(tierNames);
        tier.setItemLabelGenerator(t -> titles.getOrDefault(t, t));
        tier.setId("chg-tier");
        tier.setWidth("16rem");

        List<String> presets = tiers.bundle(ns.tier(), ns.tierVersion())
                .map(b -> List.copyOf(b.quotaPresets().keySet()))
                .orElse(List.of());
        List<String> choices = new ArrayList<>(presets);
        choices.add(CUSTOM);
        quota.setLabel("Quota (now " + QuotaValues.label(ns.quotaPreset()) + ")");
        quota.setItems(choices);
        quota.setItemLabelGenerator(p -> p.equals(CUSTOM) ? "Custom values…" : "Preset " + p);
        quota.setId("chg-quota");
        quota.setWidth("16rem");
        Map<String, String> now = tiers.bundle(ns.tier(), ns.tierVersion())
                .flatMap(b -> QuotaValues.hard(b, ns.quotaPreset()))
                .orElse(Map.of());
        for (String r : QuotaValues.RESOURCES) {
            TextField f = new TextField(r);
            f.setValue(now.getOrDefault(r, ""));
            f.setHelperText(
                    QuotaValues.COUNTS.contains(r)
                            ? "Objects, e.g. 20"
                            : r.endsWith("cpu") ? "Cores, e.g. 2 or 500m" : "Bytes, e.g. 8Gi or 512Mi");
            f.setId("chg-quota-" + r.replace('.', '-'));
            f.setMaxLength(40);
            f.setValueChangeMode(ValueChangeMode.LAZY);
            f.addValueChangeListener(e -> validateLater());
            custom.put(r, f);
            fields.put("quota." + r, f);
            customForm.add(f);
        }
        customForm.setResponsiveSteps(
                new FormLayout.ResponsiveStep("0", 1),
                new FormLayout.ResponsiveStep("30rem", 2),
                new FormLayout.ResponsiveStep("45rem", 3));
        customForm.setId("chg-quota-values");
        customForm.getElement().setAttribute("aria-label", "Custom quota values");
        fields.put("quotaValues", customError);

        egress = new EgressEditor("chg-egress", ns.egress(), this::validateLater);

        reason.setWidthFull();
        reason.setMaxLength(ChangeDraft.MAX_REASON);
        reason.setMinHeight("5rem");
        reason.setRequired(true);
        reason.setHelperText("At least 10 characters, for the reviewer and the audit trail.");
        reason.setValueChangeMode(ValueChangeMode.LAZY);
        reason.setId("chg-reason");

        acknowledge.setId("chg-acknowledge");
        acknowledge.setVisible(false);

        fields.put("kind", kind);
        fields.put("tier", tier);
        fields.put("quotaPreset", quota);
        fields.put("egress", egress);
        fields.put("reason", reason);
        fields.put("acknowledge", acknowledgeError);
        fields.put("namespace", namespaceError);

        kind.addValueChangeListener(e -> {
            showFields();
            validateLater();
        });
        tier.addValueChangeListener(e -> validateLater());
        quota.addValueChangeListener(e -> {
            customForm.setVisible(kind.getValue() == ChangeKind.QUOTA && CUSTOM.equals(e.getValue()));
            validateLater();
        });
        reason.addValueChangeListener(e -> validateLater());

        VerticalLayout body = new VerticalLayout(
                namespaceError,
                kind,
                tier,
                quota,
                customForm,
                customError,
                egress,
                reason,
                preview,
                acknowledge,
                acknowledgeError);
        body.setPadding(false);
        add(body);

        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("chg-cancel");
        Button previewButton = new Button("Preview", VaadinIcon.EYE.create(), e -> onPreview());
        previewButton.setId("chg-preview-button");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.setId("chg-submit");
        submit.addClickListener(e -> onSubmit());
        getFooter().add(cancel, previewButton, submit);
        showFields();
    }

    private void showFields() {
        ChangeKind k = kind.getValue();
        tier.setVisible(k == ChangeKind.TIER_MOVE);
        quota.setVisible(k == ChangeKind.QUOTA);
        customForm.setVisible(k == ChangeKind.QUOTA && CUSTOM.equals(quota.getValue()));
        egress.setVisible(k == ChangeKind.EGRESS);
        preview.removeAll();
        acknowledge.setVisible(false);
        acknowledge.setValue(false);
    }

    private Optional<ChangeDraft> draft() {
        ChangeKind k = kind.getValue();
        List<EgressRule> rules = null;
        if (k == ChangeKind.EGRESS) {
            Optional<List<EgressRule>> r = egress.rules();
            if (r.isEmpty()) {
                return Optional.empty();
            }
            rules = r.get();
        }
        boolean customQuota = k == ChangeKind.QUOTA && CUSTOM.equals(quota.getValue());
        Map<String, String> values = null;
        if (customQuota) {
            values = new LinkedHashMap<>();
            for (var e : custom.entrySet()) {
                // an empty field is a resource the quota does not set (e.g. requests.storage), not an error
                if (!e.getValue().getValue().isBlank()) {
                    values.put(e.getKey(), e.getValue().getValue());
                }
            }
        }
        return Optional.of(new ChangeDraft(
                ns.id(),
                k,
                k == ChangeKind.TIER_MOVE ? tier.getValue() : null,
                k == ChangeKind.QUOTA && !customQuota ? quota.getValue() : null,
                rules,
                reason.getValue(),
                acknowledge.getValue(),
                values));
    }

    /** Live validation: the service's messages at their fields (a reason still empty is not yet an error). */
    private void validateLater() {
        Optional<ChangeDraft> d = draft();
        if (d.isEmpty()) {
            return;
        }
        try {
            Map<String, String> errors = new LinkedHashMap<>(changes.validate(d.get()));
            if (reason.getValue().isBlank()) {
                errors.remove("reason");
            }
            if (!egress.isVisible()) {
                errors.remove("egress");
            }
            clear();
            errors.forEach((field, message) -> {
                HasValidation f = fields.get(field);
                if (f != null
                        && (field.equals("namespace")
                                || field.equals("quotaValues")
                                || ((com.vaadin.flow.component.Component) f).isVisible())) {
                    f.setErrorMessage(message);
                    f.setInvalid(true);
                }
            });
        } catch (ValidationException | AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }

    private void clear() {
        fields.values().forEach(f -> {
            f.setInvalid(false);
            f.setErrorMessage(null);
        });
    }

    private void onPreview() {
        Optional<ChangeDraft> d = draft();
        if (d.isEmpty()) {
            return;
        }
        try {
            clear();
            render(changes.preview(d.get()));
        } catch (ValidationException ex) {
            FieldErrors.show(ex.fieldErrors(), fields);
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }

    private void onSubmit() {
        Optional<ChangeDraft> d = draft();
        if (d.isEmpty()) {
            return;
        }
        try {
            clear();
            NamespaceChange c = changes.request(d.get());
            close();
            submitted.accept(c);
        } catch (ValidationException ex) {
            if (ex.fieldErrors().containsKey("acknowledge")) {
                onPreview();
            }
            FieldErrors.show(ex.fieldErrors(), fields);
        } catch (AccessDeniedException ex) {
            close();
            Notices.error(ex.getMessage());
        }
    }

    private void render(ChangePreview p) {
        preview.show(p);
        acknowledge.setVisible(p.breaksWorkloads());
    }
}
