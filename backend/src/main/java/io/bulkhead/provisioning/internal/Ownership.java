package io.bulkhead.provisioning.internal;

import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a live object is Bulkhead's to write or delete. Ownership is proven from the object itself, never assumed
 * from a name: a Namespace (and a namespace's exception policy copies) must carry the {@link
 * TierRenderer#OWNER_ANNOTATION owner annotation} with the record's id; a shared cluster-scoped policy must carry
 * Bulkhead's managed-by label and have been written by Bulkhead's field manager. Objects inside a namespace whose
 * Namespace passed this check are Bulkhead's to set (the namespace is ours).
 *
 * <p>Namespaces provisioned before the owner annotation existed are recognised as this record's when they carry the
 * managed-by label, the same team label and Bulkhead's field manager; the next apply then adds the annotation.
 */
final class Ownership {
    private Ownership() {}

    /**
     * Why {@code live} must not be written with {@code desired} (null when it may). {@code desired} states the owner
     * it expects through its own owner annotation and labels.
     */
    static @Nullable String refusal(HasMetadata desired, HasMetadata live) {
        String want = annotation(desired, TierRenderer.OWNER_ANNOTATION);
        if (want != null) {
            if (owns(
                    live,
                    want,
                    label(desired, TierRenderer.TEAM_LABEL),
                    label(desired, TierRenderer.EXCEPTION_NAMESPACE_LABEL))) {
                return null;
            }
            return desired.getKind().equals("Namespace")
                    ? "A namespace named '" + desired.getMetadata().getName()
                            + "' already exists in the cluster and was not created by Bulkhead for this request;"
                            + " Bulkhead does not take over existing namespaces. Request another name, or ask a"
                            + " platform admin to adopt it."
                    : desired.getKind() + " " + desired.getMetadata().getName()
                            + " already exists in the cluster and belongs to something else; it was left unchanged.";
        }
        if (desired.getMetadata().getNamespace() == null && !writtenByBulkhead(live)) {
            return desired.getKind() + " " + desired.getMetadata().getName()
                    + " already exists in the cluster and was not created by Bulkhead; it was left unchanged."
                    + " An admin must remove or rename it.";
        }
        return null;
    }

    /**
     * True when {@code live} belongs to record {@code owner}: it carries that owner annotation, or (provisioned before
     * the annotation existed) no owner annotation but Bulkhead's label, field manager, and the given team and
     * exception-namespace labels.
     */
    static boolean owns(HasMetadata live, String owner, @Nullable String team, @Nullable String exceptionNamespace) {
        String have = annotation(live, TierRenderer.OWNER_ANNOTATION);
        if (have != null) {
            return have.equals(owner);
        }
        return writtenByBulkhead(live)
                && Objects.equals(team, label(live, TierRenderer.TEAM_LABEL))
                && Objects.equals(exceptionNamespace, label(live, TierRenderer.EXCEPTION_NAMESPACE_LABEL));
    }

    /** Carries Bulkhead's managed-by label and was written by Bulkhead's field manager. */
    static boolean writtenByBulkhead(HasMetadata live) {
        if (!TierRenderer.MANAGED_BY_VALUE.equals(label(live, TierRenderer.MANAGED_BY))) {
            return false;
        }
        List<ManagedFieldsEntry> managers = live.getMetadata().getManagedFields();
        return managers != null && managers.stream().anyMatch(m -> Applier.FIELD_MANAGER.equals(m.getManager()));
    }

    static @Nullable String annotation(HasMetadata o, String key) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    static @Nullable String label(HasMetadata o, String key) {
        Map<String, String> l = o.getMetadata().getLabels();
        return l == null ? null : l.get(key);
    }
}
