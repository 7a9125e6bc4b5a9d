package io.bulkhead.exceptions.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Schedules {@code expire-exception/<id>} at the exception's end, once the activating transaction has committed.
 * If the portal dies in between, the recurring sweep closes the exception anyway.
 */
@Component
public class ExpiryScheduler {
    private final SchedulerClient scheduler;
    private final OneTimeTask<Void> task;

    ExpiryScheduler(@Lazy SchedulerClient scheduler, @Lazy OneTimeTask<Void> expireExceptionTask) {
        this.scheduler = scheduler;
        this.task = expireExceptionTask;
    }

    public void scheduleAfterCommit(UUID exceptionId, Instant at) {
        Runnable schedule = () -> scheduler.scheduleIfNotExists(task.instance(exceptionId.toString()), at);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    schedule.run();
                }
            });
        } else {
            schedule.run();
        }
    }
}
