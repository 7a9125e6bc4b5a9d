package io.bulkhead.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedded provider's sign-in form refuses further attempts after five failures for a name. */
@ExtendWith(BulkheadExtension.class)
class LoginThrottleIT {

    /** The lockout the ui-tests' portal runs with (BulkheadApp sets BULKHEAD_LOGIN_LOCKOUT). */
    static final Duration LOCKOUT = Duration.ofSeconds(15);

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Test
    void fiveFailuresLockTheNameEvenForTheRightPasswordUntilTheLockoutEnds(BulkheadApp app) throws Exception {
        String user = DemoUser.REVIEWER.username();
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> wrong = signIn(app, user, "wrong-" + i);
            assertThat(wrong.statusCode()).as("failure %d", i).isEqualTo(302);
            assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        }

        HttpResponse<String> locked = signIn(app, user, DemoUser.PASSWORD);

        assertThat(locked.statusCode()).as("sixth attempt, right password").isEqualTo(429);
        assertThat(locked.body()).containsPattern("Too many attempts, try again in \\d+ seconds?\\.");
        assertThat(locked.headers().firstValue("Content-Security-Policy").orElse(""))
                .startsWith("default-src 'none'");
        // another name from the same address is not affected by this name's lock
        assertThat(signIn(app, DemoUser.MANAGER.username(), "wrong").statusCode())
                .isEqualTo(302);

        Thread.sleep(LOCKOUT.plusSeconds(1).toMillis());
        HttpResponse<String> after = signIn(app, user, DemoUser.PASSWORD);
        assertThat(after.statusCode()).as("after the lockout").isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }

    @Test
    void unknownNamesAreThrottledToo(BulkheadApp app) throws Exception {
        String name = "nobody-" + System.nanoTime();
        for (int i = 0; i < 5; i++) {
            signIn(app, name, "x");
        }
        assertThat(signIn(app, name, "x").statusCode()).isEqualTo(429);
    }

    @Test
    void aFailedSignInWithAMadeUpNameIsAuditedWithoutThatName(Portal portal) throws Exception {
        String typed = "forged-actor-" + System.nanoTime();
        assertThat(signIn(portal.app(), typed, "x").statusCode()).isEqualTo(302);

        String csv = AuditPage.open(portal.loginAs(DemoUser.ADMIN)).exportCsv();

        assertThat(csv).contains("auth.login-failed").contains("(unknown)");
        assertThat(csv).as("audit CSV").doesNotContain(typed);
    }

    /** GET /login for a session and its CSRF token, then POST the form; redirects are not followed. */
    private static HttpResponse<String> signIn(BulkheadApp app, String username, String password) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .build();
        HttpResponse<String> form =
                client.send(HttpRequest.newBuilder(app.uri("/login")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF_INPUT.matcher(form.body());
        assertThat(token.find()).as("login form has a CSRF token").isTrue();
        String body = Map.of("username", username, "password", password, "_csrf", token.group(1)).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return client.send(
                HttpRequest.newBuilder(app.uri("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
