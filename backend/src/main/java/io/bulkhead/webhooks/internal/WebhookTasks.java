package io.bulkhead.webhooks.internal;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Webhook work on db-scheduler (PostgreSQL-backed; one replica runs an instance at a time):
 * <ul>
 *   <li>{@code webhook-delivery/<delivery id>}: one try; after a failed try the task is rescheduled at the
 *       delivery's next try (exponential backoff, see {@link WebhookSender}), and removed when it is done;
 *   <li>{@code webhook-sweep}: every minute, re-schedules pending deliveries whose task was lost (the portal
 *       stopped between storing and scheduling).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class WebhookTasks {

    @Bean
    OneTimeTask<Void> webhookDeliveryTask(WebhookSender sender, WebhookStore store) {
        return Tasks.oneTime("webhook-delivery")
                .onFailure((complete, ops) -> {
                    Instant next = store.nextTryAt(
                            UUID.fromString(complete.getExecution().taskInstance.getId()));
                    if (next == null) {
                        ops.remove();
                    } else {
                        ops.reschedule(complete, next);
                    }
                })
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> sender.attempt(UUID.fromString(instance.getId())));
    }

    @Bean
    RecurringTask<Void> webhookSweepTask(
            WebhookStore store,
            WebhookDispatcher dispatcher,
            Clock clock,
            @Value("${bulkhead.webhooks.sweep-interval:1m}") Duration interval) {
        return Tasks.recurring("webhook-sweep", FixedDelay.of(interval)).execute((instance, ctx) -> {
            for (UUID id : store.overdue(clock.instant().minus(Duration.ofMinutes(1)))) {
                dispatcher.schedule(id);
            }
        });
    }
}
