package io.bulkhead.ui.components;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import io.bulkhead.platform.DatabaseNotifications;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Pushes changes made on any replica into a view: while {@code component} is attached, every database
 * notification on {@code channel} that {@code relevant} accepts runs {@code refresh} in the component's UI
 * (server push, see {@code AppShell}), with the signed-in user's security context (the listening thread has
 * none). Notifications arriving while a refresh is pending coalesce into that one. The refresh re-reads through
 * the facades, so what a user sees stays scoped to their rights; the payload only says what changed.
 */
public final class LiveChanges {
    private static final Logger log = LoggerFactory.getLogger(LiveChanges.class);

    private LiveChanges() {}

    public static void refreshOn(
            Component component,
            DatabaseNotifications notifications,
            String channel,
            Predicate<String> relevant,
            Runnable refresh) {
        component.addAttachListener(attach -> {
            UI ui = attach.getUI();
            SecurityContext security = SecurityContextHolder.getContext();
            AtomicBoolean pending = new AtomicBoolean();
            AutoCloseable subscription = notifications.subscribe(channel, payload -> {
                if ((!DatabaseNotifications.RECONNECTED.equals(payload) && !relevant.test(payload))
                        || !pending.compareAndSet(false, true)) {
                    return;
                }
                ui.access(() -> {
                    pending.set(false);
                    SecurityContext before = SecurityContextHolder.getContext();
                    SecurityContextHolder.setContext(security);
                    try {
                        refresh.run();
                    } catch (RuntimeException e) {
                        log.debug("Live refresh failed: {}", e.toString());
                    } finally {
                        SecurityContextHolder.setContext(before);
                    }
                });
            });
            attach.unregisterListener();
            component.addDetachListener(d -> {
                try {
                    subscription.close();
                } catch (Exception e) {
                    log.debug("Unsubscribing: {}", e.toString());
                }
                d.unregisterListener();
                // the next attach subscribes again
                refreshOn(component, notifications, channel, relevant, refresh);
            });
        });
    }
}
