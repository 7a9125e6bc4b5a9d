package io.bulkhead.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The embedded OpenID Connect provider (Spring Authorization Server) for the default run: demo users of every
 * role, all with password {@code demo}. It only runs while no external issuer is configured, and refuses to start
 * when a production profile is active. Its login keeps its own security context and saved request in the session,
 * apart from the portal's, so that signing in at the provider never signs anyone in to the portal directly.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedIdpCondition.class)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class EmbeddedIdentityProvider {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedIdentityProvider.class);
    private static final String GROUP_PREFIX = "GROUP_";
    private static final String RANDOM_SECRET = randomSecret();

    /** Demo accounts: username, display name, email, groups. */
    static final List<DemoUser> DEMO_USERS = List.of(
            new DemoUser("dev-alice", "Alice Developer", List.of("team-payments")),
            new DemoUser("dev-bob", "Bob Developer", List.of("team-search")),
            new DemoUser("reviewer", "Rita Reviewer", List.of("bulkhead-reviewers")),
            new DemoUser("reviewer2", "Rahul Reviewer", List.of("bulkhead-reviewers")),
            new DemoUser("manager", "Max Manager", List.of("bulkhead-managers")),
            new DemoUser("admin", "Ada Admin", List.of("bulkhead-admins")),
            // a developer in no team yet (or whose last team was removed): sees "No team" and how to get access
            new DemoUser("newcomer", "Nico Newcomer", List.of("bulkhead-developers")));

    record DemoUser(String username, String name, List<String> groups) {}

    EmbeddedIdentityProvider(Environment env) {
        if (env.acceptsProfiles(Profiles.of("prod", "production"))) {
            throw new IllegalStateException("The embedded identity provider must not run with a production profile: "
                    + "set BULKHEAD_OIDC_ISSUER, BULKHEAD_OIDC_CLIENT_ID and BULKHEAD_OIDC_CLIENT_SECRET.");
        }
    }

    static String issuer(OidcProperties props) {
        return props.publicUrl().replaceAll("/+$", "");
    }

    /** The client secret shared by the embedded provider and the portal: configured, or random per start. */
    static String clientSecret(OidcProperties props) {
        return props.clientSecret() == null || props.clientSecret().isBlank() ? RANDOM_SECRET : props.clientSecret();
    }

    private static String randomSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static HttpSessionSecurityContextRepository idpContextRepository() {
        var repo = new HttpSessionSecurityContextRepository();
        repo.setSpringSecurityContextKey("BULKHEAD_IDP_SECURITY_CONTEXT");
        return repo;
    }

    private static HttpSessionRequestCache idpRequestCache() {
        var cache = new HttpSessionRequestCache();
        cache.setSessionAttrName("BULKHEAD_IDP_SAVED_REQUEST");
        return cache;
    }

    @Bean
    @Order(1)
    SecurityFilterChain identityProviderEndpoints(HttpSecurity http) throws Exception {
        var as = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(as.getEndpointsMatcher())
                .with(as, a -> a.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .securityContext(s -> s.securityContextRepository(idpContextRepository()))
                .requestCache(r -> r.requestCache(idpRequestCache()))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain identityProviderLogin(
            HttpSecurity http,
            UserDetailsService users,
            LoginThrottle throttle,
            ObjectProvider<AuthenticationEventPublisher> events,
            ApplicationEventPublisher publisher)
            throws Exception {
        var cache = idpRequestCache();
        var passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        var manager = new ProviderManager(new ThrottledAuthenticationProvider(passwords, throttle));
        // failed sign-ins are events (the auditor records them); throttled attempts are not mapped, so publish none
        manager.setAuthenticationEventPublisher(
                events.getIfAvailable(() -> new DefaultAuthenticationEventPublisher(publisher)));
        // the branded page answers GET /login (after the CSRF filter, so the form carries the token)
        var page = new SignInPage(DEMO_USERS.stream().map(DemoUser::username).toList());
        http.securityMatcher("/login")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .securityContext(s -> s.securityContextRepository(idpContextRepository()))
                .requestCache(r -> r.requestCache(cache))
                .authenticationManager(manager)
                .addFilterBefore(page, UsernamePasswordAuthenticationFilter.class)
                .formLogin(f -> f.loginPage("/login")
                        .permitAll()
                        .addObjectPostProcessor(new ObjectPostProcessor<UsernamePasswordAuthenticationFilter>() {
                            @Override
                            public <O extends UsernamePasswordAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(new ThrottleAwareFailureHandler(page));
                                return filter;
                            }
                        }));
        return http.build();
    }

    /**
     * Failed sign-ins per user name and per client address before the provider refuses further attempts for the
     * window ({@code BULKHEAD_LOGIN_MAX_FAILURES}, {@code BULKHEAD_LOGIN_MAX_FAILURES_PER_ADDRESS},
     * {@code BULKHEAD_LOGIN_LOCKOUT}).
     */
    @Bean
    LoginThrottle loginThrottle(
            @Value("${bulkhead.login.max-failures:5}") int perUser,
            @Value("${bulkhead.login.max-failures-per-address:20}") int perAddress,
            @Value("${bulkhead.login.lockout:5m}") Duration window) {
        return new LoginThrottle(perUser, perAddress, window);
    }

    /** A throttled sign-in gets the sign-in page with the wait (429); other failures the usual "?error". */
    static final class ThrottleAwareFailureHandler implements AuthenticationFailureHandler {
        private final AuthenticationFailureHandler usual = new SimpleUrlAuthenticationFailureHandler("/login?error");
        private final SignInPage page;

        ThrottleAwareFailureHandler(SignInPage page) {
            this.page = page;
        }

        @Override
        public void onAuthenticationFailure(
                HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
                throws IOException, ServletException {
            if (!(exception instanceof ThrottledAuthenticationProvider.LoginThrottledException)) {
                usual.onAuthenticationFailure(request, response, exception);
                return;
            }
            page.renderLocked(request, response, String.valueOf(exception.getMessage()));
        }
    }

    @Bean
    UserDetailsService demoUsers() {
        PasswordEncoder enc = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<UserDetails> users = DEMO_USERS.stream()
                .map(u -> User.withUsername(u.username())
                        .password(enc.encode("demo"))
                        .authorities(
                                u.groups().stream().map(g -> GROUP_PREFIX + g).toArray(String[]::new))
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    RegisteredClientRepository registeredClients(OidcProperties props) {
        String base = issuer(props);
        RegisteredClient portal = RegisteredClient.withId(
                        UUID.nameUUIDFromBytes(props.clientId().getBytes()).toString())
                .clientId(props.clientId())
                .clientSecret("{noop}" + clientSecret(props))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(base + "/login/oauth2/code/" + PortalClientRegistrations.ID)
                .postLogoutRedirectUri(base + "/")
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(Duration.ofMinutes(15))
                        .build())
                .build();
        return new InMemoryRegisteredClientRepository(portal);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(OidcProperties props) {
        return AuthorizationServerSettings.builder().issuer(issuer(props)).build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource() throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var pair = gen.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /** Puts the user's groups, name and email into the ID token (and access token), as a real provider would. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> groupsInTokens(OidcProperties props) {
        Map<String, DemoUser> byName = new java.util.HashMap<>();
        DEMO_USERS.forEach(u -> byName.put(u.username(), u));
        return ctx -> {
            var principal = ctx.getPrincipal();
            List<String> groups = principal.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .filter(a -> a != null && a.startsWith(GROUP_PREFIX))
                    .map(a -> a.substring(GROUP_PREFIX.length()))
                    .toList();
            ctx.getClaims().claim(props.groupsClaim(), groups);
            if (OidcParameterNames.ID_TOKEN.equals(ctx.getTokenType().getValue())) {
                DemoUser u = byName.get(principal.getName());
                ctx.getClaims().claim("preferred_username", principal.getName());
                if (u != null) {
                    ctx.getClaims().claim("name", u.name());
                    ctx.getClaims().claim("email", u.username() + "@bulkhead.example");
                }
            }
        };
    }

    @EventListener(ApplicationReadyEvent.class)
    void printDemoAccounts(ApplicationReadyEvent event) {
        OidcProperties props = event.getApplicationContext().getBean(OidcProperties.class);
        StringBuilder sb = new StringBuilder("Bulkhead is running at " + issuer(props)
                + " with the embedded identity provider. Demo accounts (password 'demo'):");
        for (DemoUser u : DEMO_USERS) {
            sb.append(String.format("%n  %-10s %-16s groups %s", u.username(), u.name(), u.groups()));
        }
        log.info(sb.toString());
    }
}
