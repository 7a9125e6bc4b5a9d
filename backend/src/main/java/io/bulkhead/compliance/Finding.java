package io.bulkhead.compliance;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one control on one namespace, workload or container.
 *
 * @param workloadKind null for namespace-level controls
 * @param workloadName null for namespace-level controls
 * @param container null for namespace- and pod-level controls
 * @param actual the value found, as text ("unset" when absent)
 * @param expected the value the control wants, as text
 */
public record Finding(
        String cluster,
        String namespace,
        @Nullable String workloadKind,
        @Nullable String workloadName,
        @Nullable String container,
        String controlId,
        Severity severity,
        String field,
        String actual,
        String expected,
        String fix,
        Result result) {

    /**
     * PASS and FAIL as evaluated; WAIVED = failed but covered by an active exception (still evaluated); ADVICE =
     * failed a control the namespace's tier does not promise (a restricted-only Pod Security check in a baseline
     * tier): shown, outside the score.
     */
    public enum Result {
        PASS,
        FAIL,
        WAIVED,
        ADVICE
    }

    /** {@code Kind/name}, or empty for the namespace itself. */
    public String workload() {
        return workloadKind == null ? "" : workloadKind + "/" + workloadName;
    }
}
