package io.bulkhead.inventory.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.bulkhead.clusters.ClusterOwnership;
import io.bulkhead.clusters.ClusterResyncRequested;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.clusters.OnOwnerRetry;
import io.bulkhead.inventory.Inventory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * An admin's re-sync of a cluster re-lists its inventory at once: the one-time task
 * {@code inventory-sync-cluster/<name>} on db-scheduler, scheduled for now. Only the replica that owns the
 * cluster's lease runs it; a replica that picks it up otherwise hands it on (it is due again in a second).
 */
@Configuration(proxyBeanMethods = false)
class InventoryResync {

    /** A re-sync picked up by a replica that does not own the cluster is due again this soon (for the owner). */
    static final Duration OWNER_RETRY = Duration.ofSeconds(1);
    /** db-scheduler's default back-off after any other failure. */
    static final Duration RETRY_LATER = Duration.ofMinutes(5);

    @Bean
    OneTimeTask<Void> inventorySyncClusterTask(
            @Lazy Inventory inventory, @Lazy ClusterOwnership ownership, @Lazy Clusters clusters) {
        return Tasks.oneTime("inventory-sync-cluster")
                .onFailure(new OnOwnerRetry<>(OWNER_RETRY, new FailureHandler.OnFailureRetryLater<>(RETRY_LATER)))
                .execute((instance, ctx) -> {
                    if (clusters.findAsSystem(instance.getId()).isEmpty()) {
                        return; // removed since: nobody owns it any more, nothing to sync
                    }
                    // only the cluster's owner lists and writes its inventory; elsewhere it is due again soon
                    ownership.requireOwner(instance.getId());
                    inventory.sync(instance.getId());
                });
    }

    @Component
    static class OnResync {
        private final SchedulerClient scheduler;
        private final OneTimeTask<Void> inventorySyncClusterTask;
        private final Clock clock;

        OnResync(@Lazy SchedulerClient scheduler, @Lazy OneTimeTask<Void> inventorySyncClusterTask, Clock clock) {
            this.scheduler = scheduler;
            this.inventorySyncClusterTask = inventorySyncClusterTask;
            this.clock = clock;
        }

        @TransactionalEventListener(fallbackExecution = true)
        void onResync(ClusterResyncRequested e) {
            scheduler.scheduleIfNotExists(inventorySyncClusterTask.instance(e.cluster()), clock.instant());
        }
    }
}
