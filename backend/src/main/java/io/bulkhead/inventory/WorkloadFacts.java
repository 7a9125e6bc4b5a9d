package io.bulkhead.inventory;

import java.time.Instant;

/**
 * One workload of the inventory: a Deployment, StatefulSet, DaemonSet, Job, CronJob or bare Pod (pods and jobs
 * owned by a controller are represented by their owner), with its pod template's facts.
 */
public record WorkloadFacts(
        String cluster,
        String namespace,
        String kind,
        String name,
        String uid,
        String resourceVersion,
        PodTemplateFacts template,
        Instant observedAt) {}
