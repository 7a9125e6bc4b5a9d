package io.bulkhead.ui.admin;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.BudgetDraft;
import io.bulkhead.provisioning.TeamBudget;
import io.bulkhead.provisioning.TeamBudgets;
import io.bulkhead.tenancy.Team;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Admin: sets (or removes) a team's quota budget in a cluster; the service's messages appear at their fields. */
class BudgetDialog extends Dialog {
    private final TeamBudgets budgets;
    private final Runnable saved;
    private final Select<String> team = new Select<>();
    private final Select<String> cluster = new Select<>();
    private final TextField cpu = new TextField("CPU (requests.cpu)");
    private final TextField memory = new TextField("Memory (requests.memory)");
    private final TextField storage = new TextField("Storage (requests.storage)");
    private final IntegerField namespaces = new IntegerField("Namespaces");
    private final Map<String, HasValidation> fields = new LinkedHashMap<>();

    BudgetDialog(
            TeamBudgets budgets,
            List<Team> teams,
            List<ClusterSummary> clusters,
            @Nullable TeamBudget existing,
            Runnable saved) {
        this.budgets = budgets;
        this.saved = saved;
        setHeaderTitle(existing == null ? "Set a team budget" : "Edit team budget");
        setId("budget-dialog");
        setWidth("40rem");
        setMaxWidth("100%");

        Map<String, String> teamNames = new LinkedHashMap<>();
        teams.forEach(t -> teamNames.put(t.id(), t.displayName()));
        team.setLabel("Team");
        team.setItems(teamNames.keySet());
        team.setItemLabelGenerator(id -> teamNames.getOrDefault(id, id));
        team.setId("budget-team");
        Map<String, String> clusterNames = new LinkedHashMap<>();
        clusters.forEach(c -> clusterNames.put(c.name(), c.displayName()));
        cluster.setLabel("Cluster");
        cluster.setItems(clusterNames.keySet());
        cluster.setItemLabelGenerator(n -> clusterNames.getOrDefault(n, n));
        cluster.setId("budget-cluster");

        cpu.setId("budget-cpu");
        cpu.setHelperText("Cores, e.g. 16 or 500m; empty: no limit");
        memory.setId("budget-memory");
        memory.setHelperText("e.g. 64Gi; empty: no limit");
        storage.setId("budget-storage");
        storage.setHelperText("e.g. 1Ti; empty: no limit");
        namespaces.setId("budget-namespaces");
        namespaces.setHelperText("Empty: no limit");
        namespaces.setMin(0);
        namespaces.setStepButtonsVisible(true);
        for (TextField f : List.of(cpu, memory, storage)) {
            f.setMaxLength(40);
        }
        if (existing != null) {
            team.setValue(existing.team());
            cluster.setValue(existing.cluster());
            team.setReadOnly(true);
            cluster.setReadOnly(true);
            cpu.setValue(existing.cpu() == null ? "" : existing.cpu());
            memory.setValue(existing.memory() == null ? "" : existing.memory());
            storage.setValue(existing.storage() == null ? "" : existing.storage());
            namespaces.setValue(existing.namespaces());
        }
        fields.put("team", team);
        fields.put("cluster", cluster);
        fields.put("cpu", cpu);
        fields.put("memory", memory);
        fields.put("storage", storage);
        fields.put("namespaces", namespaces);

        FormLayout form = new FormLayout(team, cluster, cpu, memory, storage, namespaces);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("28rem", 2));
        add(
                new Paragraph("The sums of the ResourceQuotas of the team's live namespaces in the cluster. Requests"
                        + " and quota changes that fit are approved automatically (where the tier allows it); the"
                        + " rest go to a reviewer with the overrun."),
                form);

        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("budget-cancel");
        Button save = new Button("Save budget", VaadinIcon.CHECK.create(), e -> onSave());
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("budget-save");
        if (existing != null) {
            Button remove = new Button("Remove budget", VaadinIcon.TRASH.create(), e -> onRemove(existing));
            remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
            remove.setId("budget-remove");
            remove.setAriaLabel("Remove the budget: nothing is limited for the team in this cluster");
            getFooter().add(remove);
        }
        getFooter().add(cancel, save);
    }

    private void onSave() {
        FieldErrors.clear(fields);
        try {
            TeamBudget b = budgets.set(new BudgetDraft(
                    team.getValue(),
                    cluster.getValue(),
                    cpu.getValue(),
                    memory.getValue(),
                    storage.getValue(),
                    namespaces.getValue()));
            Notices.success("Budget saved for " + team.getItemLabelGenerator().apply(b.team()) + " in "
                    + cluster.getItemLabelGenerator().apply(b.cluster()) + ".");
            close();
            saved.run();
        } catch (ValidationException ex) {
            FieldErrors.show(ex.fieldErrors(), fields);
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }

    private void onRemove(TeamBudget b) {
        try {
            budgets.remove(b.team(), b.cluster());
            Notices.success("Budget removed.");
            close();
            saved.run();
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }
}
