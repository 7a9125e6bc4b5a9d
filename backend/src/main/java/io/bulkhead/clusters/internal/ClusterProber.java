package io.bulkhead.clusters.internal;

import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.clusters.internal.kube.ClusterUnavailableException;
import io.bulkhead.clusters.internal.kube.ClusterUnreachableException;
import io.bulkhead.clusters.internal.kube.KubeFailures;
import io.bulkhead.clusters.internal.kube.LocalControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/** Probes a cluster: reachability, server version and which RuntimeClasses exist (its capabilities). */
@Component
public class ClusterProber {
    private final ClusterClients clients;
    private final ClusterStore store;
    private final LocalControlPlane local;
    private final Clock clock;

    ClusterProber(ClusterClients clients, ClusterStore store, LocalControlPlane local, Clock clock) {
        this.clients = clients;
        this.store = store;
        this.local = local;
        this.clock = clock;
    }

    /** Probes and records the result; returns the new status. */
    public String probe(String name) {
        String status;
        String reason = null;
        String version = null;
        String apiUrl = null;
        List<String> runtimeClasses = List.of();
        try {
            KubernetesClient c = clients.forCluster(name);
            // every probe re-reads the server's identity: fills it for rows registered before it was kept, and
            // catches a second registration of one API server or a server that changed behind the URL
            clients.verifyIdentity(name, c);
            version = c.getKubernetesVersion().getGitVersion();
            runtimeClasses =
                    c.resources(io.fabric8.kubernetes.api.model.node.v1.RuntimeClass.class).list().getItems().stream()
                            .map(rc -> rc.getMetadata().getName())
                            .sorted()
                            .toList();
            apiUrl = c.getMasterUrl().toString();
            status = "REACHABLE";
        } catch (ClusterUnreachableException e) {
            status = "UNREACHABLE";
            reason = "The API server could not be used: " + e.getMessage()
                    + ". Check the cluster's URL and credentials under Admin → Clusters.";
        } catch (ClusterUnavailableException e) {
            status = "UNAVAILABLE";
            reason = e.getMessage();
            if ("STARTING".equals(local.state())
                    && store.connectionKind(name).orElse("").equals("LOCAL")) {
                status = "UNKNOWN";
                reason = "The local control plane is starting.";
            }
        } catch (RuntimeException e) {
            status = "UNREACHABLE";
            // never e.getMessage(): fabric8's messages may quote requests or a kubeconfig
            reason = "The API server could not be used: "
                    + KubeFailures.describe(
                            e,
                            store.findByName(name).map(ClusterSummary::apiUrl).orElse(null))
                    + ". Check the cluster's URL and credentials under Admin → Clusters.";
            clients.invalidate(name);
        }
        store.recordProbe(name, status, reason, version, apiUrl, runtimeClasses, clock.instant());
        return status;
    }
}
