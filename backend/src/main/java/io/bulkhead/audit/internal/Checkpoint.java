package io.bulkhead.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A signed statement "the chain ended at event #seq with this hash and MAC", kept outside the database.
 *
 * <p>The Ed25519 signature covers the UTF-8 text {@code bulkhead-audit-checkpoint-v1}, then one line each for seq,
 * hash, mac ({@code -} for none), unkeyedThrough, keyId and at (ISO-8601), joined by {@code \n}, so anyone with the
 * public key can check a checkpoint without Bulkhead.
 *
 * @param unkeyedThrough the last event written before the chain was keyed (0 when every event has a MAC)
 * @param keyId {@link AuditMac#keyId()} of the key the chain is MACed with
 */
public record Checkpoint(
        long seq, String hash, @Nullable String mac, long unkeyedThrough, String keyId, Instant at, String signature) {

    static final int VERSION = 1;

    static Checkpoint sign(
            long seq,
            String hash,
            @Nullable String mac,
            long unkeyedThrough,
            String keyId,
            Instant at,
            PrivateKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(signedText(seq, hash, mac, unkeyedThrough, keyId, at));
            return new Checkpoint(
                    seq,
                    hash,
                    mac,
                    unkeyedThrough,
                    keyId,
                    at,
                    Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the audit checkpoint", e);
        }
    }

    /** Whether the signature is this content's, made with the private key of {@code key}. */
    boolean signedBy(PublicKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(signedText(seq, hash, mac, unkeyedThrough, keyId, at));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] signedText(
            long seq, String hash, @Nullable String mac, long unkeyedThrough, String keyId, Instant at) {
        return String.join(
                        "\n",
                        "bulkhead-audit-checkpoint-v" + VERSION,
                        Long.toString(seq),
                        hash,
                        mac == null ? "-" : mac,
                        Long.toString(unkeyedThrough),
                        keyId,
                        DateTimeFormatter.ISO_INSTANT.format(at))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The fields as written to one JSON line. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("seq", seq);
        m.put("hash", hash);
        m.put("mac", mac);
        m.put("unkeyedThrough", unkeyedThrough);
        m.put("keyId", keyId);
        m.put("at", DateTimeFormatter.ISO_INSTANT.format(at));
        m.put("sig", signature);
        return m;
    }

    static Checkpoint fromJson(Map<?, ?> m) {
        if (!(m.get("v") instanceof Number v) || v.intValue() != VERSION) {
            throw new IllegalArgumentException("unknown checkpoint version " + m.get("v"));
        }
        return new Checkpoint(
                ((Number) required(m, "seq")).longValue(),
                (String) required(m, "hash"),
                (String) m.get("mac"),
                ((Number) required(m, "unkeyedThrough")).longValue(),
                (String) required(m, "keyId"),
                Instant.parse((String) required(m, "at")),
                (String) required(m, "sig"));
    }

    private static Object required(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint has no " + field);
        }
        return v;
    }
}
