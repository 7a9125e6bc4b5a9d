package io.bulkhead.mail;

import static io.bulkhead.testsupport.TestUsers.developer;
import static io.bulkhead.testsupport.TestUsers.reviewer;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.Role;
import io.bulkhead.testsupport.BackendIntegrationTest;
import io.bulkhead.testsupport.TestUsers;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Notification mail through a real SMTP server in the JVM (GreenMail on the port the test configuration names):
 * team events to the team's members, approval requests to reviewers, nobody who opted out, nobody of another team.
 */
@BackendIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailIT {
    static final String SUFFIX = Long.toString(System.nanoTime() % 100_000, 36);
    static final String TEAM_A = "mail-a-" + SUFFIX;
    static final String TEAM_B = "mail-b-" + SUFFIX;

    @Autowired
    MailSettings mail;

    @Autowired
    AuditTrail audit;

    GreenMail smtp;

    @BeforeAll
    void start() {
        smtp = new GreenMail(new ServerSetup(18625, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        signUp("mail-dev-a", "dev-a@example.com", Role.DEVELOPER, TEAM_A);
        signUp("mail-dev-a2", "dev-a2@example.com", Role.DEVELOPER, TEAM_A);
        signUp("mail-dev-b", "dev-b@example.com", Role.DEVELOPER, TEAM_B);
        signUp("mail-reviewer", "reviewer@example.com", Role.REVIEWER);
        try (var s = signIn(developer("mail-dev-a2", TEAM_A))) {
            mail.setReceivesMail(false);
            assertThat(mail.receivesMail()).isFalse();
        }
    }

    @AfterAll
    void stop() {
        smtp.stop();
    }

    private void signUp(String subject, String email, Role role, String... teams) {
        mail.signedIn(TestUsers.user(subject, Set.of(role), teams), email);
    }

    private List<MimeMessage> to(String address) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                                .anyMatch(a -> a.toString().equals(address));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private void awaitMail(String address, String subjectPart) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> to(address).stream().anyMatch(m -> {
                    try {
                        return m.getSubject().contains(subjectPart);
                    } catch (Exception e) {
                        return false;
                    }
                }));
    }

    @Test
    void teamMembersGetTheirTeamsEventsExceptThoseWhoOptedOut() throws Exception {
        String ns = "mailed-" + SUFFIX;
        audit.record(
                CurrentUser.SYSTEM,
                AuditEntry.of("exception.expired")
                        .target("exception", UUID.randomUUID().toString())
                        .team(TEAM_A)
                        .location("mail-cluster", ns)
                        .change(Map.of("state", "ACTIVE"), Map.of("state", "EXPIRED")));
        // an approval request, mailed to reviewers; once it arrived, the earlier team mail has been handled too
        audit.record(
                TestUsers.user("mail-dev-a", Set.of(Role.DEVELOPER), TEAM_A),
                AuditEntry.of("exception.requested")
                        .target("exception", UUID.randomUUID().toString())
                        .team(TEAM_A)
                        .location("mail-cluster", "review-" + SUFFIX)
                        .change(null, Map.of("state", "PENDING")));
        awaitMail("dev-a@example.com", ns);
        awaitMail("reviewer@example.com", "review-" + SUFFIX);

        MimeMessage m = to("dev-a@example.com").stream()
                .filter(x -> {
                    try {
                        return x.getSubject().contains(ns);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow();
        assertThat(m.getSubject()).isEqualTo("[Bulkhead] Exception expired: mail-cluster/" + ns);
        assertThat(m.getFrom()[0].toString()).isEqualTo("bulkhead-test@example.com");
        assertThat(((String) m.getContent())).contains("has expired", "turn notification mail off");
        assertThat(to("dev-a2@example.com")).isEmpty();
        assertThat(to("dev-b@example.com")).isEmpty();
        assertThat(to("reviewer@example.com"))
                .noneSatisfy(x -> assertThat(x.getSubject()).contains(ns));
    }

    @Test
    void optingBackInIsTheUsersOwnSetting() {
        try (var s = signIn(reviewer("mail-toggle"))) {
            assertThat(mail.receivesMail()).isTrue();
            mail.setReceivesMail(false);
            assertThat(mail.receivesMail()).isFalse();
            mail.setReceivesMail(true);
            assertThat(mail.receivesMail()).isTrue();
        }
    }
}
