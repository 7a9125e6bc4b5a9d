package io.bulkhead.archfixture.shop.internal;

import io.fabric8.kubernetes.client.KubernetesClient;

/** An internal package of a feature that must not talk to clusters. */
public class KubeInShop {
    public String master(KubernetesClient client) {
        return client.getMasterUrl().toString();
    }
}
