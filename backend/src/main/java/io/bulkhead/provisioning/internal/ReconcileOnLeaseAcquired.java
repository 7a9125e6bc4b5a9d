package io.bulkhead.provisioning.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.bulkhead.clusters.ClusterLeaseAcquired;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A replica that becomes a cluster's owner (first start, takeover after another replica died, handover) runs one
 * reconcile pass over it at once, from a fresh LIST: whatever the previous owner left half-done is finished.
 */
@Component
class ReconcileOnLeaseAcquired {
    private final SchedulerClient scheduler;
    private final OneTimeTask<Void> reconcileClusterTask;
    private final Clock clock;

    ReconcileOnLeaseAcquired(
            @Lazy SchedulerClient scheduler,
            @Lazy @Qualifier("reconcileClusterTask") OneTimeTask<Void> reconcileClusterTask,
            Clock clock) {
        this.scheduler = scheduler;
        this.reconcileClusterTask = reconcileClusterTask;
        this.clock = clock;
    }

    @EventListener
    void onAcquired(ClusterLeaseAcquired acquired) {
        scheduler.scheduleIfNotExists(reconcileClusterTask.instance(acquired.cluster()), clock.instant());
    }
}
