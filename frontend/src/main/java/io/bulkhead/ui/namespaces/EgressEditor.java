package io.bulkhead.ui.namespaces;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.ui.components.ErrorText;
import io.bulkhead.ui.components.FieldErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The egress allowlist editor of the request form as a component: rows of CIDR, port and protocol, each validated
 * as the user types, add and remove; {@link #rules()} gives the entries once all are valid. Element ids start with
 * {@code prefix} ({@code <prefix>-cidr-1}, {@code <prefix>-add}).
 */
class EgressEditor extends VerticalLayout implements HasValidation {
    private final String prefix;
    private final VerticalLayout list = new VerticalLayout();
    private final List<Row> rows = new ArrayList<>();
    private final ErrorText error;
    private final Runnable changed;
    private int counter;

    EgressEditor(String prefix, List<EgressRule> initial, Runnable changed) {
        this.prefix = prefix;
        this.changed = changed;
        this.error = new ErrorText(prefix + "-error");
        setPadding(false);
        setSpacing(false);
        list.setPadding(false);
        list.setSpacing(false);
        list.addClassName("egress-list");
        list.setId(prefix);
        list.getElement().setAttribute("aria-label", "Egress allowlist");
        Button add = new Button(
                "Add egress entry",
                VaadinIcon.PLUS.create(),
                e -> addRow(null).cidr.focus());
        add.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add.setId(prefix + "-add");
        initial.forEach(this::addRow);
        add(list, error, add);
    }

    private Row addRow(@Nullable EgressRule rule) {
        Row row = new Row(++counter);
        if (rule != null) {
            row.cidr.setValue(rule.cidr());
            row.port.setValue(rule.port());
            row.protocol.setValue(rule.protocol());
        }
        rows.add(row);
        list.add(row.layout);
        error.setInvalid(false);
        return row;
    }

    private void remove(Row row) {
        rows.remove(row);
        list.remove(row.layout);
        changed.run();
    }

    /** All entries, or empty when one is invalid (its fields then show why). */
    Optional<List<EgressRule>> rules() {
        List<EgressRule> out = new ArrayList<>();
        boolean ok = true;
        for (Row row : rows) {
            EgressRule r = row.validate();
            if (r == null) {
                ok = false;
            } else {
                out.add(r);
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    @Override
    public void setErrorMessage(@Nullable String message) {
        error.setErrorMessage(message);
    }

    @Override
    public @Nullable String getErrorMessage() {
        return error.getErrorMessage();
    }

    @Override
    public void setInvalid(boolean invalid) {
        error.setInvalid(invalid);
    }

    @Override
    public boolean isInvalid() {
        return error.isInvalid();
    }

    /** One allowlist entry: CIDR, port and protocol, validated as the user types. */
    private final class Row {
        final TextField cidr = new TextField("CIDR");
        final IntegerField port = new IntegerField("Port");
        final Select<String> protocol = new Select<>();
        final HorizontalLayout layout;

        Row(int n) {
            cidr.setPlaceholder("10.20.0.0/16");
            cidr.setId(prefix + "-cidr-" + n);
            cidr.setValueChangeMode(ValueChangeMode.LAZY);
            cidr.setWidth("16rem");
            port.setPlaceholder("443");
            port.setMin(1);
            port.setMax(65535);
            port.setId(prefix + "-port-" + n);
            port.setWidth("8rem");
            protocol.setLabel("Protocol");
            protocol.setItems("TCP", "UDP", "SCTP");
            protocol.setValue("TCP");
            protocol.setId(prefix + "-protocol-" + n);
            protocol.setWidth("8rem");
            Button remove = new Button(VaadinIcon.TRASH.create(), e -> EgressEditor.this.remove(this));
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_ICON);
            remove.setAriaLabel("Remove egress entry " + n);
            remove.setId(prefix + "-remove-" + n);
            cidr.addValueChangeListener(e -> {
                validate();
                changed.run();
            });
            port.addValueChangeListener(e -> {
                validate();
                changed.run();
            });
            protocol.addValueChangeListener(e -> changed.run());
            layout = new HorizontalLayout(cidr, port, protocol, remove);
            layout.setAlignItems(FlexComponent.Alignment.BASELINE);
            layout.addClassName("egress-row");
            layout.getElement().setAttribute("role", "group");
            layout.getElement().setAttribute("aria-label", "Egress entry " + n);
        }

        @Nullable
        EgressRule validate() {
            Map<String, String> errors =
                    EgressRule.validate(cidr.getValue().strip(), port.getValue(), protocol.getValue());
            Map<String, HasValidation> fields = Map.of("cidr", cidr, "port", port, "protocol", protocol);
            FieldErrors.clear(fields);
            FieldErrors.show(errors, fields);
            return errors.isEmpty()
                    ? new EgressRule(cidr.getValue().strip(), port.getValue(), protocol.getValue())
                    : null;
        }
    }
}
