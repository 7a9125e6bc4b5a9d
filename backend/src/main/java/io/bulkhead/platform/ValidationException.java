package io.bulkhead.platform;

import java.util.Map;

/** Invalid input: one message per field, meant for the user. */
public class ValidationException extends IllegalArgumentException {
    private final Map<String, String> fieldErrors;

    public ValidationException(Map<String, String> fieldErrors) {
        super(String.join(" ", fieldErrors.values()));
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
