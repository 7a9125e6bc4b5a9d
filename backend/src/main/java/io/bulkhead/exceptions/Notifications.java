package io.bulkhead.exceptions;

import io.bulkhead.exceptions.internal.ExceptionStore;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.platform.ValidationException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * In-app notifications of the signed-in user: those addressed to them and those addressed to a role they have
 * (reviewers get one per waiting request). Read state is per user, also for role notifications.
 */
@Service
public class Notifications {
    private final ExceptionStore store;
    private final CurrentUsers users;
    private final Clock clock;

    Notifications(ExceptionStore store, CurrentUsers users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    /** The newest {@code limit} notifications (1–200), newest first. */
    @Transactional(readOnly = true)
    public List<Notification> mine(int limit) {
        if (limit < 1 || limit > 200) {
            throw new IllegalArgumentException("limit must be 1 to 200");
        }
        CurrentUser user = users.require();
        return store.notifications(user.subject(), roles(user), limit);
    }

    /** How many are unread (for the badge). */
    @Transactional(readOnly = true)
    public int unreadCount() {
        CurrentUser user = users.require();
        return store.unread(user.subject(), roles(user));
    }

    /** Marks one of the user's notifications read. */
    @Transactional
    public void markRead(UUID id) {
        CurrentUser user = users.require();
        if (!store.markRead(id, user.subject(), roles(user), clock.instant())) {
            throw new ValidationException(Map.of("id", "No such notification."));
        }
    }

    /** Marks all of the user's notifications read. */
    @Transactional
    public void markAllRead() {
        CurrentUser user = users.require();
        for (Notification n : store.notifications(user.subject(), roles(user), 10_000)) {
            if (!n.read()) {
                store.markRead(n.id(), user.subject(), roles(user), clock.instant());
            }
        }
    }

    private static List<String> roles(CurrentUser user) {
        return user.roles().stream().map(Enum::name).sorted().toList();
    }
}
