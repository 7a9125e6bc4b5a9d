package io.bulkhead.provisioning.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Asks for a namespace to be reconciled now, once the caller's transaction has committed (so the task sees the
 * change). If the portal dies before the task is stored, the periodic cluster pass picks the namespace up.
 */
@Component
public class ReconcileRequests {
    private final SchedulerClient scheduler;
    private final OneTimeTask<Void> task;
    private final Clock clock;

    ReconcileRequests(@Lazy SchedulerClient scheduler, @Lazy OneTimeTask<Void> reconcileNamespaceTask, Clock clock) {
        this.scheduler = scheduler;
        this.task = reconcileNamespaceTask;
        this.clock = clock;
    }

    public void afterCommit(UUID namespaceId) {
        Runnable schedule = () -> {
            var instance = task.instance(namespaceId.toString());
            if (!scheduler.scheduleIfNotExists(instance, clock.instant())) {
                // an earlier request is still waiting (e.g. a retry later): bring it forward to now
                try {
                    scheduler.reschedule(instance, clock.instant());
                } catch (RuntimeException running) {
                    // it is running right now; the periodic pass applies anything it missed
                }
            }
        };
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
