package io.bulkhead.mail.internal;

import static io.bulkhead.db.jooq.Tables.MAIL_CONTACT;

import io.bulkhead.identity.CurrentUser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/** jOOQ access to mail contacts (address, roles and teams at the latest sign-in, opt-out). */
@Repository
public class ContactStore {
    private final DSLContext db;

    ContactStore(DSLContext db) {
        this.db = db;
    }

    public record Contact(
            String subject, String displayName, @Nullable String email, boolean optedOut) {}

    /** Inserts or refreshes a contact; {@code replaceEmail} false keeps a known address when {@code email} is null. */
    public void upsert(CurrentUser u, @Nullable String email, Instant now, boolean replaceEmail) {
        String[] roles = u.roles().stream().map(Enum::name).sorted().toArray(String[]::new);
        String[] teams = u.teams().toArray(String[]::new);
        db.insertInto(MAIL_CONTACT)
                .set(MAIL_CONTACT.SUBJECT, u.subject())
                .set(MAIL_CONTACT.DISPLAY_NAME, u.displayName())
                .set(MAIL_CONTACT.EMAIL, email)
                .set(MAIL_CONTACT.ROLES, roles)
                .set(MAIL_CONTACT.TEAMS, teams)
                .set(MAIL_CONTACT.SEEN_AT, now.atOffset(ZoneOffset.UTC))
                .onConflict(MAIL_CONTACT.SUBJECT)
                .doUpdate()
                .set(MAIL_CONTACT.DISPLAY_NAME, u.displayName())
                .set(MAIL_CONTACT.EMAIL, replaceEmail ? DSL.val(email) : MAIL_CONTACT.EMAIL)
                .set(MAIL_CONTACT.ROLES, roles)
                .set(MAIL_CONTACT.TEAMS, teams)
                .set(MAIL_CONTACT.SEEN_AT, now.atOffset(ZoneOffset.UTC))
                .execute();
    }

    public void setOptedOut(String subject, boolean optedOut) {
        db.update(MAIL_CONTACT)
                .set(MAIL_CONTACT.OPTED_OUT, optedOut)
                .where(MAIL_CONTACT.SUBJECT.eq(subject))
                .execute();
    }

    public Optional<Contact> find(String subject) {
        return db.selectFrom(MAIL_CONTACT)
                .where(MAIL_CONTACT.SUBJECT.eq(subject))
                .fetchOptional(r -> new Contact(r.getSubject(), r.getDisplayName(), r.getEmail(), r.getOptedOut()));
    }

    /** Contacts with an address, not opted out, who are members of {@code team} or have one of {@code roles}. */
    public List<Contact> recipients(@Nullable String team, List<String> roles) {
        org.jooq.Condition c = DSL.falseCondition();
        if (team != null) {
            c = c.or(DSL.condition("{0} @> cast({1} as text[])", MAIL_CONTACT.TEAMS, DSL.val(new String[] {team})));
        }
        if (!roles.isEmpty()) {
            c = c.or(DSL.condition(
                    "{0} && cast({1} as text[])", MAIL_CONTACT.ROLES, DSL.val(roles.toArray(String[]::new))));
        }
        return db.selectFrom(MAIL_CONTACT)
                .where(MAIL_CONTACT.EMAIL.isNotNull())
                .and(MAIL_CONTACT.OPTED_OUT.isFalse())
                .and(c)
                .orderBy(MAIL_CONTACT.SUBJECT)
                .fetch(r -> new Contact(r.getSubject(), r.getDisplayName(), r.getEmail(), false));
    }
}
