package io.bulkhead.api;

import org.jspecify.annotations.Nullable;

/** Entity tags for optimistic concurrency: a resource's version; decisions honour {@code If-Match}. */
final class ETags {
    private ETags() {}

    static String of(int version) {
        return "\"" + version + "\"";
    }

    /** Refuses with 412 when {@code ifMatch} is given and names neither {@code *} nor the current version. */
    static void check(@Nullable String ifMatch, int current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(of(current))) {
                return;
            }
        }
        throw new ApiProblems.PreconditionFailed(
                "The resource changed since you read it (now version " + current + "); read it again and decide then.");
    }
}
