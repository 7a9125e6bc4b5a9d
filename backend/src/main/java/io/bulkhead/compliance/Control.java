package io.bulkhead.compliance;

import java.util.Set;

/**
 * One control of the catalog.
 *
 * @param id stable id, e.g. {@code pss-run-as-non-root}; exceptions refer to it
 * @param tiers the tiers whose namespaces it is checked in
 * @param reference where it comes from in its source, e.g. {@code CIS 5.2.7} or {@code PSS restricted: Running as
 *     Non-root}
 * @param field the field it checks, e.g. {@code securityContext.runAsNonRoot}
 * @param fix what to change, in words a developer can act on
 */
public record Control(
        String id,
        String title,
        Severity severity,
        Scope scope,
        Set<String> tiers,
        Source source,
        String reference,
        String field,
        String fix) {

    public static final Set<String> ALL_TIERS = Set.of("baseline", "restricted", "sandboxed", "sensitive");

    public Control {
        tiers = Set.copyOf(tiers);
    }

    public boolean appliesTo(String tier) {
        return tiers.contains(tier);
    }

    /** What a control looks at. */
    public enum Scope {
        /** the namespace and its namespace-level objects */
        NAMESPACE,
        /** a pod template's pod-level fields */
        POD,
        /** each container of a pod template (init containers included) */
        CONTAINER
    }

    /** The document a control comes from. */
    public enum Source {
        PSS_BASELINE("Pod Security Standards (baseline)"),
        PSS_RESTRICTED("Pod Security Standards (restricted)"),
        NSA_CISA("NSA/CISA Kubernetes Hardening Guide"),
        CIS("CIS Kubernetes Benchmark (section 5)"),
        BULKHEAD("Bulkhead tier");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
