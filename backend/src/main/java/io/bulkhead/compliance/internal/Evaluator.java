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

    public static List<Finding> evaluate(NamespaceFacts ns, Collection<WorkloadFacts> workloads, Set<Waiver> waivers) {
        List<Finding> out = new ArrayList<>();
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
            for (ControlCatalog.Entry e : applicable) {
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
        if (!o.pass() && waivers.stream().anyMatch(wv -> wv.covers(f))) {
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
