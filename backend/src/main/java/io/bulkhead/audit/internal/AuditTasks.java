package io.bulkhead.audit.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code audit-checkpoint}: periodic (db-scheduler, one replica at a time; the first run right after the first
 * start), checkpoints the audit chain head when it moved. The interval bounds how much of the newest tail could be
 * cut unnoticed.
 */
@Configuration(proxyBeanMethods = false)
class AuditTasks {

    @Bean
    RecurringTask<Void> auditCheckpointTask(
            AuditAnchoring anchoring, @Value("${bulkhead.audit.checkpoint-interval:5m}") Duration interval) {
        return Tasks.recurring("audit-checkpoint", FixedDelay.of(interval)).execute((instance, ctx) -> {
            if (anchoring.canCheckpoint()) {
                anchoring.checkpoint();
            }
        });
    }
}
