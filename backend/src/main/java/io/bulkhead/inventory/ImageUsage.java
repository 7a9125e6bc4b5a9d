package io.bulkhead.inventory;

import java.time.Instant;

/** One container running an image: the answer to "where does this image run", one row per container. */
public record ImageUsage(
        String cluster,
        String team,
        String namespace,
        String kind,
        String workload,
        String container,
        boolean init,
        ImageRef image,
        Instant observedAt) {}
