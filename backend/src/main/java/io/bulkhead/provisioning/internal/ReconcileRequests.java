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

    /** Suffix of the follow-up instance id; {@link #namespaceOf} reads the namespace id back. */
    static final String FOLLOW_UP = "#again";

    /** The namespace of a task instance id, {@code <id>} or {@code <id>#again}. */
    static UUID namespaceOf(String instanceId) {
        return UUID.fromString(
                instanceId.endsWith(FOLLOW_UP)
                        ? instanceId.substring(0, instanceId.length() - FOLLOW_UP.length())
                        : instanceId);
    }

    public void afterCommit(UUID namespaceId) {
        Runnable schedule = () -> {
            // "<id>" is the usual instance; when it is running right now, the change may come too late for it,
            // so a follow-up "<id>#again" runs after it and sees the committed change
            for (String instanceId : new String[] {namespaceId.toString(), namespaceId + FOLLOW_UP}) {
                var instance = task.instance(instanceId);
                // the follow-up starts a little later, so that it normally runs after the pass in progress
                var when = instanceId.endsWith(FOLLOW_UP) ? clock.instant().plusSeconds(10) : clock.instant();
                if (scheduler.scheduleIfNotExists(instance, when)) {
                    return;
                }
                try {
                    if (scheduler.reschedule(instance, when)) {
                        return; // it was waiting (e.g. a retry later): brought forward to now
                    }
                } catch (RuntimeException running) {
                    // picked by a scheduler thread: try the follow-up instance
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
