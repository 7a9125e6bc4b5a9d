package io.bulkhead.provisioning.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What someone else changed in an object Bulkhead applied: the fields of Bulkhead's last applied object that the live
 * object no longer holds (with the value applied and the value found), and which field manager last wrote them, read
 * from the live object's managedFields. Pure: no API calls.
 */
final class FieldChanges {
    private FieldChanges() {}

    /** One field Bulkhead set that now differs. {@code found} null: the field is gone. */
    record Change(
            List<String> path,
            @Nullable Object applied,
            @Nullable Object found) {
        String field() {
            return String.join(".", path);
        }

        String describe() {
            return field() + ": " + (applied == null ? "(unset)" : applied) + " → "
                    + (found == null ? "(removed)" : found);
        }
    }

    /** The top-most differing fields of {@code applied} in {@code live} (subset semantics, as the applier compares). */
    static List<Change> between(HasMetadata applied, HasMetadata live) {
        Map<String, Object> want = Applier.asComparable(applied);
        Map<String, Object> have = Applier.asComparable(live);
        List<Change> out = new ArrayList<>();
        Object wantMeta = want.remove("metadata");
        Object haveMeta = have.remove("metadata");
        want.remove("status");
        if (wantMeta instanceof Map<?, ?> wm) {
            Map<?, ?> hm = haveMeta instanceof Map<?, ?> m ? m : Map.of();
            for (String part : List.of("labels", "annotations")) {
                collect(List.of("metadata", part), wm.get(part), hm.get(part), out);
            }
        }
        collect(List.of(), want, have, out);
        return out;
    }

    private static void collect(List<String> path, @Nullable Object want, @Nullable Object have, List<Change> out) {
        if (want == null || Applier.subset(want, have)) {
            return;
        }
        if (want instanceof Map<?, ?> wm && have instanceof Map<?, ?> hm) {
            for (var e : wm.entrySet()) {
                List<String> p = new ArrayList<>(path);
                p.add(String.valueOf(e.getKey()));
                collect(p, e.getValue(), hm.get(e.getKey()), out);
            }
            return;
        }
        out.add(new Change(List.copyOf(path), want, have));
    }

    /**
     * The field manager (other than Bulkhead, status writers left out) that owns one of {@code changes} in
     * {@code live}'s managedFields, the most recent first; null when none does — a removed field has no owner, and
     * the API server does not record who removed it.
     */
    static @Nullable String manager(HasMetadata live, List<Change> changes) {
        List<ManagedFieldsEntry> entries = live.getMetadata().getManagedFields();
        if (entries == null) {
            return null;
        }
        return entries.stream()
                .filter(m -> !Applier.FIELD_MANAGER.equals(m.getManager()))
                .filter(m -> m.getSubresource() == null || m.getSubresource().isEmpty())
                .filter(m -> changes.stream().anyMatch(c -> owns(m, c.path())))
                .max(Comparator.comparing(m -> m.getTime() == null ? "" : m.getTime()))
                .map(ManagedFieldsEntry::getManager)
                .orElse(null);
    }

    /**
     * Whether a managedFields entry owns the field at {@code path} (map keys) or something inside it.
     * A path that reaches into a list is owned when the entry owns anything of that list.
     */
    static boolean owns(ManagedFieldsEntry entry, List<String> path) {
        if (entry.getFieldsV1() == null || entry.getFieldsV1().getAdditionalProperties() == null) {
            return false;
        }
        Object node = entry.getFieldsV1().getAdditionalProperties();
        for (String part : path) {
            if (!(node instanceof Map<?, ?> m)) {
                return true; // owned above this point (a leaf or an atomic value)
            }
            Object next = m.get("f:" + part);
            if (next == null) {
                // inside a list (keyed "k:", "v:" or "i:"): owning any item counts
                return m.keySet().stream().map(String::valueOf).anyMatch(k -> !k.startsWith("f:") && !k.equals("."));
            }
            node = next;
        }
        return true;
    }

    /** A short text of the changes for the audit trail and drift events (bounded). */
    static String describe(List<Change> changes) {
        List<String> parts = changes.stream().limit(5).map(Change::describe).toList();
        String text = String.join("; ", parts) + (changes.size() > 5 ? "; …" : "");
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
