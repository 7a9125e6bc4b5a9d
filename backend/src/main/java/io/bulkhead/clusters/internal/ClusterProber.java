package io.bulkhead.clusters.internal;

import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.clusters.internal.kube.ClusterUnavailableException;
import io.bulkhead.clusters.internal.kube.ClusterUnreachableException;
import io.bulkhead.clusters.internal.kube.KubeFailures;
import io.bulkhead.clusters.internal.kube.LocalControlPlane;
import io.bulkhead.clusters.internal.kube.Outages;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Probes a cluster: reachability, server version and which RuntimeClasses exist (its capabilities). */
@Component
public class ClusterProber {
    private final ClusterClients clients;
    private final ClusterStore store;
    private final LocalControlPlane local;
    private final Clock clock;
    private final ClusterCapabilityProbe capabilities;

    ClusterProber(
            ClusterClients clients,
            ClusterStore store,
            LocalControlPlane local,
            Clock clock,
            ClusterCapabilityProbe capabilities) {
        this.capabilities = capabilities;
        this.clients = clients;
        this.store = store;
        this.local = local;
        this.clock = clock;
    }

    /** What one probe found; written by {@link #record}. */
    public record Result(
            String status,
            @Nullable String reason,
            @Nullable String version,
            @Nullable String apiUrl,
            List<String> runtimeClasses) {
        /** A probe that got no answer within {@code timeout}: the API server hangs (paused, overloaded). */
        public static Result noAnswer(java.time.Duration timeout) {
            return new Result(
                    "UNREACHABLE",
                    "The API server did not answer within " + timeout.toSeconds() + " s (it may be paused or "
                            + "overloaded). Bulkhead probes it again on the next round.",
                    null,
                    null,
                    List.of());
        }
    }

    /** Probes and records the result; returns the new status. */
    public String probe(String name) {
        Result r = check(name);
        record(name, r);
        return r.status();
    }

    /** Records what a probe found. */
    public void record(String name, Result r) {
        store.recordProbe(name, r.status(), r.reason(), r.version(), r.apiUrl(), r.runtimeClasses(), clock.instant());
    }

    /** Probes without recording (the caller records, e.g. after imposing its own time limit). */
    public Result check(String name) {
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
            capabilities.refreshIfStale(name, c, version);
            status = "REACHABLE";
        } catch (ClusterUnreachableException e) {
            status = "UNREACHABLE";
            // the message says what happened and what to do (KubeFailures.whatToDo)
            reason = e.getMessage();
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
            reason = KubeFailures.whatToDo(
                    e, store.findByName(name).map(ClusterSummary::apiUrl).orElse(null));
            if (!Outages.isOutage(e)) {
                // an outage leaves the client as it is: other work may be using it, and it works again once the
                // API server is back; anything else (TLS, credentials) gets a fresh client next time
                clients.invalidate(name);
            }
        }
        return new Result(status, reason, version, apiUrl, runtimeClasses);
    }
}
