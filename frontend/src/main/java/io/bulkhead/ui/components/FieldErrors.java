package io.bulkhead.ui.components;

import com.vaadin.flow.component.HasValidation;
import java.util.Map;

/**
 * Puts the service layer's field messages ({@code ValidationException.fieldErrors()}) at the fields of a form:
 * each message at its field, the rest in one error notification.
 */
public final class FieldErrors {
    private FieldErrors() {}

    /** Each message at its field; messages for fields the form does not have go to one error notification. */
    public static void show(Map<String, String> errors, Map<String, ? extends HasValidation> fields) {
        StringBuilder rest = new StringBuilder();
        errors.forEach((field, message) -> {
            HasValidation f = fields.get(field);
            if (f != null) {
                f.setErrorMessage(message);
                f.setInvalid(true);
            } else {
                rest.append(rest.isEmpty() ? "" : " ").append(message);
            }
        });
        if (!rest.isEmpty()) {
            Notices.error(rest.toString());
        }
    }

    /** Clears the messages of all fields (before a new attempt). */
    public static void clear(Map<String, ? extends HasValidation> fields) {
        fields.values().forEach(f -> {
            f.setInvalid(false);
            f.setErrorMessage(null);
        });
    }
}
