package io.bulkhead.ui.namespaces;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.TierReadiness;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.ErrorText;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Texts;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * "Readiness for a stricter tier": pick another tier (the next stricter one by Pod Security level first) and see
 * which workloads would fail there, with the field and the fix; an empty state when nothing would. Evaluated on
 * demand: nothing is read until the panel is shown ({@link #load()}).
 */
final class ReadinessPanel extends VerticalLayout {

    /** A tier that could be chosen, with its Pod Security enforce level (0 privileged, 1 baseline, 2 restricted). */
    record TierOption(String name, int enforceLevel, String enforceLabel) {}

    private final Function<String, TierReadiness> readiness;
    private final Function<String, String> controlTitle;
    private final Select<TierOption> target = new Select<>();
    private final Paragraph summary = new Paragraph();
    private final Grid<Finding> failing = new Grid<>(Finding.class, false);
    private final Div empty = new Div();
    private final ErrorText error = new ErrorText("ns-readiness-error");
    private boolean loaded;

    /**
     * @param current the namespace's tier
     * @param tiers every tier (the current one is left out of the choice)
     * @param readiness what would fail in a tier ({@code Compliance.readiness} of this namespace)
     * @param controlTitle a control's title by id (the id itself when unknown)
     */
    ReadinessPanel(
            String current,
            List<TierOption> tiers,
            Function<String, TierReadiness> readiness,
            Function<String, String> controlTitle) {
        this.readiness = readiness;
        this.controlTitle = controlTitle;
        setId("ns-readiness");
        setPadding(false);
        setWidthFull();

        int currentLevel = tiers.stream()
                .filter(t -> t.name().equals(current))
                .map(TierOption::enforceLevel)
                .findFirst()
                .orElse(-1);
        List<TierOption> others = tiers.stream()
                .filter(t -> !t.name().equals(current))
                .sorted(Comparator.comparingInt((TierOption t) -> t.enforceLevel() > currentLevel ? 0 : 1)
                        .thenComparing(TierOption::enforceLevel, Comparator.reverseOrder())
                        .thenComparing(TierOption::name))
                .toList();

        H3 title = new H3("Readiness for a stricter tier");
        title.setId("ns-readiness-title");
        Paragraph intro = new Paragraph("What would fail if this namespace moved to another tier: its live workloads"
                + " checked with that tier's controls and Pod Security level. Exceptions do not carry over.");
        intro.addClassName("hint");

        target.setLabel("Target tier");
        target.setWidth("24rem");
        target.setMaxWidth("100%");
        target.setId("ns-readiness-tier");
        target.setItems(others);
        target.setItemLabelGenerator(t -> t.name() + " (Pod Security " + t.enforceLabel()
                + (t.enforceLevel() > currentLevel ? ", stricter)" : ")"));
        target.setEmptySelectionAllowed(false);
        if (!others.isEmpty()) {
            target.setValue(others.getFirst());
        }
        target.addValueChangeListener(e -> {
            if (loaded) {
                show(e.getValue());
            }
        });

        summary.setId("ns-readiness-summary");

        failing.addColumn(f -> Texts.orEmpty(f.workloadKind()) + "/" + Texts.orEmpty(f.workloadName()))
                .setHeader("Workload")
                .setWidth("10rem")
                .setFlexGrow(0);
        failing.addColumn(f -> Texts.orEmpty(f.container()))
                .setHeader("Container")
                .setWidth("6.5rem")
                .setFlexGrow(0);
        failing.addColumn(new ComponentRenderer<>(f -> Badges.severity(f.severity())))
                .setHeader("Severity")
                .setWidth("6rem")
                .setFlexGrow(0);
        failing.addColumn(f -> controlTitle.apply(f.controlId()))
                .setHeader("Control")
                .setWidth("9rem")
                .setFlexGrow(0);
        failing.addColumn(f -> f.field() + ": " + f.actual())
                .setHeader("Field (found)")
                .setWidth("11rem")
                .setFlexGrow(1);
        failing.addColumn(Finding::fix).setHeader("Fix").setWidth("12rem").setFlexGrow(2);
        failing.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        failing.setAllRowsVisible(true);
        failing.setId("ns-readiness-failing");
        failing.getElement().setAttribute("aria-label", "Workload findings that would fail in the target tier");
        empty.setId("ns-readiness-empty");
        empty.setWidthFull();

        add(title, intro);
        if (others.isEmpty()) {
            add(Notices.emptyState(VaadinIcon.INFO_CIRCLE_O, "No other tier", "There is no other tier to move to."));
        } else {
            add(target, error, summary, failing, empty);
        }
        failing.setVisible(false);
    }

    /** Evaluates the selected tier the first time the panel is shown. */
    void load() {
        if (!loaded) {
            loaded = true;
            show(target.getValue());
        }
    }

    /** Evaluates again (after the namespace changed). */
    void reload() {
        if (loaded) {
            show(target.getValue());
        }
    }

    Optional<TierOption> selected() {
        return Optional.ofNullable(target.getValue());
    }

    void select(String tier) {
        target.getListDataView()
                .getItems()
                .filter(t -> t.name().equals(tier))
                .findFirst()
                .ifPresent(target::setValue);
    }

    private void show(@Nullable TierOption tier) {
        error.setInvalid(false);
        empty.removeAll();
        if (tier == null) {
            return;
        }
        TierReadiness r;
        try {
            r = readiness.apply(tier.name());
        } catch (ValidationException | AccessDeniedException ex) {
            failing.setVisible(false);
            summary.setText("");
            error.setErrorMessage(ex.getMessage());
            error.setInvalid(true);
            return;
        }
        failing.setItems(r.failing());
        failing.setVisible(!r.ready());
        if (r.ready()) {
            summary.setText("");
            empty.add(Notices.emptyState(
                    VaadinIcon.CHECK_CIRCLE_O,
                    "Ready for " + r.tier() + ": nothing would fail",
                    "Every live workload passes " + r.tier() + " v" + r.tierVersion() + " (Pod Security "
                            + r.podSecurity() + ")."));
        } else {
            long workloads = r.failing().stream()
                    .map(f -> f.workloadKind() + "/" + f.workloadName())
                    .distinct()
                    .count();
            summary.setText(r.failing().size() + (r.failing().size() == 1 ? " finding" : " findings") + " in "
                    + workloads + (workloads == 1 ? " workload" : " workloads") + " would fail in " + r.tier() + " v"
                    + r.tierVersion() + " (Pod Security " + r.podSecurity() + ").");
        }
    }

    Grid<Finding> failingGrid() {
        return failing;
    }

    Div emptyBox() {
        return empty;
    }

    Paragraph summaryText() {
        return summary;
    }
}
