package io.bulkhead.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(BulkheadExtension.class)
class SecurityBasicsIT {

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Test
    void portalPagesCarrySecurityHeaders(Portal portal) {
        Page page = portal.loginAs(DemoUser.DEV_ALICE).page();

        Response response = page.navigate("/audit");

        Map<String, String> headers = response.allHeaders();
        assertThat(response.status()).isEqualTo(200);
        assertThat(headers).containsEntry("x-content-type-options", "nosniff");
        assertThat(headers).containsEntry("x-frame-options", "DENY");
        assertThat(headers.get("content-security-policy"))
                .as("Content-Security-Policy")
                .isNotBlank()
                .contains("default-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(headers.get("referrer-policy"))
                .as("Referrer-Policy")
                .isIn("same-origin", "no-referrer", "strict-origin", "strict-origin-when-cross-origin");
    }

    @Test
    void providerLoginPageCannotBeFramedOrSniffed(BulkheadApp app) throws Exception {
        HttpResponse<String> login = http().send(get(app, "/login"), HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void providerLoginPostWithoutCsrfTokenIsRejected(BulkheadApp app) throws Exception {
        HttpClient client = http();
        HttpResponse<String> form = client.send(get(app, "/login"), HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF_INPUT.matcher(form.body());
        assertThat(token.find()).as("the login form carries a _csrf field").isTrue();
        Map<String, String> credentials = Map.of("username", "dev-alice", "password", DemoUser.PASSWORD);

        HttpResponse<String> withoutToken =
                client.send(postForm(app, "/login", credentials), HttpResponse.BodyHandlers.ofString());
        boolean signedInWithoutToken = signedInAtProvider(app, client);
        HttpResponse<String> noSession =
                http().send(postForm(app, "/login", credentials), HttpResponse.BodyHandlers.ofString());
        Map<String, String> withCsrf = new java.util.HashMap<>(credentials);
        withCsrf.put("_csrf", token.group(1));
        HttpResponse<String> withToken =
                client.send(postForm(app, "/login", withCsrf), HttpResponse.BodyHandlers.ofString());

        // What matters most first: the right password without the token signs nobody in ...
        assertThat(signedInWithoutToken)
                .as("signed in at the provider by a POST without _csrf")
                .isFalse();
        // ... while the same POST with the form's token does (so the check above means something).
        assertThat(withToken.statusCode())
                .as("POST /login with the form's _csrf")
                .isEqualTo(302);
        assertThat(signedInAtProvider(app, client))
                .as("signed in after POST with _csrf")
                .isTrue();
        // And the refusal is a plain 403, not a redirect into a login flow.
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(withoutToken.statusCode())
                    .as("POST /login without _csrf (session from GET /login); Location: %s", location(withoutToken))
                    .isEqualTo(403);
            soft.assertThat(noSession.statusCode())
                    .as("POST /login without _csrf and without session; Location: %s", location(noSession))
                    .isEqualTo(403);
        });
    }

    /** Asks the provider's authorization endpoint: a signed-in session is not sent to the login page. */
    private static boolean signedInAtProvider(BulkheadApp app, HttpClient client) throws Exception {
        String query = "response_type=code&client_id=bulkhead-portal&scope=openid"
                + "&redirect_uri="
                + URLEncoder.encode(app.baseUrl() + "/login/oauth2/code/bulkhead", StandardCharsets.UTF_8)
                + "&state=probe&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
        HttpResponse<Void> r = client.send(
                HttpRequest.newBuilder(app.uri("/oauth2/authorize?" + query))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        return !(r.statusCode() == 302 && location(r).endsWith("/login"));
    }

    private static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElse("(none)");
    }

    @Test
    void vaadinIgnoresAUidlRequestWithoutItsCsrfToken(Portal portal) {
        AuditPage audit = AuditPage.open(portal.loginAs(DemoUser.ADMIN));
        Page page = audit.page();
        AtomicReference<String> forgedBody = new AtomicReference<>();
        AtomicReference<String> forgedAnswer = new AtomicReference<>();
        page.route(url -> url.contains("v-r=uidl"), route -> {
            String body = route.request().postData();
            String forged = body.replaceAll("\"csrfToken\"\\s*:\\s*\"[^\"]*\"\\s*,?", "");
            forgedBody.set(forged);
            APIResponse answer = route.fetch(new Route.FetchOptions().setPostData(forged));
            forgedAnswer.set(answer.text());
            route.fulfill(new Route.FulfillOptions().setResponse(answer));
        });

        audit.verifyButton().click();
        page.waitForCondition(() -> forgedAnswer.get() != null);
        page.unrouteAll();

        assertThat(forgedBody.get()).contains("\"rpc\"").doesNotContain("csrfToken");
        assertThat(forgedAnswer.get())
                .as("server answer to the click without CSRF token")
                .doesNotContain("chain intact");

        // The same click with the token (the browser's own request) is carried out, and says so in its answer.
        AuditPage again = AuditPage.open(new Shell(page));
        com.microsoft.playwright.Response genuine = page.waitForResponse(
                r -> r.url().contains("v-r=uidl"), () -> again.verifyButton().click());
        assertThat(genuine.text()).contains("chain intact");
        com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(again.status())
                .containsText("chain intact");
    }

    @Test
    void sessionIdChangesAtLoginAndTheOldOneIsUseless(Portal portal) throws Exception {
        LoginPage login = portal.openSignedOut();
        String before = LogoutIT.sessionCookie(login.page().context());

        login.signIn(DemoUser.DEV_ALICE);
        String after = LogoutIT.sessionCookie(login.page().context());

        assertThat(after).as("JSESSIONID after login").isNotEqualTo(before);
        HttpResponse<Void> withOld = http().send(
                        HttpRequest.newBuilder(portal.app().uri("/"))
                                .header("Cookie", "JSESSIONID=" + before)
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(withOld.statusCode())
                .as("GET / with the pre-login session id")
                .isEqualTo(302);
        assertThat(withOld.headers().firstValue("Location").orElse("")).contains("/oauth2/authorization/");
    }

    @Test
    void healthIsPublicAndUp(BulkheadApp app) throws Exception {
        HttpResponse<String> health = http().send(get(app, "/actuator/health"), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(health.body()).doesNotContain("db", "diskSpace");
    }

    @Test
    void prometheusIsRefusedWithoutAdmin(Portal portal) throws Exception {
        HttpResponse<String> anonymous =
                http().send(get(portal.app(), "/actuator/prometheus"), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("anonymous").isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("jvm_");

        Page developer = portal.loginAs(DemoUser.DEV_ALICE).page();
        APIResponse asDeveloper = developer.request().get("/actuator/prometheus");
        assertThat(asDeveloper.status()).as("signed-in developer").isIn(401, 403);
        assertThat(asDeveloper.text()).doesNotContain("jvm_");
    }

    private static HttpClient http() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .build();
    }

    private static HttpRequest get(BulkheadApp app, String path) {
        return HttpRequest.newBuilder(app.uri(path)).build();
    }

    private static HttpRequest postForm(BulkheadApp app, String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(app.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
