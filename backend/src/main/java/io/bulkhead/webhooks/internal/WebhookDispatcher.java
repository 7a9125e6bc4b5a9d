package io.bulkhead.webhooks.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.bulkhead.webhooks.PortalEvent;
import io.bulkhead.webhooks.PortalEventType;
import io.bulkhead.webhooks.WebhookEndpoint;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fans a portal event out to the endpoints that want it (a team's endpoints only for that team's events; platform
 * endpoints for all), storing one delivery per endpoint with its body fixed, then hands each to the scheduler.
 * Runs after the causing change committed, in a transaction of its own.
 */
@Component
public class WebhookDispatcher {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private final WebhookStore store;
    private final SchedulerClient scheduler;
    private final OneTimeTask<Void> task;
    private final Clock clock;
    private final TransactionTemplate tx;

    WebhookDispatcher(
            WebhookStore store,
            @Lazy SchedulerClient scheduler,
            @Lazy OneTimeTask<Void> webhookDeliveryTask,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.scheduler = scheduler;
        this.task = webhookDeliveryTask;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    void onPortalEvent(PortalEvent e) {
        if (e.type() == PortalEventType.TEST) {
            return;
        }
        try {
            List<UUID> ids = tx.execute(s -> {
                List<UUID> out = new ArrayList<>();
                for (WebhookEndpoint ep : store.candidates(e.team())) {
                    if (ep.wants(e) && crossesThreshold(e, ep)) {
                        out.add(enqueue(e, ep));
                    }
                }
                return out;
            });
            if (ids != null) {
                ids.forEach(this::schedule);
            }
        } catch (RuntimeException ex) {
            log.warn("Webhook deliveries of {} {} could not be stored: {}", e.type(), e.id(), ex.toString());
        }
    }

    /** Stores and schedules one delivery of {@code e} to {@code ep} (the test event; no subscription check). */
    public UUID deliverNow(PortalEvent e, WebhookEndpoint ep) {
        UUID id = enqueue(e, ep);
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            schedule(id);
                        }
                    });
        } else {
            schedule(id);
        }
        return id;
    }

    private UUID enqueue(PortalEvent e, WebhookEndpoint ep) {
        UUID id = UUID.randomUUID();
        store.insertDelivery(id, ep.id(), e.type(), e.id(), Payloads.render(e, ep.format()), clock.instant());
        return id;
    }

    /** Hands a stored delivery to the scheduler (again: a no-op when it is already scheduled). */
    void schedule(UUID deliveryId) {
        scheduleAt(deliveryId, clock.instant());
    }

    void scheduleAt(UUID deliveryId, Instant when) {
        scheduler.scheduleIfNotExists(task.instance(deliveryId.toString()), when);
    }

    /** A score event goes to an endpoint only when the drop crosses the endpoint's threshold. */
    static boolean crossesThreshold(PortalEvent e, WebhookEndpoint ep) {
        if (e.type() != PortalEventType.SCORE_DROPPED) {
            return true;
        }
        Object now = e.data().get("score");
        Object before = e.data().get("previousScore");
        if (!(now instanceof BigDecimal n) || !(before instanceof BigDecimal b)) {
            return false;
        }
        BigDecimal t = BigDecimal.valueOf(ep.scoreThreshold());
        return b.compareTo(t) >= 0 && n.compareTo(t) < 0;
    }
}
