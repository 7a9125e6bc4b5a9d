package io.bulkhead.clusters;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import java.time.Duration;

/**
 * Failure handler of the tasks that work on one cluster: a task picked up by a replica that does not own the
 * cluster (a user's approval handled on replica B while A owns the cluster, an admin's re-sync of its inventory)
 * is not lost and not delayed by the error back-off, it is due again in {@code soon}, so that the owner picks it
 * up; other failures retry later.
 */
public final class OnOwnerRetry<T> implements FailureHandler<T> {
    private final Duration soon;
    private final FailureHandler<T> otherwise;

    public OnOwnerRetry(Duration soon, FailureHandler<T> otherwise) {
        this.soon = soon;
        this.otherwise = otherwise;
    }

    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
        Throwable cause = complete.getCause().orElse(null);
        while (cause != null && !(cause instanceof NotClusterOwnerException)) {
            cause = cause.getCause();
        }
        if (cause != null) {
            operations.reschedule(complete, complete.getTimeDone().plus(soon));
        } else {
            otherwise.onFailure(complete, operations);
        }
    }
}
