package io.bulkhead.security;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * OIDC settings. With {@code issuer} empty the embedded identity provider runs in the portal's own JVM.
 *
 * @param issuer external issuer URL ({@code BULKHEAD_OIDC_ISSUER}); empty = embedded provider
 * @param clientId client id at the provider
 * @param clientSecret client secret at the provider
 * @param scopes scopes requested from an external provider ({@code BULKHEAD_OIDC_SCOPES}); Dex, for one, puts the
 *     groups claim in the ID token only when {@code groups} is among them
 * @param groupsClaim name of the ID-token claim that lists the user's groups
 * @param roleGroups for each portal role, the groups that grant it
 * @param teamGroupPrefix a group {@code <prefix><team>} makes the user a member (and developer) of that team
 * @param publicUrl the portal's URL as browsers reach it (redirects and the embedded issuer)
 */
@ConfigurationProperties("bulkhead.oidc")
public record OidcProperties(
        String issuer,
        String clientId,
        String clientSecret,
        List<String> scopes,
        String groupsClaim,
        Map<String, List<String>> roleGroups,
        String teamGroupPrefix,
        String publicUrl) {

    public OidcProperties {
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile", "email") : List.copyOf(scopes);
    }

    public boolean embedded() {
        return issuer == null || issuer.isBlank();
    }
}
