package io.bulkhead.provisioning.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.bulkhead.clusters.ClusterResyncRequested;
import io.bulkhead.clusters.ClusterUsage;
import io.bulkhead.provisioning.NamespaceState;
import java.time.Clock;
import java.util.EnumSet;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What the clusters feature asks of provisioning: how many live namespaces a cluster carries (removal needs
 * none), and an immediate reconcile pass of a cluster an admin re-syncs (the {@code reconcile-cluster/<name>}
 * task, scheduled for now on db-scheduler, so it runs on one replica).
 */
@Component
class ClusterHooks implements ClusterUsage {
    static final EnumSet<NamespaceState> LIVE =
            EnumSet.complementOf(EnumSet.of(NamespaceState.DELETED, NamespaceState.REJECTED));

    private final NamespaceStore store;
    private final SchedulerClient scheduler;
    private final OneTimeTask<Void> reconcileClusterTask;
    private final Clock clock;

    ClusterHooks(
            NamespaceStore store,
            @Lazy SchedulerClient scheduler,
            @Lazy OneTimeTask<Void> reconcileClusterTask,
            Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.reconcileClusterTask = reconcileClusterTask;
        this.clock = clock;
    }

    @Override
    public int liveNamespaces(String cluster) {
        return store.inStates(cluster, LIVE).size();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onResync(ClusterResyncRequested e) {
        scheduler.scheduleIfNotExists(reconcileClusterTask.instance(e.cluster()), clock.instant());
    }
}
