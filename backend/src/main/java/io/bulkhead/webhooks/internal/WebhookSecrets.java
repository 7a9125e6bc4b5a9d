package io.bulkhead.webhooks.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Signing secrets: 32 random bytes, base64url with a {@code whsec_} prefix; encrypted bound to the endpoint id. */
public final class WebhookSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {}

    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** What the ciphertext is bound to (so it cannot be moved to another endpoint's row). */
    public static String associatedData(UUID endpointId) {
        return "webhook:" + endpointId;
    }
}
