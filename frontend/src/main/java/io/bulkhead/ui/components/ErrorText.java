package io.bulkhead.ui.components;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.html.Span;
import org.jspecify.annotations.Nullable;

/** A message below a group of controls that has no error slot of its own (tier cards, egress list). */
public final class ErrorText extends Span implements HasValidation {
    private @Nullable String message;

    public ErrorText(String id) {
        setId(id);
        addClassName("field-error");
        getElement().setAttribute("role", "alert");
        setVisible(false);
    }

    @Override
    public void setErrorMessage(@Nullable String errorMessage) {
        message = errorMessage;
        setText(errorMessage == null ? "" : errorMessage);
    }

    @Override
    public @Nullable String getErrorMessage() {
        return message;
    }

    @Override
    public void setInvalid(boolean invalid) {
        setVisible(invalid);
    }

    @Override
    public boolean isInvalid() {
        return isVisible();
    }
}
