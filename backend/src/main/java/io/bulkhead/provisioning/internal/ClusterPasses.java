package io.bulkhead.provisioning.internal;

import io.bulkhead.clusters.Clusters;
import io.bulkhead.clusters.internal.kube.ClusterUnavailableException;
import io.bulkhead.provisioning.ManagedNamespace;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The {@code reconcile-cluster} pass over one cluster's namespaces: the cluster's live objects listed once, then
 * each namespace reconciled. When the cluster itself fails (no client, connection refused or dropped, no answer
 * within the request time-out) the pass ends at that first failure, the cluster is marked unavailable with the
 * reason (so its health shows before the next probe), and no namespace is marked failed for it: a dead or paused
 * cluster costs its own pass one time-out, never one per namespace, and never another cluster's pass.
 */
@Component
public class ClusterPasses {
    private static final Logger log = LoggerFactory.getLogger(ClusterPasses.class);
    private final Provisioner provisioner;
    private final NamespaceStore store;
    private final Clusters clusters;

    ClusterPasses(Provisioner provisioner, NamespaceStore store, @Lazy Clusters clusters) {
        this.provisioner = provisioner;
        this.store = store;
        this.clusters = clusters;
    }

    /**
     * What one pass did: namespaces reconciled, how many of them failed, and why the pass ended early (null: it
     * went through all of them).
     */
    public record Result(
            String cluster,
            int reconciled,
            int failed,
            @Nullable String unavailable,
            long millis) {}

    /** One pass over {@code cluster}'s namespaces in the reconciled states. */
    public Result reconcile(String cluster) {
        long t0 = System.nanoTime();
        int n = 0;
        int failed = 0;
        String unavailable = null;
        Provisioner.Pass pass = null;
        try {
            pass = provisioner.beginPass(cluster);
            for (ManagedNamespace ns : store.inStates(cluster, ProvisioningTasks.RECONCILED)) {
                try {
                    var outcome = provisioner.reconcile(ns.id(), pass);
                    if (outcome.state() == io.bulkhead.provisioning.NamespaceState.FAILED) {
                        failed++;
                    }
                } catch (ClusterUnavailableException e) {
                    throw e;
                } catch (RuntimeException e) {
                    failed++;
                    log.warn("Reconcile of {}/{} failed: {}", cluster, ns.name(), e.toString());
                }
                n++;
            }
        } catch (ClusterUnavailableException e) {
            unavailable = e.getMessage();
            log.warn("Reconcile pass of cluster {} ended after {} namespaces: {}", cluster, n, unavailable);
            try {
                clusters.markUnavailable(cluster, "A reconcile pass stopped: " + unavailable);
            } catch (RuntimeException me) {
                log.warn("Cluster {} not marked unavailable: {}", cluster, me.toString());
            }
        } finally {
            if (pass != null) {
                provisioner.finish(pass);
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        log.debug("Reconciled {} namespaces of {} in {} ms", n, cluster, millis);
        return new Result(cluster, n, failed, unavailable, millis);
    }
}
