package io.bulkhead.provisioning.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified line diff of two texts (longest common subsequence), with {@code context} unchanged lines around each
 * change and "@@" between hunks; empty when the texts are equal. For desired-state YAML of a few hundred lines.
 */
public final class LineDiff {
    private LineDiff() {}

    public static String unified(String before, String after, int context) {
        String[] a = lines(before);
        String[] b = lines(after);
        int n = a.length;
        int m = b.length;
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[i].equals(b[j])) {
                lines.add("  " + a[i]);
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                lines.add("- " + a[i++]); // removals before additions, as diff -u shows them
            } else {
                lines.add("+ " + b[j++]);
            }
        }
        boolean[] keep = new boolean[lines.size()];
        boolean any = false;
        for (int k = 0; k < lines.size(); k++) {
            if (!lines.get(k).startsWith("  ")) {
                any = true;
                for (int c = Math.max(0, k - context); c <= Math.min(lines.size() - 1, k + context); c++) {
                    keep[c] = true;
                }
            }
        }
        if (!any) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        boolean gap = false;
        for (int k = 0; k < lines.size(); k++) {
            if (keep[k]) {
                if (gap || (k > 0 && out.isEmpty())) {
                    out.append("@@\n");
                }
                out.append(lines.get(k).stripTrailing()).append('\n');
                gap = false;
            } else {
                gap = true;
            }
        }
        return out.toString();
    }

    private static String[] lines(String text) {
        if (text.isEmpty()) {
            return new String[0];
        }
        return (text.endsWith("\n") ? text.substring(0, text.length() - 1) : text).split("\n", -1);
    }
}
