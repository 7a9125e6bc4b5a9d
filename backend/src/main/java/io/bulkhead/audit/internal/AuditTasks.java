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

    /**
     * {@code audit-chain-sweep}: chains events that were staged and committed but not chained right after their
     * commit (the process stopped in between, or the database was briefly unreachable). Writers chain their own
     * events at once, so this usually finds nothing.
     */
    @Bean
    RecurringTask<Void> auditChainSweepTask(
            AuditChainer chainer, @Value("${bulkhead.audit.sweep-interval:10s}") Duration interval) {
        return Tasks.recurring("audit-chain-sweep", FixedDelay.of(interval))
                .execute((instance, ctx) -> chainer.drainAll());
    }
}
