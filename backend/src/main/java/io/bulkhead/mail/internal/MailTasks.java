package io.bulkhead.mail.internal;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * {@code send-mail/<event>-<recipient>} on db-scheduler: one SMTP submission; a failure (server down, refused) is
 * retried with exponential backoff from {@code bulkhead.mail.retry-base}, at most 6 times.
 */
@Configuration(proxyBeanMethods = false)
class MailTasks {

    @Bean
    OneTimeTask<MailNotifier.Message> sendMailTask(
            ObjectProvider<JavaMailSender> sender,
            @Value("${bulkhead.mail.from:bulkhead@localhost}") String from,
            @Value("${bulkhead.mail.retry-base:30s}") Duration retryBase) {
        return Tasks.oneTime("send-mail", MailNotifier.Message.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(
                        6, new FailureHandler.ExponentialBackoffFailureHandler<>(retryBase, 2.0)))
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> {
                    JavaMailSender mail = sender.getIfAvailable();
                    if (mail == null) {
                        return; // no SMTP host configured any more
                    }
                    MailNotifier.Message m = instance.getData();
                    SimpleMailMessage msg = new SimpleMailMessage();
                    msg.setFrom(from);
                    msg.setTo(m.to());
                    msg.setSubject(m.subject());
                    msg.setText(m.text());
                    mail.send(msg);
                });
    }
}
