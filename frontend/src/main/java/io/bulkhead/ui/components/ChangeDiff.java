package io.bulkhead.ui.components;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.dom.Element;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A change as people read it: a table of the fields that changed, one row each, with the value before and after
 * ("State · Pending → Active"); nested fields by their path ("Approvals", "Egress · 1"); points in time relative with
 * the exact time on hover; nothing for fields that stayed the same. Reads the canonical JSON of an audit event's
 * before/after.
 */
public final class ChangeDiff extends Composite<Div> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One changed field: its label and the value before and after (null = not there). */
    public record Row(
            String field, @Nullable String before, @Nullable String after) {}

    private final List<Row> rows;

    public ChangeDiff(@Nullable String beforeJson, @Nullable String afterJson) {
        this.rows = rows(beforeJson, afterJson);
        Div root = getContent();
        root.addClassName("change-diff");
        if (rows.isEmpty()) {
            Span none = new Span("No field changed.");
            none.addClassName("change-diff-none");
            root.add(none);
            return;
        }
        Element table = new Element("table");
        table.setAttribute("aria-label", "Change, field by field: before and after");
        Element head = new Element("tr");
        for (String h : List.of("Field", "Before", "After")) {
            Element th = new Element("th");
            th.setAttribute("scope", "col");
            th.setText(h);
            head.appendChild(th);
        }
        table.appendChild(new Element("thead").appendChild(head));
        Element body = new Element("tbody");
        for (Row r : rows) {
            Element tr = new Element("tr");
            Element th = new Element("th");
            th.setAttribute("scope", "row");
            th.setText(r.field());
            tr.appendChild(th, cell(r.before(), "change-diff-before"), cell(r.after(), "change-diff-after"));
            body.appendChild(tr);
        }
        table.appendChild(body);
        root.getElement().appendChild(table);
    }

    /** The changed fields, in the order they first appear (before, then fields only after). */
    public List<Row> rows() {
        return rows;
    }

    private static Element cell(@Nullable String value, String className) {
        Element td = new Element("td");
        td.getClassList().add(className);
        if (value == null) {
            td.setText("—");
            td.getClassList().add("change-diff-absent");
            return td;
        }
        Instant t = instant(value);
        if (t != null) {
            Element s = new Element("span");
            s.setText(Times.relative(t, Instant.now()));
            s.setAttribute("title", Times.exact(t));
            s.getClassList().add("relative-time");
            td.appendChild(s);
        } else {
            td.setText(value);
        }
        return td;
    }

    /** The rows of a change: only fields added, removed or changed. */
    public static List<Row> rows(@Nullable String beforeJson, @Nullable String afterJson) {
        Map<String, String> before = flat(beforeJson);
        Map<String, String> after = flat(afterJson);
        LinkedHashSet<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<Row> out = new ArrayList<>();
        for (String k : keys) {
            String b = before.get(k);
            String a = after.get(k);
            if (!Objects.equals(a, b)) {
                out.add(new Row(label(k), b, a));
            }
        }
        return out;
    }

    /** "expiresAt" → "Expires at", "quota.cpu" → "Quota · cpu", "value" stays "Value". */
    static String label(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("\\.")) {
            parts.add(words(p));
        }
        String joined = String.join(" · ", parts);
        return joined.isEmpty() ? "Value" : Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
    }

    private static String words(String camel) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
                b.append(' ').append(Character.toLowerCase(c));
            } else if (c == '_' || c == '-') {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static @Nullable Instant instant(String s) {
        if (s.length() < 20 || !Character.isDigit(s.charAt(0)) || s.charAt(10) != 'T') {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Map<String, String> flat(@Nullable String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            flatten("", JSON.readTree(json), out);
        } catch (RuntimeException ex) {
            out.put("value", json);
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (var entry : node.properties()) {
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), out);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(x -> items.add(x.isValueNode() ? x.asString() : compact(x)));
            out.put(prefix.isEmpty() ? "value" : prefix, items.isEmpty() ? "(none)" : String.join(", ", items));
        } else {
            out.put(prefix.isEmpty() ? "value" : prefix, node.isNull() ? "(none)" : node.asString());
        }
    }

    /** An object inside a list, as "key value, key value" rather than JSON. */
    private static String compact(JsonNode x) {
        if (!x.isObject()) {
            return x.toString();
        }
        List<String> parts = new ArrayList<>();
        for (var e : x.properties()) {
            parts.add(e.getKey() + " "
                    + (e.getValue().isValueNode() ? e.getValue().asString() : e.getValue()));
        }
        return String.join(", ", parts);
    }
}
