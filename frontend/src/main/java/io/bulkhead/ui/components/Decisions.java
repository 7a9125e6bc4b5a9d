package io.bulkhead.ui.components;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.dialog.Dialog;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Actions confirmed in a dialog with one field: a reviewer's decision with its comment, a typed-name check. */
public final class Decisions {
    private Decisions() {}

    /**
     * Runs a reviewer's decision: {@link #confirm} with the comment field ({@code comment} in the service's field
     * messages), and on success the review counts in the navigation follow at once.
     */
    public static <T> void decide(
            Dialog d, HasValidation comment, Supplier<T> action, Consumer<T> done, Runnable reload) {
        confirm(
                d,
                "comment",
                comment,
                action,
                after -> {
                    ReviewsChanged.fire();
                    done.accept(after);
                },
                reload);
    }

    /**
     * Runs an action confirmed in a dialog with one field: on success closes the dialog, reports {@code done} and
     * shows the new state ({@code reload}); a refusal of that field ({@code fieldName} in the service's field
     * messages) stays at the field with the dialog open; any other refusal closes it, says why and reloads; a
     * denial closes it and says why.
     */
    public static <T> void confirm(
            Dialog d, String fieldName, HasValidation field, Supplier<T> action, Consumer<T> done, Runnable reload) {
        try {
            T after = action.get();
            d.close();
            done.accept(after);
            reload.run();
        } catch (ValidationException ex) {
            Map<String, String> errors = ex.fieldErrors();
            if (errors.containsKey(fieldName)) {
                field.setErrorMessage(errors.get(fieldName));
                field.setInvalid(true);
            } else {
                d.close();
                Notices.error(ex.getMessage());
                reload.run();
            }
        } catch (AccessDeniedException ex) {
            d.close();
            Notices.error(ex.getMessage());
        }
    }
}
