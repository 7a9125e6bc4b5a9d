package io.bulkhead.api;

import static io.bulkhead.testsupport.TestUsers.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.security.OidcProperties;
import io.bulkhead.testsupport.TestUsers;
import io.bulkhead.tokens.ApiToken;
import io.bulkhead.tokens.ApiTokens;
import io.bulkhead.tokens.IssuedToken;
import io.bulkhead.tokens.TokenScope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Personal access tokens and bearer JWTs over HTTP: scopes limit the endpoints, a scope wider than the user's role
 * cannot be made, an expired or revoked token is 401, only the hash is stored, use is recorded and audited with the
 * token named, the rate limit answers 429 with Retry-After, and a JWT of the embedded provider maps its groups to
 * roles and teams as the login does.
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTokensIT {

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
    void aReadTokenReadsButCannotChangeAndAnAdminScopeIsRefusedToADeveloper() {
        var dev = TestUsers.developer("tok-dev-" + ApiFixtures.SUFFIX, ApiFixtures.A);
        ApiClient read = new ApiClient(port, ApiClient.tokenFor(tokens, dev, Set.of(TokenScope.READ)));
        assertThat(read.get("/api/v1/namespaces/" + fx.nsA.cluster() + "/" + fx.nsA.name())
                        .status())
                .isEqualTo(200);
        var refused = read.send(
                "POST",
                "/api/v1/namespaces/" + fx.nsA.cluster() + "/" + fx.nsA.name() + "/decommission",
                "application/json",
                "{\"confirm\":\"" + fx.nsA.name() + "\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("type").asString()).endsWith("insufficient-scope");

        ApiClient namespacesOnly = new ApiClient(port, ApiClient.tokenFor(tokens, dev, Set.of(TokenScope.NAMESPACES)));
        assertThat(namespacesOnly.get("/api/v1/namespaces").status()).isEqualTo(403);

        try (var s = signIn(dev)) {
            assertThatThrownBy(() -> tokens.create("too wide", Set.of(TokenScope.ADMIN), 7))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors())
                                    .containsEntry("scopes", "Your role cannot use the scope(s) Admin."));
            assertThatThrownBy(() -> tokens.create("too long", Set.of(TokenScope.READ), 31))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.fieldErrors())
                                    .containsEntry("expiresInDays", "Choose an expiry of 1 to 30 days."));
        }
    }

    @Test
    void onlyTheHashIsStoredUseIsRecordedAndARevokedOrExpiredTokenIs401() throws Exception {
        var dev = TestUsers.developer("tok-rev-" + ApiFixtures.SUFFIX, ApiFixtures.A);
        IssuedToken issued;
        try (var s = signIn(dev)) {
            issued = tokens.create("ci-deploy", Set.of(TokenScope.READ), 7);
        }
        assertThat(issued.secret())
                .startsWith("bkh_" + issued.token().prefix() + "_")
                .hasSizeGreaterThan(50);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        byte[] stored = jdbc.queryForObject(
                "select secret_hash from api_token where id = ?",
                byte[].class,
                issued.token().id());
        assertThat(stored)
                .isEqualTo(MessageDigest.getInstance("SHA-256")
                        .digest(issued.secret().getBytes(StandardCharsets.UTF_8)));
        Integer holdsSecret = jdbc.queryForObject(
                "select count(*) from api_token where position(? in row(api_token.*)::text) > 0",
                Integer.class,
                issued.secret().substring(17));
        assertThat(holdsSecret).isZero();

        ApiClient c = new ApiClient(port, issued.secret());
        assertThat(c.get("/api/v1/namespaces").status()).isEqualTo(200);
        assertThat(c.get("/api/v1/namespaces").status()).isEqualTo(200);
        // the first use is audited, naming the token; a second use within the hour is only recorded on the token
        List<String> usedBy = jdbc.queryForList(
                "select actor_name from audit_event where action = 'api-token.used' and target_id = ?",
                String.class,
                issued.token().id().toString());
        assertThat(usedBy)
                .containsExactly("tok-rev-" + ApiFixtures.SUFFIX + " (token ci-deploy, bkh_"
                        + issued.token().prefix() + ")");
        try (var s = signIn(dev)) {
            ApiToken used = tokens.mine().stream()
                    .filter(t -> t.id().equals(issued.token().id()))
                    .findFirst()
                    .orElseThrow();
            assertThat(used.lastUsedAt()).isNotNull();
            assertThat(used.useCount()).isEqualTo(2);
            tokens.revoke(issued.token().id());
        }
        var revoked = c.get("/api/v1/namespaces");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(revoked.json().get("status").asInt()).isEqualTo(401);

        IssuedToken expiring;
        try (var s = signIn(dev)) {
            expiring = tokens.create("short-lived", Set.of(TokenScope.READ), 1);
        }
        jdbc.update(
                "update api_token set created_at = now() - interval '3 days', expires_at = now() - interval '1 second'"
                        + " where id = ?",
                expiring.token().id());
        assertThat(new ApiClient(port, expiring.secret())
                        .get("/api/v1/namespaces")
                        .status())
                .isEqualTo(401);
        Integer refusals = jdbc.queryForObject(
                "select count(*) from audit_event where action = 'api-token.refused' and target_id = ?",
                Integer.class,
                expiring.token().id().toString());
        assertThat(refusals).isEqualTo(1);

        // a made-up token of the right shape, and garbage
        assertThat(new ApiClient(port, "bkh_0123456789ab_" + "x".repeat(43))
                        .get("/api/v1/namespaces")
                        .status())
                .isEqualTo(401);
        assertThat(new ApiClient(port, "not a token at all")
                        .get("/api/v1/namespaces")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aLoginNarrowsTheUsersTokensToTheRightsTheyHaveNow() {
        String subject = "tok-narrow-" + ApiFixtures.SUFFIX;
        var both = TestUsers.developer(subject, ApiFixtures.A, ApiFixtures.B);
        ApiClient c = new ApiClient(port, ApiClient.tokenFor(tokens, both, Set.of(TokenScope.READ)));
        String pathB = "/api/v1/namespaces/" + fx.nsB.cluster() + "/" + fx.nsB.name();
        assertThat(c.get(pathB).status()).isEqualTo(200);
        // the user signs in again and is no longer in search: the token loses search too
        assertThat(tokens.narrowTo(TestUsers.user(subject, Set.of(io.bulkhead.identity.Role.DEVELOPER), ApiFixtures.A)))
                .isEqualTo(1);
        assertThat(c.get(pathB).status()).isEqualTo(404);
        assertThat(c.get("/api/v1/namespaces/" + fx.nsA.cluster() + "/" + fx.nsA.name())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void tooManyRequestsAreRefusedWith429AndRetryAfter() {
        var dev = TestUsers.developer("tok-rate-" + ApiFixtures.SUFFIX, ApiFixtures.A);
        ApiClient c = new ApiClient(port, ApiClient.tokenFor(tokens, dev, Set.of(TokenScope.READ)));
        ApiClient.Response last = null;
        for (int i = 0; i < 200; i++) {
            last = c.get("/api/v1/tiers");
            if (last.status() != 200) {
                break;
            }
        }
        assertThat(last.status()).as(last.toString()).isEqualTo(429);
        assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(last.json().get("type").asString()).endsWith("rate-limited");
    }

    @Test
    void aJwtOfTheEmbeddedProviderActsWithTheRolesAndTeamsItsGroupsMapTo() {
        @SuppressWarnings("unchecked")
        JWKSource<SecurityContext> keys = context.getBean(JWKSource.class);
        OidcProperties oidc = context.getBean(OidcProperties.class);
        Instant now = Instant.now();
        var claims = JwtClaimsSet.builder()
                .issuer(ApiSecurityConfiguration.issuer(oidc))
                .subject("jwt-dev-" + ApiFixtures.SUFFIX)
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .claim("groups", List.of("team-" + ApiFixtures.A))
                .build();
        String jwt = new NimbusJwtEncoder(keys)
                .encode(JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
        ApiClient c = new ApiClient(port, jwt);
        assertThat(c.get("/api/v1/namespaces/" + fx.nsA.cluster() + "/" + fx.nsA.name())
                        .status())
                .isEqualTo(200);
        assertThat(c.get("/api/v1/namespaces/" + fx.nsB.cluster() + "/" + fx.nsB.name())
                        .status())
                .isEqualTo(404);

        var otherIssuer = JwtClaimsSet.builder()
                .issuer("https://elsewhere.example")
                .subject("jwt-dev")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .claim("groups", List.of("bulkhead-admins"))
                .build();
        String forged = new NimbusJwtEncoder(keys)
                .encode(JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.RS256).build(), otherIssuer))
                .getTokenValue();
        assertThat(new ApiClient(port, forged).get("/api/v1/namespaces").status())
                .isEqualTo(401);
    }

    @Test
    void theApiKeepsNoSessionAndNeedsNoCsrfToken() {
        var dev = TestUsers.developer("tok-sess-" + ApiFixtures.SUFFIX, ApiFixtures.A);
        ApiClient c =
                new ApiClient(port, ApiClient.tokenFor(tokens, dev, Set.of(TokenScope.READ, TokenScope.NAMESPACES)));
        var r = c.get("/api/v1/namespaces");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        // a POST without any CSRF token reaches the facade (and is refused by it for its content, not by CSRF)
        var post = c.send("POST", "/api/v1/namespaces", "application/json", "{}");
        assertThat(post.status()).as(post.toString()).isEqualTo(400);
        assertThat(post.json().get("errors").toString()).contains("\"field\":\"name\"");
    }
}
