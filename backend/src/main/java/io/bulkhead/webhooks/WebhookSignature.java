package io.bulkhead.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature every webhook request carries: header {@value #HEADER} = {@code t=<unix seconds>,v1=<hex>}, where
 * {@code v1 = HMAC-SHA256(secret, t + "." + body)} over the exact body bytes. A receiver recomputes it, compares in
 * constant time, and rejects a timestamp outside the replay window ({@link #REPLAY_WINDOW}, 5 minutes) so a captured
 * request cannot be replayed later. Retries are signed afresh with their own timestamp.
 */
public final class WebhookSignature {
    public static final String HEADER = "Bulkhead-Signature";
    public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

    private WebhookSignature() {}

    /** The header value for {@code body} signed at {@code at}. */
    public static String header(String secret, Instant at, String body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + hmac(secret, t + "." + body);
    }

    /**
     * A receiver's check: the header is well-formed, its timestamp within the replay window of {@code now}, and
     * its {@code v1} the HMAC of the body with the secret.
     */
    public static boolean verify(String secret, String header, String body, Instant now) {
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) {
                try {
                    t = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (t < 0 || v1 == null) {
            return false;
        }
        if (Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(REPLAY_WINDOW) > 0) {
            return false;
        }
        return MessageDigest.isEqual(
                hmac(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }

    static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
