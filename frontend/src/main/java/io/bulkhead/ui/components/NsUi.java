package io.bulkhead.ui.components;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.NamespaceState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Small shared bits of the namespace screens: state badges, times, ids and field messages. */
public final class NsUi {
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private NsUi() {}

    /** A Lumo badge for a namespace state: green when ready, red when failed, grey otherwise. */
    public static Span stateBadge(NamespaceState s) {
        Span b = new Span(stateLabel(s));
        b.getElement()
                .getThemeList()
                .add(
                        switch (s) {
                            case READY -> "badge success";
                            case FAILED, REJECTED -> "badge error";
                            default -> "badge contrast";
                        });
        b.getElement().setAttribute("title", "State: " + stateLabel(s));
        return b;
    }

    /** A dashboard card: a title, a big figure and a caption, read out as one phrase. */
    public static Div card(String title, String value, String caption) {
        Span v = new Span(value);
        v.addClassName("metric");
        Div c = new Div(new H3(title), v, new Paragraph(caption));
        c.addClassName("card");
        c.getElement().setAttribute("aria-label", title + ": " + value + ", " + caption);
        return c;
    }

    /**
     * Runs a reviewer's decision confirmed in a dialog with a comment field: on success closes the dialog, refreshes
     * the review counts and reports {@code done}; a refusal of the comment stays at the field with the dialog open;
     * any other refusal closes it and says why. {@code reload} shows the state after an outcome.
     */
    public static <T> void decide(
            Dialog d, HasValidation comment, Supplier<T> action, Consumer<T> done, Runnable reload) {
        try {
            T after = action.get();
            d.close();
            ReviewsChanged.fire();
            done.accept(after);
            reload.run();
        } catch (ValidationException ex) {
            Map<String, String> errors = ex.fieldErrors();
            if (errors.containsKey("comment")) {
                comment.setErrorMessage(errors.get("comment"));
                comment.setInvalid(true);
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

    public static String stateLabel(NamespaceState s) {
        return s == NamespaceState.REQUESTED ? "Waiting for review" : s.label();
    }

    /** A Lumo badge for a status word (APPLIED, REACHABLE, FAILED, ...). */
    public static Span statusBadge(String status) {
        Span b = new Span(status.charAt(0) + status.substring(1).toLowerCase().replace('_', ' '));
        String theme = switch (status) {
            case "APPLIED", "REACHABLE", "READY" -> "badge success";
            case "FAILED", "UNREACHABLE", "ERROR" -> "badge error";
            default -> "badge contrast";
        };
        b.getElement().getThemeList().add(theme);
        return b;
    }

    public static String time(@Nullable Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    /** "just now", "12 min ago", "3 h ago", "2 d ago". */
    public static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toMinutes() < 60) {
            return d.toMinutes() + " min ago";
        }
        if (d.toHours() < 48) {
            return d.toHours() + " h ago";
        }
        return d.toDays() + " d ago";
    }

    public static Optional<UUID> parseId(@Nullable String s) {
        if (s == null || s.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Puts each message at its field; messages for fields the form does not have go to one error notification.
     */
    public static void showErrors(Map<String, String> errors, Map<String, ? extends HasValidation> fields) {
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

    public static void clearErrors(Map<String, ? extends HasValidation> fields) {
        fields.values().forEach(f -> {
            f.setInvalid(false);
            f.setErrorMessage(null);
        });
    }

    public static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }

    /** A message below a group of controls that has no error slot of its own (tier cards, egress list). */
    public static final class ErrorText extends Span implements HasValidation {
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
}
