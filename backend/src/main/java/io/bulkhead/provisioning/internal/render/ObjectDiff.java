package io.bulkhead.provisioning.internal.render;

import io.bulkhead.provisioning.TierRollPreview.Change;
import io.bulkhead.provisioning.TierRollPreview.ObjectChange;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares two rendered object sets of one namespace (two tier versions) object by object, ignoring what differs
 * in every object merely because the version moved: the {@code bulkhead.io/tier-version} label and the version in
 * the names of the tier's shared admission policies ({@code bulkhead-<tier>-v<n>-…}). Pure; no API calls.
 */
public final class ObjectDiff {
    private static final Pattern VERSION_LABEL =
            Pattern.compile("(" + Pattern.quote(TierRenderer.TIER_VERSION_LABEL) + ": )\"?\\d+\"?");
    private static final int MAX_LINES = 60;

    private ObjectDiff() {}

    /** The objects added, changed and removed going from {@code before} (version {@code from}) to {@code after}. */
    public static List<ObjectChange> between(
            String tier, int from, List<HasMetadata> before, int to, List<HasMetadata> after) {
        Map<String, HasMetadata> was = byKey(tier, from, before);
        Map<String, HasMetadata> will = byKey(tier, to, after);
        List<ObjectChange> out = new ArrayList<>();
        will.forEach((key, o) -> {
            HasMetadata old = was.get(key);
            if (old == null) {
                out.add(new ObjectChange(o.getKind(), o.getMetadata().getName(), Change.ADDED, List.of()));
                return;
            }
            List<String> a = lines(tier, from, old);
            List<String> b = lines(tier, to, o);
            if (!a.equals(b)) {
                out.add(new ObjectChange(o.getKind(), o.getMetadata().getName(), Change.CHANGED, diff(a, b)));
            }
        });
        was.forEach((key, o) -> {
            if (!will.containsKey(key)) {
                out.add(new ObjectChange(o.getKind(), o.getMetadata().getName(), Change.REMOVED, List.of()));
            }
        });
        return out;
    }

    private static Map<String, HasMetadata> byKey(String tier, int version, List<HasMetadata> objects) {
        Map<String, HasMetadata> m = new LinkedHashMap<>();
        for (HasMetadata o : objects) {
            m.put(neutral(tier, version, ObjectKeys.key(o)), o);
        }
        return m;
    }

    private static String neutral(String tier, int version, String text) {
        return text.replace("bulkhead-" + tier + "-v" + version + "-", "bulkhead-" + tier + "-v*-");
    }

    private static List<String> lines(String tier, int version, HasMetadata o) {
        String yaml = neutral(tier, version, Serialization.asYaml(o));
        yaml = VERSION_LABEL.matcher(yaml).replaceAll("$1*");
        return yaml.lines().filter(l -> !l.equals("---")).toList();
    }

    /** The changed lines of {@code a} → {@code b} by longest common subsequence, at most {@value #MAX_LINES}. */
    static List<String> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j])) {
                out.add("+ " + b.get(j++));
            } else {
                out.add("- " + a.get(i++));
            }
        }
        if (out.size() > MAX_LINES) {
            int more = out.size() - MAX_LINES;
            out = new ArrayList<>(out.subList(0, MAX_LINES));
            out.add("… " + more + " more changed lines");
        }
        return out;
    }
}
