package io.bulkhead.ui.components;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Svg;
import com.vaadin.flow.component.html.Span;
import io.bulkhead.compliance.CatalogChange;
import io.bulkhead.compliance.TrendPoint;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Score charts of the compliance screens and the landing page: the sparkline and daily trend lines. */
public final class Charts {
    private Charts() {}

    /**
     * A small line of the daily scores (0–100 on the vertical axis) as inline SVG, with a text alternative. One
     * point is a dot; none is an em dash.
     */
    public static Component sparkline(List<TrendPoint> points, int days) {
        if (points.isEmpty()) {
            Span none = new Span("—");
            none.getElement().setAttribute("aria-label", "No history yet");
            return none;
        }
        int w = 96;
        int h = 24;
        StringBuilder path = new StringBuilder();
        // the window ends on the last point (today: a namespace's score carries forward) and spans `days` days
        long start = points.getLast().day().toEpochDay() - (days - 1L);
        double span = Math.max(1, days - 1);
        double lastY = 0;
        for (int i = 0; i < points.size(); i++) {
            TrendPoint p = points.get(i);
            double x = 2 + (w - 4) * ((p.day().toEpochDay() - start) / span);
            double y = 2 + (h - 4) * (1 - p.score().doubleValue() / 100.0);
            lastY = y;
            path.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
        }
        TrendPoint last = points.getLast();
        TrendPoint first = points.getFirst();
        String text = "Score over " + days + " days: from " + first.score().toPlainString() + " to "
                + last.score().toPlainString();
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 "
                + w + " " + h + "\" role=\"img\" aria-label=\"" + text + "\"><title>" + text + "</title>"
                + "<line x1=\"2\" y1=\"2\" x2=\"" + (w - 2)
                + "\" y2=\"2\" stroke=\"currentColor\" stroke-opacity=\"0.15\"/>"
                + "<path d=\"" + path + "\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\""
                + " stroke-linejoin=\"round\"/>"
                + String.format(
                        Locale.ROOT, "<circle cx=\"%d\" cy=\"%.1f\" r=\"2\" fill=\"currentColor\"/>", w - 2, lastY)
                + "</svg>";
        Svg s = new Svg(svg);
        s.addClassName("sparkline");
        return s;
    }

    /**
     * Draws daily trend lines (one per key) on {@code chart}, 0–100, days on the x axis, and describes them for
     * screen readers (first and last score of each line).
     */
    public static void drawTrend(Chart chart, Map<String, List<TrendPoint>> trends, String noun, int days) {
        drawTrend(chart, trends, noun, days, List.of());
    }

    /**
     * As {@link #drawTrend(Chart, Map, String, int)}, and marks each catalog change with a dashed vertical line
     * labelled with the new catalog version (on the first day of the axis from the change on), so a jump there reads
     * as a change of the rules, not of the namespaces; the description names the changes too.
     */
    public static void drawTrend(
            Chart chart, Map<String, List<TrendPoint>> trends, String noun, int days, List<CatalogChange> changes) {
        TreeSet<LocalDate> dayAxis = new TreeSet<>();
        trends.values().forEach(list -> list.forEach(p -> dayAxis.add(p.day())));
        List<String> labels = dayAxis.stream().map(LocalDate::toString).toList();
        List<Object> series = new ArrayList<>();
        trends.forEach((key, points) -> {
            Map<LocalDate, Double> byDay = new HashMap<>();
            points.forEach(p -> byDay.put(p.day(), p.score().doubleValue()));
            List<Double> data = new ArrayList<>();
            dayAxis.forEach(day -> data.add(byDay.get(day)));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", "line");
            s.put("name", key);
            s.put("data", data);
            s.put("showSymbol", days <= 30);
            s.put("connectNulls", false);
            series.add(s);
        });
        List<Object> marks = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (CatalogChange c : changes) {
            LocalDate at = dayAxis.ceiling(c.day());
            if (at == null) {
                continue;
            }
            marks.add(Map.of(
                    "xAxis",
                    at.toString(),
                    "name",
                    "catalog v" + c.version(),
                    "label",
                    Map.of("formatter", "catalog v" + c.version())));
            described.add("catalog version " + c.version() + " from " + c.day());
        }
        if (!marks.isEmpty() && !series.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> firstSeries = (Map<String, Object>) series.getFirst();
            firstSeries.put(
                    "markLine",
                    Map.of(
                            "symbol",
                            List.of("none", "none"),
                            "silent",
                            true,
                            "lineStyle",
                            Map.of("type", "dashed"),
                            "label",
                            Map.of("position", "insideEndTop"),
                            "data",
                            marks));
        }
        chart.draw(Map.of(
                "tooltip", Map.of("trigger", "axis"),
                "legend", Map.of("top", 0, "type", "scroll"),
                "grid", Map.of("left", 8, "right", 16, "top", 32, "bottom", 8, "containLabel", true),
                "xAxis", Map.of("type", "category", "data", labels, "boundaryGap", false),
                "yAxis", Map.of("type", "value", "min", 0, "max", 100),
                "series", series));
        StringBuilder d =
                new StringBuilder("Line chart of the daily mean score by " + noun + " over " + days + " days: ");
        trends.forEach((k, pts) -> {
            if (!pts.isEmpty()) {
                d.append(k)
                        .append(" from ")
                        .append(pts.getFirst().score().toPlainString())
                        .append(" to ")
                        .append(pts.getLast().score().toPlainString())
                        .append("; ");
            }
        });
        if (!described.isEmpty()) {
            d.append("the rules changed: ").append(String.join(", ", described)).append("; ");
        }
        chart.describe(d.toString());
    }
}
