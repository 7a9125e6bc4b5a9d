package io.bulkhead.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.TierRollout;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.Notices;
import java.util.List;

/**
 * Admin dialog for one tier: edit its bundle YAML, dry-run it against the reachable clusters, publish it as a new
 * version, and roll the tier's namespaces to any published version (forward or back).
 */
class TierVersionDialog extends Dialog {
    private final TierRollout rollout;
    private final Tiers tiers;
    private final TierSummary tier;
    private final Runnable onChange;
    private final TextArea yaml = new TextArea("Bundle YAML");
    private final Pre result = new Pre();
    private final Select<Integer> version = new Select<>();

    TierVersionDialog(TierRollout rollout, Tiers tiers, TierSummary tier, Runnable onChange) {
        this.rollout = rollout;
        this.tiers = tiers;
        this.tier = tier;
        this.onChange = onChange;
        setHeaderTitle("Tier " + tier.title() + " (latest v" + tier.latestVersion() + ")");
        setWidth("min(60rem, 95vw)");
        setId("tier-dialog");

        yaml.setValue(tiers.bundleYaml(tier.name(), tier.latestVersion()).orElse(""));
        yaml.setWidthFull();
        yaml.setHeight("22rem");
        yaml.setId("tier-yaml");
        yaml.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        yaml.setHelperText("Edit and publish: the new version is dry-run against every reachable cluster first.");
        result.setId("tier-result");
        result.getElement().setAttribute("role", "status");
        result.getStyle()
                .set("white-space", "pre-wrap")
                .set("max-height", "10rem")
                .set("overflow", "auto");

        Button validate = new Button("Dry-run", e -> onValidate());
        validate.setId("tier-validate");
        Button publish = new Button("Publish new version", e -> onPublish());
        publish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        publish.setId("tier-publish");

        List<Integer> versions = tiers.versions(tier.name());
        version.setLabel("Roll every namespace of this tier to");
        version.setItems(versions);
        version.setItemLabelGenerator(v -> "v" + v);
        version.setValue(tier.latestVersion());
        version.setId("tier-roll-version");
        Button roll = new Button("Roll namespaces…", e -> onRoll());
        roll.setAriaLabel("Preview and roll every namespace of this tier to the chosen version");
        roll.setId("tier-roll");

        VerticalLayout body = new VerticalLayout(
                yaml,
                result,
                new Paragraph("Namespaces record the version they were provisioned with; rolling re-applies them."),
                version);
        body.setPadding(false);
        add(body);
        Button close = new Button("Close", e -> close());
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        getFooter().add(close, roll, validate, publish);
    }

    private void onValidate() {
        try {
            List<String> problems = rollout.validate(yaml.getValue());
            result.setText(
                    problems.isEmpty()
                            ? "Dry-run passed: every object was accepted by the API server."
                            : String.join("\n", problems));
            yaml.setInvalid(!problems.isEmpty());
            yaml.setErrorMessage(problems.isEmpty() ? null : "The dry-run found problems (below).");
        } catch (AccessDeniedException e) {
            Notices.error(e.getMessage());
        }
    }

    private void onPublish() {
        try {
            int v = rollout.publish(yaml.getValue());
            Notices.success("Published " + tier.title() + " v" + v + ". Roll namespaces to it when ready.");
            onChange.run();
            close();
        } catch (ValidationException e) {
            String msg = String.join("\n", e.fieldErrors().values());
            result.setText(msg);
            yaml.setErrorMessage("Not published: see the problems below.");
            yaml.setInvalid(true);
        } catch (IllegalArgumentException | AccessDeniedException e) {
            result.setText(e.getMessage());
            yaml.setInvalid(true);
        }
    }

    private void onRoll() {
        Integer v = version.getValue();
        if (v == null) {
            version.setErrorMessage("Choose a version.");
            version.setInvalid(true);
            return;
        }
        try {
            // nothing moves before the admin has seen what would change and confirmed it
            new TierRollDialog(rollout, tier, rollout.rollPreview(tier.name(), v), onChange).open();
        } catch (ValidationException | AccessDeniedException e) {
            Notices.error(e.getMessage());
        }
    }
}
