package io.bulkhead.exceptions.internal;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The exceptions' work on db-scheduler (PostgreSQL-backed, one replica per task instance at a time):
 * <ul>
 *   <li>{@code expire-exception/<id>}: at the exception's end;
 *   <li>{@code expire-exceptions}: every 30 s, a safety net that closes whatever is due (a lost one-time task, a
 *       clock moved in tests), so a hole is closed within a minute of its end;
 *   <li>{@code exception-reminders}: hourly, the 7-day and 1-day notifications.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ExceptionTasks {

    @Bean
    OneTimeTask<Void> expireExceptionTask(ExceptionExpiry expiry) {
        return Tasks.oneTime("expire-exception")
                .onFailureRetryLater()
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> expiry.expire(UUID.fromString(instance.getId())));
    }

    @Bean
    RecurringTask<Void> expireExceptionsTask(
            ExceptionExpiry expiry, @Value("${bulkhead.exceptions.sweep-interval:30s}") Duration interval) {
        return Tasks.recurring("expire-exceptions", FixedDelay.of(interval))
                .execute((instance, ctx) -> expiry.expireDue());
    }

    @Bean
    RecurringTask<Void> exceptionRemindersTask(
            ExceptionExpiry expiry, @Value("${bulkhead.exceptions.reminder-interval:1h}") Duration interval) {
        return Tasks.recurring("exception-reminders", FixedDelay.of(interval))
                .execute((instance, ctx) -> expiry.remind());
    }
}
