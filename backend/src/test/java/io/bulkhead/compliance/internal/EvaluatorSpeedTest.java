package io.bulkhead.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.inventory.ContainerFacts;
import io.bulkhead.inventory.ImageRef;
import io.bulkhead.inventory.PodTemplateFacts;
import io.bulkhead.inventory.WorkloadFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The evaluation alone of 10,000 namespaces with 15 workloads each (150,000 pod templates, two containers each,
 * a mix of compliant and non-compliant), in memory on one thread: the CPU part of a full recompute. Printed, and
 * bounded loosely so a pathological slowdown (a regex or a copy per pod) fails the build.
 */
class EvaluatorSpeedTest {

    @Test
    void evaluatesOneHundredFiftyThousandPodTemplatesQuickly() {
        List<WorkloadFacts> workloads = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            workloads.add(workload(i));
        }
        NamespaceFacts base = new NamespaceFacts(
                "c",
                "ns",
                "baseline",
                "baseline",
                "baseline",
                true,
                true,
                true,
                true,
                null,
                List.of(),
                List.of(),
                Map.of());
        NamespaceFacts restricted = new NamespaceFacts(
                "c",
                "ns",
                "restricted",
                "restricted",
                "restricted",
                true,
                true,
                true,
                true,
                null,
                List.of(),
                List.of(),
                Map.of());
        long findings = 0;
        for (int warm = 0; warm < 500; warm++) {
            findings += Evaluator.evaluate(warm % 2 == 0 ? base : restricted, workloads, Set.of())
                    .size();
        }
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        findings = 0;
        for (int n = 0; n < 10_000; n++) {
            findings += Evaluator.evaluate(n % 2 == 0 ? base : restricted, workloads, Set.of())
                    .size();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        System.out.printf(
                "[evaluator-speed] 10,000 namespaces / 150,000 pod templates: %d ms wall, %d ms CPU, %d findings%n",
                ms, cpuMs, findings);
        assertThat(findings).isPositive();
    }

    static WorkloadFacts workload(int i) {
        boolean bad = i % 3 == 0;
        List<ContainerFacts> cs = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            cs.add(new ContainerFacts(
                    "c" + c,
                    false,
                    ImageRef.parse("ghcr.io/x/app:" + i),
                    bad ? Boolean.TRUE : null,
                    bad ? List.of("NET_ADMIN") : List.of(),
                    bad ? List.of() : List.of("ALL"),
                    bad ? null : Boolean.FALSE,
                    null,
                    bad ? 0L : 1000L,
                    Boolean.TRUE,
                    null,
                    null,
                    null,
                    null,
                    bad ? List.of(8080) : List.of(),
                    true,
                    true,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    bad ? List.of("livenessProbe.httpGet.host=10.0.0.1") : List.of()));
        }
        PodTemplateFacts t = new PodTemplateFacts(
                bad,
                false,
                false,
                Boolean.TRUE,
                null,
                bad ? "Unconfined" : "RuntimeDefault",
                null,
                null,
                List.of(),
                bad ? Map.of("kernel.msgmax", "1") : Map.of(),
                Boolean.FALSE,
                null,
                null,
                cs,
                null,
                null,
                null,
                null,
                null,
                bad ? List.of("data=nfs", "tmp=emptyDir") : List.of("tmp=emptyDir"),
                Map.of());
        return new WorkloadFacts("c", "ns", "Deployment", "w" + i, "u" + i, "1", t, Instant.EPOCH);
    }
}
