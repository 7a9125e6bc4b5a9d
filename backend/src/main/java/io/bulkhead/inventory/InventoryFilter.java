package io.bulkhead.inventory;

import io.bulkhead.platform.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Filter of the inventory listing. Blank values mean "any". Cluster, team and kind match exactly; namespace is a
 * case-insensitive substring; image matches a workload when one of its image references or
 * {@code registry/repository} names contains it (case-insensitive), or when it is a reference that names the same
 * image once normalised (see {@link ImagePattern}, e.g. {@code docker.io/library/nginx:1.27} finds {@code
 * nginx:1.27}); search is a case-insensitive substring of the workload name, the namespace or an image.
 *
 * @throws ValidationException with one message per unusable field
 */
public record InventoryFilter(
        @Nullable String cluster,
        @Nullable String team,
        @Nullable String namespace,
        @Nullable String kind,
        @Nullable String image,
        @Nullable String search) {

    /** Workload kinds the inventory keeps. */
    public static final List<String> KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod");

    public static final int MAX_NAME = 63;
    public static final int MAX_SEARCH = 100;
    public static final InventoryFilter ALL = new InventoryFilter(null, null, null, null, null, null);
    private static final Pattern NAMESPACE_PART = Pattern.compile("[a-z0-9-]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public InventoryFilter {
        Map<String, String> errors = new LinkedHashMap<>();
        cluster = clean(cluster);
        team = clean(team);
        namespace = clean(namespace);
        kind = clean(kind);
        image = clean(image);
        search = clean(search);
        if (cluster != null
                && (cluster.length() > MAX_NAME || !NAME.matcher(cluster).matches())) {
            errors.put("cluster", "Not a cluster name.");
        }
        if (team != null && (team.length() > MAX_NAME || !NAME.matcher(team).matches())) {
            errors.put("team", "Not a team id.");
        }
        if (namespace != null) {
            namespace = namespace.toLowerCase(java.util.Locale.ROOT);
            if (namespace.length() > MAX_NAME
                    || !NAMESPACE_PART.matcher(namespace).matches()) {
                errors.put(
                        "namespace",
                        "Namespace names have at most " + MAX_NAME + " characters: lower-case letters, digits and -.");
            }
        }
        if (kind != null && !KINDS.contains(kind)) {
            errors.put("kind", "Kind is one of " + String.join(", ", KINDS) + ".");
        }
        if (image != null && image.length() > ImagePattern.MAX_LENGTH) {
            errors.put("image", "An image filter has at most " + ImagePattern.MAX_LENGTH + " characters.");
        }
        if (search != null && search.length() > MAX_SEARCH) {
            errors.put("search", "Search text is limited to " + MAX_SEARCH + " characters.");
        }
        // PostgreSQL text cannot hold NUL: it would fail the query instead of matching nothing
        if (image != null && image.indexOf('\u0000') >= 0) {
            errors.put("image", "Remove the NUL character.");
        }
        if (search != null && search.indexOf('\u0000') >= 0) {
            errors.put("search", "Remove the NUL character.");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** The image filter as an exact pattern, when it parses as one (otherwise it is only a substring). */
    public @Nullable ImagePattern imagePattern() {
        if (image == null) {
            return null;
        }
        try {
            return ImagePattern.parse(image);
        } catch (ValidationException notAReference) {
            return null;
        }
    }

    /** The non-blank values, for the audit trail. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        if (cluster != null) m.put("cluster", cluster);
        if (team != null) m.put("team", team);
        if (namespace != null) m.put("namespace", namespace);
        if (kind != null) m.put("kind", kind);
        if (image != null) m.put("image", image);
        if (search != null) m.put("search", search);
        return m;
    }

    private static @Nullable String clean(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
