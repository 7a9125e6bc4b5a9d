package io.bulkhead.api;

import static io.bulkhead.api.ApiFixtures.A;
import static io.bulkhead.api.ApiFixtures.B;
import static io.bulkhead.api.ApiFixtures.CLUSTER;
import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.exceptions.PolicyException;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.TokenScope;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;

/**
 * The API half of the authorization matrix: every endpoint called over HTTP by six callers — a developer of payments
 * on payments' objects, the same developer on search's objects, a reviewer, a manager, an admin (each with a personal
 * access token of every scope their role may have) and nobody — compared with the expected status per column. A
 * developer on the other team's objects gets 404 (never 200, never 403 on an object), and no answer to a developer
 * names search's namespace or exception. Changes use fixtures that pass the check and are then refused (a decided
 * request, a wrong confirmation), so the matrix changes nothing.
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAuthorizationMatrixIT {

    enum Caller {
        DEV_OWN,
        DEV_OTHER,
        REVIEWER,
        MANAGER,
        ADMIN,
        ANONYMOUS
    }

    /** One endpoint: method, path and body for the caller's objects, and the expected status per column. */
    record Row(
            String name, String method, Function<Target, String> path, Function<Target, String> body, int[] expected) {}

    /** Whose objects a call is about. */
    record Target(ManagedNamespace ns, PolicyException closed, String team) {}

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ApiTokens tokens;

    ApiFixtures fx;
    final Map<Caller, ApiClient> clients = new EnumMap<>(Caller.class);

    @BeforeAll
    void fixtures() {
        fx = ApiFixtures.get(context);
        clients.put(Caller.DEV_OWN, client(ApiFixtures.DEV_A));
        clients.put(Caller.DEV_OTHER, clients.get(Caller.DEV_OWN));
        clients.put(Caller.REVIEWER, client(ApiFixtures.REVIEWER));
        clients.put(Caller.MANAGER, client(ApiFixtures.MANAGER));
        clients.put(Caller.ADMIN, client(ApiFixtures.ADMIN));
        clients.put(Caller.ANONYMOUS, new ApiClient(port, null));
    }

    private ApiClient client(Authentication who) {
        Set<TokenScope> scopes;
        try (var s = signIn(who)) {
            scopes = tokens.grantableScopes();
        }
        return new ApiClient(port, ApiClient.tokenFor(tokens, who, scopes));
    }

    Target target(Caller c) {
        return c == Caller.DEV_OTHER ? new Target(fx.nsB, fx.closedB, B) : new Target(fx.nsA, fx.closedA, A);
    }

    static Row row(String name, String method, Function<Target, String> path, int... expected) {
        return new Row(name, method, path, t -> "", expected);
    }

    static Row row(
            String name, String method, Function<Target, String> path, Function<Target, String> body, int... expected) {
        return new Row(name, method, path, body, expected);
    }

    static String ns(Target t) {
        return "/api/v1/namespaces/" + t.ns().cluster() + "/" + t.ns().name();
    }

    static String ex(Target t) {
        return "/api/v1/exceptions/" + t.closed().id();
    }

    static String declared(Target t) {
        ManagedNamespace n = t.ns();
        return "{\"team\":\"" + n.team() + "\",\"tier\":\"" + n.tier() + "\",\"quotaPreset\":\"" + n.quotaPreset()
                + "\",\"purpose\":\"" + n.purpose() + "\"}";
    }

    /** Columns: devOwn, devOther, reviewer, manager, admin, anonymous. */
    List<Row> rows() {
        String comment = "{\"comment\":\"Decided by the API matrix.\"}";
        return List.of(
                row("list namespaces", "GET", t -> "/api/v1/namespaces?team=" + t.team(), 200, 200, 200, 200, 200, 401),
                row("get namespace", "GET", ApiAuthorizationMatrixIT::ns, 200, 404, 200, 200, 200, 401),
                row("desired YAML", "GET", t -> ns(t) + "/desired", 200, 404, 200, 200, 200, 401),
                row("findings", "GET", t -> ns(t) + "/findings", 200, 404, 200, 200, 200, 401),
                row("namespace trend", "GET", t -> ns(t) + "/trend?days=7", 200, 404, 200, 200, 200, 401),
                row("approve namespace", "POST", t -> ns(t) + "/approve", t -> comment, 403, 404, 409, 403, 409, 401),
                row("reject namespace", "POST", t -> ns(t) + "/reject", t -> comment, 403, 404, 409, 403, 409, 401),
                row(
                        "decommission namespace",
                        "POST",
                        t -> ns(t) + "/decommission",
                        t -> "{\"confirm\":\"not-the-name\"}",
                        400,
                        404,
                        403,
                        403,
                        400,
                        401),
                row(
                        "request namespace",
                        "POST",
                        t -> "/api/v1/namespaces",
                        t -> "{\"cluster\":\"" + CLUSTER + "\",\"name\":\"api-matrix-x\",\"team\":\"" + t.team()
                                + "\",\"tier\":\"baseline\",\"quotaPreset\":\"M\",\"purpose\":\"short\"}",
                        400,
                        403,
                        403,
                        403,
                        403,
                        401),
                row(
                        "declare namespace (same body)",
                        "PUT",
                        ApiAuthorizationMatrixIT::ns,
                        ApiAuthorizationMatrixIT::declared,
                        200,
                        403,
                        200,
                        403,
                        200,
                        401),
                row("list exceptions", "GET", t -> "/api/v1/exceptions", 200, 200, 200, 200, 200, 401),
                row(
                        "list exceptions of a namespace",
                        "GET",
                        t -> "/api/v1/exceptions?cluster=" + CLUSTER + "&namespace=" + t.ns().name(),
                        200,
                        404,
                        200,
                        200,
                        200,
                        401),
                row("get exception", "GET", ApiAuthorizationMatrixIT::ex, 200, 404, 200, 200, 200, 401),
                row("approve exception", "POST", t -> ex(t) + "/approve", t -> comment, 403, 404, 409, 403, 403, 401),
                row("reject exception", "POST", t -> ex(t) + "/reject", t -> comment, 403, 404, 409, 403, 403, 401),
                row("withdraw exception", "POST", t -> ex(t) + "/withdraw", t -> "", 409, 404, 403, 403, 403, 401),
                row("revoke exception", "POST", t -> ex(t) + "/revoke", t -> comment, 403, 404, 409, 403, 409, 401),
                row(
                        "renew exception",
                        "POST",
                        t -> ex(t) + "/renew",
                        t -> "{\"justification\":\"" + ApiFixtures.WHY + "\",\"durationDays\":2}",
                        400,
                        404,
                        403,
                        403,
                        403,
                        401),
                row(
                        "request exception",
                        "POST",
                        t -> "/api/v1/exceptions",
                        t -> "{\"cluster\":\"" + CLUSTER + "\",\"namespace\":\"" + t.ns().name()
                                + "\",\"control\":\"psa-level\",\"value\":\"privileged\",\"scope\":\"NAMESPACE\","
                                + "\"justification\":\"short\",\"durationDays\":2}",
                        400,
                        400,
                        403,
                        403,
                        403,
                        401),
                row("scores by team", "GET", t -> "/api/v1/scores?groupBy=TEAM", 200, 200, 200, 200, 200, 401),
                row(
                        "namespace scores",
                        "GET",
                        t -> "/api/v1/scores/namespaces?team=" + t.team(),
                        200,
                        200,
                        200,
                        200,
                        200,
                        401),
                row(
                        "score trend",
                        "GET",
                        t -> "/api/v1/scores/trend?days=7&groupBy=TEAM",
                        200,
                        200,
                        200,
                        200,
                        200,
                        401),
                // the inventory facade refuses a developer's filter for another team (a filter, not an object: 403)
                row(
                        "workloads",
                        "GET",
                        t -> "/api/v1/inventory/workloads?team=" + t.team(),
                        200,
                        403,
                        200,
                        200,
                        200,
                        401),
                row(
                        "where does an image run",
                        "GET",
                        t -> "/api/v1/inventory/images/where?image=nginx:1.27",
                        200,
                        200,
                        200,
                        200,
                        200,
                        401),
                row("inventory options", "GET", t -> "/api/v1/inventory/options", 200, 200, 200, 200, 200, 401),
                row("audit page", "GET", t -> "/api/v1/audit?team=" + t.team(), 200, 200, 200, 200, 200, 401),
                row("audit CSV", "GET", t -> "/api/v1/audit/export?team=" + t.team(), 200, 200, 200, 200, 200, 401),
                row("verify audit chain", "POST", t -> "/api/v1/audit/verify", t -> "", 403, 403, 403, 403, 200, 401),
                row("clusters", "GET", t -> "/api/v1/clusters", 200, 200, 200, 200, 200, 401),
                row(
                        "probe cluster",
                        "POST",
                        t -> "/api/v1/clusters/" + CLUSTER + "/probe",
                        t -> "",
                        403,
                        403,
                        403,
                        403,
                        200,
                        401),
                row(
                        "register cluster (invalid)",
                        "POST",
                        t -> "/api/v1/clusters",
                        t -> "{\"name\":\"Bad Name\",\"displayName\":\"x\",\"kind\":\"TOKEN\"}",
                        403,
                        403,
                        403,
                        403,
                        400,
                        401),
                row("tiers", "GET", t -> "/api/v1/tiers", 200, 200, 200, 200, 200, 401),
                row("tier bundle", "GET", t -> "/api/v1/tiers/baseline/versions/1", 200, 200, 200, 200, 200, 401),
                row(
                        "roll tier to a missing version",
                        "POST",
                        t -> "/api/v1/tiers/baseline/roll?version=999",
                        t -> "",
                        403,
                        403,
                        403,
                        403,
                        400,
                        401));
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheTableSays() {
        List<String> problems = new ArrayList<>();
        for (Row r : rows()) {
            for (Caller c : Caller.values()) {
                Target t = target(c);
                String body = r.body().apply(t);
                String type = r.method().equals("PUT") || !body.isEmpty() ? "application/json" : "application/json";
                ApiClient.Response resp = r.method().equals("GET")
                        ? clients.get(c).get(r.path().apply(t))
                        : clients.get(c).send(r.method(), r.path().apply(t), type, body);
                int want = r.expected()[c.ordinal()];
                if (resp.status() != want) {
                    problems.add(r.name() + " as " + c + ": expected " + want + ", got " + resp);
                }
                if (resp.status() >= 400
                        && !String.valueOf(resp.header("Content-Type")).startsWith("application/problem+json")) {
                    problems.add(r.name() + " as " + c + ": an error that is not a problem detail: " + resp);
                }
                if ((c == Caller.DEV_OWN || c == Caller.DEV_OTHER) && leaks(resp.body())) {
                    problems.add(r.name() + " as " + c + ": names search's objects: " + resp);
                }
                if (resp.body().contains("\tat ") || resp.body().contains("Exception")) {
                    problems.add(r.name() + " as " + c + ": the answer shows an exception: " + resp);
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /** Whether an answer names search's objects (the request's own path, echoed as "instance", does not count). */
    boolean leaks(String answer) {
        String body = answer.replaceAll("\"instance\":\"[^\"]*\"", "");
        return body.contains(fx.nsB.name())
                || body.contains(fx.nsB.id().toString())
                || body.contains(fx.closedB.id().toString());
    }
}
