package io.bulkhead.compliance.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.inventory.InventoryChanged;
import io.bulkhead.provisioning.ExemptionsChanged;
import io.bulkhead.provisioning.NamespaceDecommissioned;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps compliance current: re-evaluates the namespaces whose inventory changed (queued, on compliance's own thread,
 * so the sync or watch batch that changed them does not wait) and those whose exceptions changed (after that transaction commits), ends the score line of a decommissioned
 * namespace, and once a day ({@code bulkhead.compliance.snapshot-interval}) evaluates every namespace
 * with a forced history snapshot, purges history past the retention and rolls up the closed days for the trends.
 */
@Configuration(proxyBeanMethods = false)
class ComplianceTasks {
    private static final Logger log = LoggerFactory.getLogger(ComplianceTasks.class);
    private final Compliance compliance;

    ComplianceTasks(@Lazy Compliance compliance) {
        this.compliance = compliance;
    }

    @EventListener
    void onInventoryChanged(InventoryChanged e) {
        compliance.evaluateLater(e.cluster(), e.namespaces());
    }

    /** An exception was approved, revoked or expired: its findings change between WAIVED and FAIL. */
    @TransactionalEventListener(fallbackExecution = true)
    void onExemptionsChanged(ExemptionsChanged e) {
        try {
            compliance.evaluate(e.namespaceId(), false);
        } catch (RuntimeException ex) {
            log.warn(
                    "Compliance update of namespace {} after an exception change failed: {}",
                    e.namespaceId(),
                    ex.toString());
        }
    }

    /** A namespace left the live ones: its last score stops standing in the trend from today. */
    @TransactionalEventListener(fallbackExecution = true)
    void onNamespaceDecommissioned(NamespaceDecommissioned e) {
        compliance.ended(e.namespaceId());
    }

    @Bean
    RecurringTask<Void> complianceSnapshotTask(
            @Value("${bulkhead.compliance.snapshot-interval:24h}") Duration interval) {
        return Tasks.recurring("compliance-snapshot", FixedDelay.of(interval)).execute((instance, ctx) -> {
            int n = compliance.evaluateAll(true);
            int purged = compliance.purgeHistory();
            int rolled = compliance.rollUpHistory();
            log.info(
                    "Compliance snapshot of {} namespaces; {} history rows past retention removed; {} days rolled up",
                    n,
                    purged,
                    rolled);
        });
    }
}
