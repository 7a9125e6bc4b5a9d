package io.bulkhead.compliance.internal;

import io.bulkhead.compliance.Control;
import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.Waiver;
import io.bulkhead.inventory.ContainerFacts;
import io.bulkhead.inventory.WorkloadFacts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates the catalog on one namespace: pure, no I/O. Findings come in a stable order: namespace controls, then
 * workloads by kind and name, controls in catalog order, containers in template order. A failed check covered by
 * a waiver is {@link Finding.Result#WAIVED}; a passing one stays PASS.
 */
public final class Evaluator {

    private Evaluator() {}

    /** Evaluates with the Pod Security profile of the namespace's expected enforce level, at the latest version. */
    public static List<Finding> evaluate(NamespaceFacts ns, Collection<WorkloadFacts> workloads, Set<Waiver> waivers) {
        return evaluate(ns, PodSecurity.Profile.of(ns.expectedEnforce(), null), workloads, waivers);
    }

    /**
     * Evaluates the catalog with the Pod Security {@code profile} the tier promises (level and version): a Pod
     * Security control counts (PASS once per workload, FAIL per offending field) when its check runs in that
     * profile; a check of a stricter level is evaluated too and its violations are {@link Finding.Result#ADVICE}
     * (nothing when it passes); a baseline check that the restricted profile replaces with its own (e.g. hostPath
     * volumes by volume types) is left out; a check the policy version does not have yet is left out.
     */
    public static List<Finding> evaluate(
            NamespaceFacts ns, PodSecurity.Profile profile, Collection<WorkloadFacts> workloads, Set<Waiver> waivers) {
        List<Finding> out = new ArrayList<>();
        List<PodSecurity.Violation> violations = new ArrayList<>();
        List<ControlCatalog.Entry> applicable = ControlCatalog.entries().stream()
                .filter(e -> e.control().appliesTo(ns.tier()))
                .toList();
        for (ControlCatalog.Entry e : applicable) {
            if (e.control().scope() == Control.Scope.NAMESPACE) {
                out.add(finding(ns, null, null, e, e.check().check(ns, null, null), waivers));
            }
        }
        List<WorkloadFacts> sorted = new ArrayList<>(workloads);
        sorted.sort(Comparator.comparing(WorkloadFacts::kind).thenComparing(WorkloadFacts::name));
        for (WorkloadFacts w : sorted) {
            PodSecurity.Paths paths = PodSecurity.Paths.of(w.kind());
            for (ControlCatalog.Entry e : applicable) {
                PodSecurity.Rule rule = e.pss();
                if (rule != null) {
                    podSecurity(ns, w, e, rule, profile, paths, violations, waivers, out);
                    continue;
                }
                switch (e.control().scope()) {
                    case NAMESPACE -> {}
                    case POD -> out.add(finding(ns, w, null, e, e.check().check(ns, w.template(), null), waivers));
                    case CONTAINER -> {
                        for (ContainerFacts c : w.template().containers()) {
                            out.add(finding(ns, w, c, e, e.check().check(ns, w.template(), c), waivers));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void podSecurity(
            NamespaceFacts ns,
            WorkloadFacts w,
            ControlCatalog.Entry e,
            PodSecurity.Rule rule,
            PodSecurity.Profile profile,
            PodSecurity.Paths paths,
            List<PodSecurity.Violation> buffer,
            Set<Waiver> waivers,
            List<Finding> out) {
        if (!rule.existsAt(profile.minor())) {
            return;
        }
        boolean promised = rule.runsIn(profile);
        if (!promised && profile.level() == PodSecurity.Level.RESTRICTED) {
            return; // a baseline check that the restricted profile replaces with its own
        }
        buffer.clear();
        rule.check(w.template(), profile.minor(), paths, buffer);
        Control control = e.control();
        if (buffer.isEmpty()) {
            if (promised) {
                out.add(new Finding(
                        ns.cluster(),
                        ns.namespace(),
                        w.kind(),
                        w.name(),
                        null,
                        control.id(),
                        control.severity(),
                        control.field(),
                        "compliant",
                        "compliant",
                        control.fix(),
                        Finding.Result.PASS));
            }
            return;
        }
        for (PodSecurity.Violation v : buffer) {
            Finding f = new Finding(
                    ns.cluster(),
                    ns.namespace(),
                    w.kind(),
                    w.name(),
                    v.container(),
                    control.id(),
                    control.severity(),
                    v.path(),
                    v.found(),
                    v.allowed(),
                    control.fix(),
                    promised ? Finding.Result.FAIL : Finding.Result.ADVICE);
            out.add(promised ? waived(f, waivers) : f);
        }
    }

    private static Finding finding(
            NamespaceFacts ns,
            @Nullable WorkloadFacts w,
            @Nullable ContainerFacts c,
            ControlCatalog.Entry e,
            ControlCatalog.Outcome o,
            Set<Waiver> waivers) {
        Control control = e.control();
        Finding f = new Finding(
                ns.cluster(),
                ns.namespace(),
                w == null ? null : w.kind(),
                w == null ? null : w.name(),
                c == null ? null : c.name(),
                control.id(),
                control.severity(),
                control.field(),
                o.actual(),
                o.expected(),
                control.fix(),
                o.pass() ? Finding.Result.PASS : Finding.Result.FAIL);
        return o.pass() ? f : waived(f, waivers);
    }

    private static Finding waived(Finding f, Set<Waiver> waivers) {
        if (!waivers.isEmpty() && waivers.stream().anyMatch(wv -> wv.covers(f))) {
            return new Finding(
                    f.cluster(),
                    f.namespace(),
                    f.workloadKind(),
                    f.workloadName(),
                    f.container(),
                    f.controlId(),
                    f.severity(),
                    f.field(),
                    f.actual(),
                    f.expected(),
                    f.fix(),
                    Finding.Result.WAIVED);
        }
        return f;
    }
}
