package io.bulkhead.ui.components;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.page.ExtendedClientDetails;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.function.ValueProvider;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How the portal shows a point in time: relative ("3 min ago", "in 6 d") with the exact time in the user's own
 * time zone on hover ("2026-12-02 14:05:09 CET"), or that exact time where the date itself matters. The zone is
 * the browser's (Vaadin's extended client details); UTC until the browser has told it.
 */
public final class Times {
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT);
    private static final ZoneId UTC = ZoneId.of("UTC");

    private Times() {}

    /** The signed-in user's time zone: the browser's, or UTC while it is not known (or outside a UI). */
    public static ZoneId zone() {
        UI ui = UI.getCurrent();
        if (ui == null) {
            return UTC;
        }
        ExtendedClientDetails details = ui.getPage().getExtendedClientDetails();
        String id = details == null ? null : details.getTimeZoneId();
        if (id == null || id.isBlank()) {
            return UTC;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return UTC;
        }
    }

    /** To the second, in the user's zone, with the zone's name: for tooltips. Empty for no time. */
    public static String exact(@Nullable Instant t) {
        return t == null ? "" : EXACT.format(t.atZone(zone()));
    }

    /** To the minute, in the user's zone, with the zone's name: for text where the date matters. */
    public static String minutes(@Nullable Instant t) {
        return t == null ? "" : MINUTES.format(t.atZone(zone()));
    }

    /** "just now", "12 min ago", "3 h ago", "2 d ago"; ahead of {@code now}: "in 5 min", "in 3 h", "in 6 d". */
    public static String relative(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        boolean future = d.isNegative();
        Duration a = d.abs();
        if (a.toMinutes() < 1) {
            return future ? "in less than a minute" : "just now";
        }
        String amount =
                a.toMinutes() < 60 ? a.toMinutes() + " min" : a.toHours() < 48 ? a.toHours() + " h" : a.toDays() + " d";
        return future ? "in " + amount : amount + " ago";
    }

    /** A relative time with the exact time as tooltip; {@code none} (e.g. "never") when there is no time. */
    public static Span of(@Nullable Instant t, Clock clock, String none) {
        Span s = new Span(t == null ? none : relative(t, clock.instant()));
        s.addClassName("relative-time");
        if (t != null) {
            s.getElement().setAttribute("title", exact(t));
        }
        return s;
    }

    /** {@link #of(Instant, Clock, String)} against the system clock. */
    public static Span of(@Nullable Instant t) {
        return of(t, Clock.systemUTC(), "");
    }

    /**
     * Adds a grid column of relative times with the exact time on hover (a light renderer, not a component per
     * cell), sorted by the instant itself; {@code none} for rows without a time. Header and widths are the
     * caller's.
     */
    public static <T> Grid.Column<T> addColumn(
            Grid<T> grid, ValueProvider<T, @Nullable Instant> getter, Clock clock, String none) {
        LitRenderer<T> renderer = LitRenderer.<T>of(
                        "<span class=\"relative-time\" title=\"${item.exact}\">${item.text}</span>")
                .withProperty("text", item -> {
                    Instant t = getter.apply(item);
                    return t == null ? none : relative(t, clock.instant());
                })
                .withProperty("exact", item -> exact(getter.apply(item)));
        return grid.addColumn(renderer)
                .setComparator(Comparator.comparing(getter, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    /** {@link #addColumn(Grid, ValueProvider, Clock, String)} against the system clock, blank for no time. */
    public static <T> Grid.Column<T> addColumn(Grid<T> grid, ValueProvider<T, @Nullable Instant> getter) {
        return addColumn(grid, getter, Clock.systemUTC(), "");
    }
}
