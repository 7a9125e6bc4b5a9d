package io.bulkhead.clusters.internal.kube;

import io.bulkhead.clusters.internal.ClusterStore;
import io.bulkhead.clusters.internal.CredentialCipher;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes and caches one fabric8 client per cluster from its decrypted credentials (or the local control plane).
 * Credentials are decrypted only here, held only inside the client, and never logged.
 */
@Component
public class ClusterClients {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ClusterStore store;
    private final CredentialCipher cipher;
    private final LocalControlPlane local;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    ClusterClients(ClusterStore store, CredentialCipher cipher, LocalControlPlane local) {
        this.store = store;
        this.cipher = cipher;
        this.local = local;
    }

    /** The client for a cluster; throws {@link ClusterUnavailableException} with the reason when there is none. */
    public KubernetesClient forCluster(String name) {
        KubernetesClient c = clients.get(name);
        if (c != null) {
            return c;
        }
        return clients.computeIfAbsent(
                name, n -> new KubernetesClientBuilder().withConfig(config(n)).build());
    }

    public void invalidate(String name) {
        KubernetesClient c = clients.remove(name);
        if (c != null) {
            c.close();
        }
    }

    private Config config(String name) {
        String kind = store.connectionKind(name)
                .orElseThrow(() -> new ClusterUnavailableException("No cluster named " + name + " is registered."));
        Config config;
        if (kind.equals("LOCAL")) {
            local.startAsync();
            String kubeconfig = local.kubeconfig();
            if (kubeconfig == null) {
                throw new ClusterUnavailableException(
                        local.reason() != null ? local.reason() : "The local control plane is still starting.");
            }
            config = Config.fromKubeconfig(kubeconfig);
        } else {
            byte[] enc = store.credentials(name);
            if (enc == null) {
                throw new ClusterUnavailableException("Cluster " + name + " has no stored credentials.");
            }
            @SuppressWarnings("unchecked")
            Map<String, String> creds = JSON.readValue(cipher.decrypt(name, enc), Map.class);
            if (kind.equals("KUBECONFIG")) {
                config = Config.fromKubeconfig(creds.get("kubeconfig"));
            } else {
                config = new ConfigBuilder(Config.empty())
                        .withMasterUrl(creds.get("apiUrl"))
                        .withCaCertData(java.util.Base64.getEncoder()
                                .encodeToString(creds.getOrDefault("caCert", "").getBytes()))
                        .withOauthToken(creds.get("token"))
                        .build();
            }
        }
        config.setRequestTimeout(15_000);
        config.setConnectionTimeout(5_000);
        config.setRequestRetryBackoffLimit(0);
        return config;
    }
}
