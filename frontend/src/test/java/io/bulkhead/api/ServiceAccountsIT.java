package io.bulkhead.api;

import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.testsupport.TestUsers;
import io.bulkhead.tokens.ApiToken;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.IssuedToken;
import io.bulkhead.tokens.TokenScope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Team service accounts over HTTP: a token that acts for its team (that team's objects only, another team's are
 * 404), limited by its scopes and expiry, created and revoked by the team's members, and audited with the service
 * account, not the member who made it, as the actor.
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceAccountsIT {
    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ApiTokens tokens;

    @Autowired
    DataSource dataSource;

    ApiFixtures fx;

    @BeforeAll
    void fixtures() {
        fx = ApiFixtures.get(context);
    }

    @Test
    void aServiceAccountActsForItsTeamWithinItsScopesAndIsTheAuditedActor() {
        var member = TestUsers.developer("sa-member-" + ApiFixtures.SUFFIX, ApiFixtures.A);
        IssuedToken sa;
        try (var s = signIn(member)) {
            sa = tokens.createForTeam(ApiFixtures.A, "argocd", Set.of(TokenScope.READ, TokenScope.EXCEPTIONS), 10);
            assertThat(tokens.teamAccounts(ApiFixtures.A))
                    .extracting(ApiToken::id)
                    .contains(sa.token().id());
            assertThat(tokens.mine())
                    .extracting(ApiToken::id)
                    .doesNotContain(sa.token().id());
        }
        assertThat(sa.token().team()).isEqualTo(ApiFixtures.A);
        assertThat(sa.token().ownerSubject())
                .isEqualTo("service-account:" + sa.token().id());

        ApiClient c = new ApiClient(port, sa.secret());
        assertThat(c.get("/api/v1/namespaces/" + fx.nsA.cluster() + "/" + fx.nsA.name())
                        .status())
                .isEqualTo(200);
        assertThat(c.get("/api/v1/namespaces/" + fx.nsB.cluster() + "/" + fx.nsB.name())
                        .status())
                .isEqualTo(404);
        var decommission = c.send(
                "POST",
                "/api/v1/namespaces/" + fx.nsA.cluster() + "/" + fx.nsA.name() + "/decommission",
                "application/json",
                "{\"confirm\":\"" + fx.nsA.name() + "\"}");
        assertThat(decommission.status()).as(decommission.toString()).isEqualTo(403);

        var requested = c.post(
                "/api/v1/exceptions",
                Map.of(
                        "cluster",
                        fx.nsA.cluster(),
                        "namespace",
                        fx.nsA.name(),
                        "control",
                        "pss-privileged",
                        "scope",
                        "NAMESPACE",
                        "justification",
                        ApiFixtures.WHY,
                        "durationDays",
                        2));
        assertThat(requested.status()).as(requested.toString()).isEqualTo(201);
        String exceptionId = requested.json().get("id").asString();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<Map<String, Object>> actors = jdbc.queryForList(
                "select actor_subject, actor_name from audit_event where action = 'exception.requested'"
                        + " and target_id = ?",
                exceptionId);
        assertThat(actors).hasSize(1);
        assertThat(actors.getFirst().get("actor_subject"))
                .isEqualTo("service-account:" + sa.token().id());
        assertThat((String) actors.getFirst().get("actor_name"))
                .isEqualTo("Service account of team " + ApiFixtures.A + " (token argocd, bkh_"
                        + sa.token().prefix() + ")")
                .doesNotContain("sa-member");
        List<String> created = jdbc.queryForList(
                "select actor_subject from audit_event where action = 'service-account.created' and target_id = ?",
                String.class,
                sa.token().id().toString());
        assertThat(created).containsExactly("sa-member-" + ApiFixtures.SUFFIX);

        // another member of the team revokes it; it stops at once
        try (var s = signIn(TestUsers.developer("sa-other-" + ApiFixtures.SUFFIX, ApiFixtures.A))) {
            assertThat(tokens.revoke(sa.token().id()).revokedAt()).isNotNull();
        }
        assertThat(c.get("/api/v1/namespaces").status()).isEqualTo(401);
    }

    @Test
    void onlyMembersCreateOrRevokeAndScopesAndExpiryAreBounded() {
        var member = TestUsers.developer("sa-bound-" + ApiFixtures.SUFFIX, ApiFixtures.A);
        var outsider = TestUsers.developer("sa-outsider-" + ApiFixtures.SUFFIX, ApiFixtures.B);
        var admin = TestUsers.admin("sa-admin-" + ApiFixtures.SUFFIX);
        IssuedToken sa;
        try (var s = signIn(member)) {
            assertThatThrownBy(() -> tokens.createForTeam(ApiFixtures.A, "wide", Set.of(TokenScope.ADMIN), 5))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors())
                                    .containsEntry("scopes", "A team service account cannot use the scope(s) Admin."));
            int max = tokens.serviceAccountMaxDays();
            assertThatThrownBy(() -> tokens.createForTeam(ApiFixtures.A, "long", Set.of(TokenScope.READ), max + 1))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors())
                                    .containsEntry("expiresInDays", "Choose an expiry of 1 to " + max + " days."));
            sa = tokens.createForTeam(ApiFixtures.A, "reader", Set.of(TokenScope.READ), 1);
        }
        try (var s = signIn(outsider)) {
            assertThatThrownBy(() -> tokens.createForTeam(ApiFixtures.A, "sneak", Set.of(TokenScope.READ), 1))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(tokens.teamAccounts(ApiFixtures.A)).isEmpty();
            assertThatThrownBy(() -> tokens.revoke(sa.token().id())).isInstanceOf(ValidationException.class);
        }
        try (var s = signIn(admin)) {
            // admins see and may revoke any team's accounts, but only members create them
            assertThat(tokens.teamAccounts(ApiFixtures.A))
                    .extracting(ApiToken::id)
                    .contains(sa.token().id());
            assertThatThrownBy(() -> tokens.createForTeam(ApiFixtures.A, "admin-made", Set.of(TokenScope.READ), 1))
                    .isInstanceOf(AccessDeniedException.class);
        }
        ApiClient c = new ApiClient(port, sa.secret());
        assertThat(c.get("/api/v1/namespaces").status()).isEqualTo(200);
        new JdbcTemplate(dataSource)
                .update(
                        "update api_token set created_at = now() - interval '3 days',"
                                + " expires_at = now() - interval '1 second' where id = ?",
                        sa.token().id());
        assertThat(c.get("/api/v1/namespaces").status()).isEqualTo(401);
    }
}
