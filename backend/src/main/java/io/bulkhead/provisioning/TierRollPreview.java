package io.bulkhead.provisioning;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What rolling a tier's namespaces to {@code toVersion} would change, before it is done: per namespace that moves,
 * the objects the renderer would add, change or remove (besides the tier-version label every object carries), and
 * once for the tier the shared cluster-scoped admission policies.
 *
 * @param tier the tier
 * @param toVersion the version rolled to
 * @param namespaces the live namespaces that would move (those already on {@code toVersion} do not)
 * @param changes per moving namespace, by cluster and name
 * @param clusterObjects changes of the cluster-scoped objects the tier shares between its namespaces
 */
public record TierRollPreview(
        String tier, int toVersion, int namespaces, List<NamespaceChange> changes, List<ObjectChange> clusterObjects) {

    public TierRollPreview {
        changes = List.copyOf(changes);
        clusterObjects = List.copyOf(clusterObjects);
    }

    /** One namespace that moves, and what changes in it. */
    public record NamespaceChange(
            UUID namespaceId,
            String cluster,
            String namespace,
            String team,
            int fromVersion,
            List<ObjectChange> objects,
            @Nullable String problem) {

        public NamespaceChange {
            objects = List.copyOf(objects);
        }
    }

    /**
     * One object that changes.
     *
     * @param diff the changed lines of its YAML, {@code - } removed and {@code + } added (empty when added or removed
     *     whole)
     */
    public record ObjectChange(String kind, String name, Change change, List<String> diff) {
        public ObjectChange {
            diff = List.copyOf(diff);
        }
    }

    public enum Change {
        ADDED,
        CHANGED,
        REMOVED
    }
}
