package io.bulkhead.archfixture.clusters.internal;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Where fabric8 belongs. */
public class KubeAccess {
    public String master(KubernetesClient client) {
        return client.getMasterUrl().toString();
    }
}
