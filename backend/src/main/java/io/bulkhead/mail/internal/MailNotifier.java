package io.bulkhead.mail.internal;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import io.bulkhead.identity.Role;
import io.bulkhead.webhooks.PortalEvent;
import io.bulkhead.webhooks.PortalEventType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mails portal events: "approval needed" to reviewers, every other event to the members of the event's team; never
 * to a user who opted out or whose address the portal does not know. A score drop is mailed when it crosses
 * {@code bulkhead.mail.score-threshold}. Each message is its own scheduled task, retried with backoff.
 */
@Component
class MailNotifier {
    private static final Logger log = LoggerFactory.getLogger(MailNotifier.class);

    /** One message to one recipient, the task's data. */
    record Message(String to, String subject, String text) implements Serializable {}

    private final ContactStore contacts;
    private final SchedulerClient scheduler;
    private final OneTimeTask<Message> task;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final boolean enabled;
    private final BigDecimal threshold;

    MailNotifier(
            ContactStore contacts,
            @Lazy SchedulerClient scheduler,
            @Lazy OneTimeTask<Message> sendMailTask,
            Clock clock,
            PlatformTransactionManager transactions,
            @Value("${spring.mail.host:}") String host,
            @Value("${bulkhead.mail.score-threshold:80}") int threshold) {
        this.contacts = contacts;
        this.scheduler = scheduler;
        this.task = sendMailTask;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.tx.setReadOnly(true);
        this.enabled = !host.isBlank();
        this.threshold = BigDecimal.valueOf(threshold);
    }

    @EventListener
    void onPortalEvent(PortalEvent e) {
        if (!enabled || e.type() == PortalEventType.TEST) {
            return;
        }
        if (e.type() == PortalEventType.SCORE_DROPPED && !crosses(e)) {
            return;
        }
        try {
            List<ContactStore.Contact> to = tx.execute(s -> e.type() == PortalEventType.APPROVAL_NEEDED
                    ? contacts.recipients(null, List.of(Role.REVIEWER.name()))
                    : contacts.recipients(e.team(), List.of()));
            if (to == null) {
                return;
            }
            String subject = "[Bulkhead] " + e.type().label()
                    + (e.namespace() == null ? "" : ": " + e.cluster() + "/" + e.namespace());
            for (ContactStore.Contact c : to) {
                String text = "Hello " + c.displayName() + ",\n\n" + e.summary() + "\n\n"
                        + "You get this mail because you are "
                        + (e.type() == PortalEventType.APPROVAL_NEEDED ? "a reviewer" : "in team " + e.team())
                        + ". You can turn notification mail off in the portal under Settings.\n";
                String id = e.id() + "-" + c.subject();
                scheduler.scheduleIfNotExists(
                        task.instance(
                                id.length() > 200 ? id.substring(0, 200) : id, new Message(c.email(), subject, text)),
                        clock.instant());
            }
        } catch (RuntimeException ex) {
            log.warn("Mail for {} {} could not be queued: {}", e.type(), e.id(), ex.toString());
        }
    }

    private boolean crosses(PortalEvent e) {
        return e.data().get("score") instanceof BigDecimal n
                && e.data().get("previousScore") instanceof BigDecimal b
                && b.compareTo(threshold) >= 0
                && n.compareTo(threshold) < 0;
    }
}
