package io.bulkhead.exceptions;

import java.util.List;

/**
 * What an exception changes in the cluster once it is in force, as the reviewer sees it before deciding: Bulkhead's
 * mapping from the control the findings name to the mechanism that makes the exception true.
 *
 * @param summary one line, e.g. "Pod Security enforce level of payments-web: restricted → baseline"
 * @param changes each object that changes, in words
 * @param notes what the change means beyond the findings it waives (e.g. Pod Security works per namespace)
 */
public record ClusterChange(Kind kind, String summary, List<String> changes, List<String> notes) {

    public ClusterChange {
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }

    /** The mechanism. */
    public enum Kind {
        POD_SECURITY_LEVEL,
        ADMISSION_EXCLUSION,
        EGRESS_RULE,
        QUOTA_PRESET,
        NONE
    }
}
