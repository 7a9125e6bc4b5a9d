package io.bulkhead.provisioning.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.bulkhead.clusters.ClusterOwnership;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.clusters.OnOwnerRetry;
import io.bulkhead.provisioning.NamespaceState;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The reconciler's work, on db-scheduler (PostgreSQL-backed; with several replicas each task instance runs on one
 * replica at a time, and a replica that dies mid-task has its work revived elsewhere):
 * <ul>
 *   <li>{@code reconcile-namespace/<id>}: one namespace, scheduled right after a change (approval, tier move,
 *       decommission);
 *   <li>{@code reconcile-clusters}: periodic (every 5 minutes: drift is repaired from watches within seconds,
 *       see {@link OwnedObjectWatcher}; this pass is the safety net); schedules one {@code reconcile-cluster/<name>}
 *       per cluster with work, so clusters are spread over replicas;
 *   <li>{@code probe-clusters}: periodic health and capability probe.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ProvisioningTasks {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningTasks.class);
    static final EnumSet<NamespaceState> RECONCILED = EnumSet.of(
            NamespaceState.APPROVED,
            NamespaceState.PROVISIONING,
            NamespaceState.READY,
            NamespaceState.FAILED,
            NamespaceState.DECOMMISSIONING);

    /** A task picked up by a replica that does not own its cluster is due again this soon (for the owner). */
    static final Duration OWNER_RETRY = Duration.ofSeconds(1);
    /** db-scheduler's default back-off after a failure. */
    static final Duration RETRY_LATER = Duration.ofMinutes(5);

    @Bean
    OneTimeTask<Void> reconcileNamespaceTask(Provisioner provisioner) {
        return Tasks.oneTime("reconcile-namespace")
                .onFailure(new OnOwnerRetry<>(OWNER_RETRY, new FailureHandler.OnFailureRetryLater<>(RETRY_LATER)))
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> {
                    var outcome = provisioner.reconcile(ReconcileRequests.namespaceOf(instance.getId()));
                    log.debug("Reconciled namespace {}: {}", instance.getId(), outcome);
                });
    }

    @Bean
    OneTimeTask<Void> reconcileClusterTask(ClusterPasses passes, ClusterOwnership ownership) {
        // one LIST per kind for the whole cluster; ends at the cluster's first outage (see ClusterPasses)
        return Tasks.oneTime("reconcile-cluster")
                .onFailure(new OnOwnerRetry<>(OWNER_RETRY, new FailureHandler.OnFailureRetryLater<>(RETRY_LATER)))
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> {
                    // only the cluster's owner runs its pass; elsewhere it is due again soon, for the owner
                    ownership.requireOwner(instance.getId());
                    passes.reconcile(instance.getId());
                });
    }

    @Bean
    RecurringTask<Void> reconcileClustersTask(
            NamespaceStore store,
            @Lazy SchedulerClient scheduler,
            @Lazy OneTimeTask<Void> reconcileClusterTask,
            Clock clock,
            @Value("${bulkhead.reconcile.interval:5m}") Duration interval) {
        return Tasks.recurring("reconcile-clusters", FixedDelay.of(interval)).execute((instance, ctx) -> {
            for (String cluster : store.clustersWithWork()) {
                scheduler.scheduleIfNotExists(reconcileClusterTask.instance(cluster), clock.instant());
            }
        });
    }

    @Bean
    RecurringTask<Void> probeClustersTask(
            @Lazy Clusters clusters, @Value("${bulkhead.clusters.probe-interval:15s}") Duration interval) {
        return Tasks.recurring("probe-clusters", FixedDelay.of(interval))
                .execute((instance, ctx) -> clusters.probeAll());
    }
}
