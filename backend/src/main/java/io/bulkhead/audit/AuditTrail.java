package io.bulkhead.audit;

import io.bulkhead.audit.internal.AuditStore;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records audit events. Each event is chained to the previous one by a SHA-256 hash; appends are serialized on the
 * chain head so concurrent writers never fork the chain. The actor is the signed-in user (or the system when
 * nobody is); the origin (IP, user agent) comes from the current HTTP request when there is one.
 */
@Service
public class AuditTrail {

    private final AuditStore store;
    private final CurrentUsers users;
    private final Clock clock;

    AuditTrail(AuditStore store, CurrentUsers users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    /** Appends within the caller's transaction: if the change rolls back, so does its event. */
    @Transactional
    public AuditEvent record(AuditEntry entry) {
        return record(users.find().orElse(CurrentUser.SYSTEM), entry);
    }

    @Transactional
    public AuditEvent record(CurrentUser actor, AuditEntry entry) {
        return append(actor, entry, currentOrigin());
    }

    /** Appends in a transaction of its own: for events that must stay even when the caller fails (denials). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public AuditEvent recordIndependently(CurrentUser actor, AuditEntry entry, @Nullable Origin origin) {
        return append(actor, entry, origin != null ? origin : currentOrigin());
    }

    private AuditEvent append(CurrentUser actor, AuditEntry entry, Origin origin) {
        return store.append(
                actor.subject(), actor.displayName(), entry, origin.ip(), origin.userAgent(), clock.instant());
    }

    /** Where a request came from. */
    public record Origin(@Nullable String ip, @Nullable String userAgent) {
        public static final Origin NONE = new Origin(null, null);

        public static Origin of(HttpServletRequest request) {
            String ua = request.getHeader("User-Agent");
            if (ua != null && ua.length() > 500) {
                ua = ua.substring(0, 500);
            }
            return new Origin(request.getRemoteAddr(), ua);
        }
    }

    static Origin currentOrigin() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            return Origin.of(attrs.getRequest());
        }
        return Origin.NONE;
    }
}
