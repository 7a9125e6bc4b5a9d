package io.bulkhead.inventory.internal;

import io.bulkhead.inventory.PodTemplateFacts;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Test bridge: the inventory's facts of a fabric8 pod, exactly as the inventory records them. */
public final class PodFacts {
    private PodFacts() {}

    public static PodTemplateFacts of(Pod pod) {
        return PodTemplates.facts(pod.getMetadata(), pod.getSpec());
    }

    /** The facts of a pod given as YAML (a whole Pod manifest). */
    public static PodTemplateFacts ofYaml(String yaml) {
        return of(Serialization.unmarshal(yaml, Pod.class));
    }
}
