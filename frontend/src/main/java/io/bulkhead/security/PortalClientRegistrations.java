package io.bulkhead.security;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;

/**
 * The portal's single OIDC client registration ({@value #ID}). For the embedded provider the endpoints are
 * configured explicitly (no discovery against our own port before it listens); for an external issuer the
 * registration is discovered on first use and cached, so the portal starts even while the provider is down.
 */
@Component
class PortalClientRegistrations implements ClientRegistrationRepository {

    static final String ID = "bulkhead";
    private final OidcProperties props;
    private volatile @Nullable ClientRegistration registration;

    PortalClientRegistrations(OidcProperties props) {
        this.props = props;
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        if (!ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration r = registration;
        if (r == null) {
            synchronized (this) {
                r = registration;
                if (r == null) {
                    r = props.embedded() ? embedded() : external();
                    registration = r;
                }
            }
        }
        return r;
    }

    private ClientRegistration embedded() {
        String issuer = EmbeddedIdentityProvider.issuer(props);
        return ClientRegistration.withRegistrationId(ID)
                .clientId(props.clientId())
                .clientSecret(EmbeddedIdentityProvider.clientSecret(props))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile", "email")
                .issuerUri(issuer)
                .authorizationUri(issuer + "/oauth2/authorize")
                .tokenUri(issuer + "/oauth2/token")
                .jwkSetUri(issuer + "/oauth2/jwks")
                .userInfoUri(issuer + "/userinfo")
                .userNameAttributeName("sub")
                .providerConfigurationMetadata(java.util.Map.of("end_session_endpoint", issuer + "/connect/logout"))
                .clientName("Bulkhead")
                .build();
    }

    private ClientRegistration external() {
        return ClientRegistrations.fromIssuerLocation(props.issuer())
                .registrationId(ID)
                .clientId(props.clientId())
                .clientSecret(props.clientSecret())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(props.scopes())
                .userNameAttributeName("sub")
                .clientName("Bulkhead")
                .build();
    }
}
