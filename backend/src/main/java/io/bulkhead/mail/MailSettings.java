package io.bulkhead.mail;

import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.mail.internal.ContactStore;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who gets notification mail, and each user's own opt-out. The portal learns a user's address, roles and teams at
 * sign-in ({@link #signedIn}); a user who never signed in gets no mail. Opting out stops every notification mail to
 * that user (the in-app notifications stay).
 */
@Service
public class MailSettings {
    private final ContactStore store;
    private final CurrentUsers users;
    private final Clock clock;
    private final String host;

    MailSettings(ContactStore store, CurrentUsers users, Clock clock, @Value("${spring.mail.host:}") String host) {
        this.store = store;
        this.users = users;
        this.clock = clock;
        this.host = host;
    }

    /** Whether the portal sends mail at all (an SMTP host is configured). */
    public boolean enabled() {
        return !host.isBlank();
    }

    /** The signed-in user's address as the portal knows it, if any. */
    @Transactional(readOnly = true)
    public @Nullable String myAddress() {
        return store.find(users.require().subject())
                .map(ContactStore.Contact::email)
                .orElse(null);
    }

    /** Whether the signed-in user receives notification mail (not opted out). */
    @Transactional(readOnly = true)
    public boolean receivesMail() {
        return store.find(users.require().subject()).map(c -> !c.optedOut()).orElse(true);
    }

    /** The signed-in user's own choice: {@code receive} false opts out of all notification mail. */
    @Transactional
    public void setReceivesMail(boolean receive) {
        CurrentUser u = users.require();
        store.upsert(u, null, clock.instant(), false);
        store.setOptedOut(u.subject(), !receive);
    }

    /** Records a sign-in: the user's address (from the identity provider), roles and teams now. */
    @Transactional
    public void signedIn(CurrentUser user, @Nullable String email) {
        store.upsert(user, email == null || email.isBlank() ? null : email.strip(), clock.instant(), true);
    }
}
