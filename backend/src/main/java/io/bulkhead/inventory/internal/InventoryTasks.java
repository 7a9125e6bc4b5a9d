package io.bulkhead.inventory.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.bulkhead.inventory.Inventory;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The periodic inventory sync on db-scheduler (one replica at a time). */
@Configuration(proxyBeanMethods = false)
class InventoryTasks {

    @Bean
    RecurringTask<Void> inventorySyncTask(
            @Lazy Inventory inventory, @Value("${bulkhead.inventory.sync-interval:30s}") Duration interval) {
        return Tasks.recurring("inventory-sync", FixedDelay.of(interval))
                .execute((instance, ctx) -> inventory.syncAll());
    }
}
