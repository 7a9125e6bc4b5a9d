package io.bulkhead.clusters.internal;

import io.bulkhead.clusters.internal.kube.LocalControlPlane;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the portal is up, starts the local control plane in the background when a cluster of kind LOCAL is
 * registered, and probes it as soon as it answers, so the local cluster is usable within seconds of start-up.
 */
@Component
class LocalClusterStarter {
    private final ClusterStore store;
    private final LocalControlPlane local;
    private final ClusterProber prober;

    LocalClusterStarter(ClusterStore store, LocalControlPlane local, ClusterProber prober) {
        this.store = store;
        this.local = local;
        this.prober = prober;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        var locals = store.all().stream()
                .filter(c -> c.connectionKind().equals("LOCAL"))
                .toList();
        if (locals.isEmpty()) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            local.awaitStart(180);
            locals.forEach(c -> prober.probe(c.name()));
        });
    }
}
