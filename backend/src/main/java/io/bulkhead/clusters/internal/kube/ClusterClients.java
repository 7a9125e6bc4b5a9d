package io.bulkhead.clusters.internal.kube;

import io.bulkhead.clusters.internal.ClusterCredentials;
import io.bulkhead.clusters.internal.ClusterStore;
import io.bulkhead.clusters.internal.KubeconfigIntake;
import io.bulkhead.platform.CredentialCipher;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes and caches one fabric8 client per cluster from its decrypted credentials (or the local control plane).
 * Credentials are decrypted only here, held only inside the client, and never logged.
 *
 * <p>The fabric8 {@link Config} is built field by field from {@link ClusterCredentials} (inline values only,
 * re-validated by {@link KubeconfigIntake} on every load), with auto-configuration off: no kubeconfig file, no
 * {@code KUBECONFIG}/{@code ~/.kube/config}, no service-account token file, no system properties or environment
 * variables, no exec or auth-provider plugin can reach a registered cluster's client.
 *
 * <p>Every client is bound to its API server's identity (the UID of its {@code kube-system} namespace): a client
 * is handed out only when that identity is the cluster's own, so one API server registered under two names is
 * used through the earlier registration only.
 *
 * <p>All cached clients share one Vert.x instance (its event loops carry every cluster's requests and watches) and
 * one task executor of virtual threads (informer handlers), both made here and disposed when the context closes:
 * a registered cluster costs a client and its connections, not a thread pool of its own.
 */
@Component
public class ClusterClients implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ClusterClients.class);
    private static final String IDENTITY_NAMESPACE = "kube-system";
    private final ClusterStore store;
    private final CredentialCipher cipher;
    private final LocalControlPlane local;
    private final boolean sharedApiServersAllowed;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();
    private final SharedHttp http = new SharedHttp();

    ClusterClients(
            ClusterStore store,
            CredentialCipher cipher,
            LocalControlPlane local,
            @Value("${bulkhead.clusters.allow-shared-api-server:false}") boolean sharedApiServersAllowed) {
        this.store = store;
        this.cipher = cipher;
        this.local = local;
        this.sharedApiServersAllowed = sharedApiServersAllowed;
        if (sharedApiServersAllowed) {
            log.warn("bulkhead.clusters.allow-shared-api-server is on: one API server may be registered under "
                    + "several names. This is meant for Bulkhead's own test suite only.");
        }
    }

    /**
     * The client for a cluster; throws {@link ClusterUnavailableException} with the reason when there is none
     * ({@link ClusterUnreachableException} when its API server did not answer while the client was made).
     */
    public KubernetesClient forCluster(String name) {
        KubernetesClient c = clients.get(name);
        if (c != null) {
            return c;
        }
        Config config = config(name);
        KubernetesClient created = http.client(config);
        try {
            verifyIdentity(name, created);
        } catch (ClusterUnavailableException e) {
            created.close();
            throw e;
        } catch (RuntimeException e) {
            created.close();
            // the cause is not kept: fabric8's messages may quote requests
            throw new ClusterUnreachableException(KubeFailures.whatToDo(e, config.getMasterUrl()));
        }
        KubernetesClient earlier = clients.putIfAbsent(name, created);
        if (earlier != null) {
            created.close();
            return earlier;
        }
        return created;
    }

    /**
     * Reads the identity of the API server behind {@code name} with its client and checks it is this cluster's:
     * fills it for a row that has none yet, and refuses a server that is registered earlier under another name,
     * or that is not the one registered. Throws {@link ClusterUnavailableException} then (and drops the client).
     */
    public void verifyIdentity(String name, KubernetesClient client) {
        String uid = readIdentity(client);
        if (sharedApiServersAllowed || store.connectionKind(name).isEmpty()) {
            return;
        }
        ClusterStore.Claim claim = store.claimIdentity(name, uid);
        switch (claim.outcome()) {
            case OK -> {}
            case TOOK_OVER -> {
                log.warn(
                        "Clusters {} and {} are the same API server; {} (registered later) is marked unavailable",
                        name,
                        claim.other(),
                        claim.other());
                invalidate(String.valueOf(claim.other()));
            }
            case TAKEN -> {
                invalidate(name);
                throw new ClusterUnavailableException(
                        ClusterStore.duplicateReason(name, String.valueOf(claim.other())));
            }
            case MISMATCH -> {
                invalidate(name);
                throw new ClusterUnavailableException("The API server now behind cluster " + name
                        + " is not the one it was registered with (its kube-system namespace UID differs). "
                        + "Bulkhead does not use it; if the cluster was rebuilt, register it again.");
            }
        }
    }

    /** Whether one API server may be registered under several names (Bulkhead's own tests only). */
    public boolean sharedApiServersAllowed() {
        return sharedApiServersAllowed;
    }

    /**
     * The identity of the API server a client talks to: the UID of its {@code kube-system} namespace. Throws
     * {@link ClusterUnavailableException} when it cannot be read for a reason the credentials explain (403, 404);
     * network failures pass through as they are (describe them with {@link KubeFailures}).
     */
    public static String readIdentity(KubernetesClient client) {
        Namespace ns;
        try {
            ns = client.namespaces().withName(IDENTITY_NAMESPACE).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 || e.getCode() == 401) {
                throw new ClusterUnavailableException(
                        "Bulkhead cannot read the API server's identity (namespace kube-system): "
                                + KubeFailures.describe(e, client.getMasterUrl().toString())
                                + (e.getCode() == 403 ? ". Its credentials need at least get on namespaces." : "."));
            }
            throw e;
        }
        if (ns == null
                || ns.getMetadata() == null
                || ns.getMetadata().getUid() == null
                || ns.getMetadata().getUid().isBlank()) {
            throw new ClusterUnavailableException(
                    "The API server has no kube-system namespace, so its identity cannot be established.");
        }
        return ns.getMetadata().getUid();
    }

    /**
     * The identity of the API server that credentials not stored yet reach (registration). Throws
     * {@link ClusterUnavailableException} with what went wrong, free of credential material.
     */
    public static String identityOf(ClusterCredentials credentials) {
        try (KubernetesClient c = connect(credentials)) {
            return readIdentity(c);
        } catch (ClusterUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("Bulkhead could not read the API server's identity (namespace "
                    + "kube-system): " + KubeFailures.describe(e, credentials.server())
                    + ". Check the URL and the credentials.");
        }
    }

    /** A new, uncached client for credentials that are not stored yet (registration). Close it after use. */
    public static KubernetesClient connect(ClusterCredentials credentials) {
        return new KubernetesClientBuilder().withConfig(config(credentials)).build();
    }

    public void invalidate(String name) {
        KubernetesClient c = clients.remove(name);
        if (c != null) {
            c.close();
        }
    }

    /** Closes every cached client, then the shared Vert.x instance and task executor. */
    @Override
    public void destroy() {
        for (String name : java.util.List.copyOf(clients.keySet())) {
            try {
                invalidate(name);
            } catch (RuntimeException e) {
                log.debug("Closing the client of {} failed: {}", name, e.toString());
            }
        }
        http.close();
    }

    private Config config(String name) {
        String kind = store.connectionKind(name)
                .orElseThrow(() -> new ClusterUnavailableException("No cluster named " + name + " is registered."));
        ClusterCredentials credentials;
        if (kind.equals("LOCAL")) {
            local.startAsync();
            String kubeconfig = local.kubeconfig();
            if (kubeconfig == null) {
                throw new ClusterUnavailableException(
                        local.reason() != null ? local.reason() : "The local control plane is still starting.");
            }
            try {
                credentials = KubeconfigIntake.parse(kubeconfig);
            } catch (KubeconfigIntake.Refused e) {
                throw new ClusterUnavailableException("The kubeconfig of cluster local is not used: " + e.getMessage());
            }
        } else {
            byte[] enc = store.credentials(name);
            if (enc == null) {
                throw new ClusterUnavailableException("Cluster " + name + " has no stored credentials.");
            }
            try {
                credentials = ClusterCredentials.fromStored(cipher.decrypt(name, enc));
            } catch (KubeconfigIntake.Refused e) {
                throw new ClusterUnavailableException("The stored credentials of cluster " + name + " are not used: "
                        + e.getMessage() + " Register the cluster again with inline credentials.");
            } catch (IllegalStateException e) {
                // decryption failure: the cipher's message names the cluster only
                throw new ClusterUnavailableException(
                        e.getMessage() == null ? "Stored credentials unreadable." : e.getMessage());
            }
        }
        return config(credentials);
    }

    /**
     * The fabric8 configuration for inline credentials, built field by field from {@link Config#empty()} with
     * auto-configuration off, so nothing comes from files, the environment or system properties, and nothing
     * (exec plugin, auth provider, token file) can run or be read on {@link Config#refresh()}.
     */
    public static Config config(ClusterCredentials c) {
        ConfigBuilder b = new ConfigBuilder(Config.empty())
                .withAutoConfigure(false)
                .withMasterUrl(c.server())
                .withTrustCerts(false)
                .withDisableHostnameVerification(false)
                .withCaCertData(c.caData())
                .withOauthToken(c.token())
                .withClientCertData(c.clientCertData())
                .withClientKeyData(c.clientKeyData())
                .withRequestTimeout(15_000)
                .withConnectionTimeout(5_000)
                .withRequestRetryBackoffLimit(0);
        String algo = keyAlgorithm(c.clientKeyData());
        if (algo != null) {
            b.withClientKeyAlgo(algo);
        }
        Config config = b.build();
        if (Boolean.TRUE.equals(config.getAutoConfigure())
                || config.getFile() != null
                || config.getAuthProvider() != null
                || config.getCaCertFile() != null
                || config.getClientCertFile() != null
                || config.getClientKeyFile() != null
                || config.getUsername() != null
                || config.getOauthTokenProvider() != null
                || config.getHttpsProxy() != null
                || config.getHttpProxy() != null) {
            throw new IllegalStateException("A cluster client configuration carries more than inline credentials");
        }
        return config;
    }

    private static @Nullable String keyAlgorithm(@Nullable String keyData) {
        if (keyData == null) {
            return null;
        }
        try {
            return Config.getKeyAlgorithm(
                    new ByteArrayInputStream(Base64.getMimeDecoder().decode(keyData.strip())));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
