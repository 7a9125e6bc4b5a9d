package io.bulkhead.provisioning;

import java.util.List;

/** What a developer submits on the request form. */
public record NamespaceRequest(
        String cluster,
        String name,
        String team,
        String tier,
        String quotaPreset,
        List<EgressRule> egress,
        String purpose) {

    public static final int MAX_PURPOSE = 500;
}
