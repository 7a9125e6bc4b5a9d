package io.bulkhead.ui.components;

import com.vaadin.flow.component.html.Span;
import io.bulkhead.compliance.Severity;
import io.bulkhead.exceptions.ExceptionState;
import io.bulkhead.provisioning.NamespaceState;
import java.math.BigDecimal;
import java.util.Locale;

/** Lumo badges, one look per kind of thing: namespace states, status words, scores, severities. */
public final class Badges {
    private Badges() {}

    /** A badge with the given Lumo badge variants ("success", "error primary", "pill small", ...). */
    public static Span of(String text, String variants) {
        Span b = new Span(text);
        b.getElement().getThemeList().add(variants.isBlank() ? "badge" : "badge " + variants);
        return b;
    }

    /** An exception's state: green when approved or active, red when rejected or revoked, grey otherwise. */
    public static Span exceptionState(ExceptionState s) {
        Span b = of(
                s.label(),
                switch (s) {
                    case ACTIVE, APPROVED -> "success";
                    case REJECTED, REVOKED -> "error";
                    case PENDING -> "";
                    default -> "contrast";
                });
        b.getElement().setAttribute("title", "State: " + s.label());
        b.addClassName("exc-state");
        return b;
    }

    /** A namespace state: green when ready, red when failed or rejected, grey otherwise. */
    public static Span state(NamespaceState s) {
        Span b = of(
                stateLabel(s),
                switch (s) {
                    case READY -> "success";
                    case FAILED, REJECTED -> "error";
                    default -> "contrast";
                });
        b.getElement().setAttribute("title", "State: " + stateLabel(s));
        return b;
    }

    /** How a namespace state reads to people. */
    public static String stateLabel(NamespaceState s) {
        return s == NamespaceState.REQUESTED ? "Waiting for review" : s.label();
    }

    /** A status word (APPLIED, REACHABLE, FAILED, ...), capitalised: green, red or grey. */
    public static Span status(String status) {
        return of(
                status.charAt(0) + status.substring(1).toLowerCase(Locale.ROOT).replace('_', ' '),
                switch (status) {
                    case "APPLIED", "REACHABLE", "READY" -> "success";
                    case "FAILED", "UNREACHABLE", "ERROR" -> "error";
                    default -> "contrast";
                });
    }

    /** A compliance score: green from 90, grey from 70, red below. */
    public static Span score(BigDecimal score) {
        Span b = of(
                score.toPlainString(),
                score.compareTo(BigDecimal.valueOf(90)) >= 0
                        ? "success"
                        : score.compareTo(BigDecimal.valueOf(70)) >= 0 ? "" : "error");
        b.getElement().setAttribute("aria-label", "Score " + score.toPlainString() + " of 100");
        b.addClassName("score-badge");
        return b;
    }

    /** A finding's severity, with its weight in the tooltip. */
    public static Span severity(Severity s) {
        Span b = of(
                severityLabel(s),
                switch (s) {
                    case CRITICAL -> "error primary";
                    case HIGH -> "error";
                    case MEDIUM -> "";
                    case LOW -> "contrast";
                });
        b.getElement().setAttribute("title", "Severity " + severityLabel(s) + ", weight " + s.weight());
        return b;
    }

    /** "Critical", "High", ... */
    public static String severityLabel(Severity s) {
        return s.name().charAt(0) + s.name().substring(1).toLowerCase(Locale.ROOT);
    }
}
