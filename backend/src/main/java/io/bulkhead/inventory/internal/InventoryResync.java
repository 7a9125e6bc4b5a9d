package io.bulkhead.inventory.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.bulkhead.clusters.ClusterResyncRequested;
import io.bulkhead.inventory.Inventory;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * An admin's re-sync of a cluster re-lists its inventory at once: the one-time task
 * {@code inventory-sync-cluster/<name>} on db-scheduler (one replica runs it), scheduled for now.
 */
@Configuration(proxyBeanMethods = false)
class InventoryResync {

    @Bean
    OneTimeTask<Void> inventorySyncClusterTask(@Lazy Inventory inventory) {
        return Tasks.oneTime("inventory-sync-cluster").execute((instance, ctx) -> inventory.sync(instance.getId()));
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
