package io.bulkhead.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 (the JDK's {@code javax.crypto}) of audit events with a 32-byte key that the database never holds.
 * The MAC of an event covers a version tag, the event's canonical encoding (which includes its sequence number and
 * the previous event's hash) and the previous event's MAC, so an event cannot be changed, moved or appended
 * without the key.
 */
public final class AuditMac {

    /** The "previous MAC" of the first keyed event. */
    public static final String NONE = "0".repeat(64);

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] TAG = "bulkhead-audit-mac-v1\n".getBytes(StandardCharsets.US_ASCII);
    private final SecretKeySpec key;
    private final String keyId;
    // verification computes one MAC per event: keep an initialised instance per thread
    private final ThreadLocal<Mac> perThread = ThreadLocal.withInitial(this::newMac);

    public AuditMac(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("the audit key must be exactly 32 bytes");
        }
        this.key = new SecretKeySpec(raw.clone(), ALGORITHM);
        // names the key without revealing it, so a checkpoint can say which key the chain was keyed with
        this.keyId = HexFormat.of()
                .formatHex(raw(mac -> mac.update("bulkhead-audit-key-id".getBytes(StandardCharsets.US_ASCII))))
                .substring(0, 16);
    }

    /** A short public name of this key (the first 8 bytes of a MAC of a fixed label). */
    public String keyId() {
        return keyId;
    }

    /** The MAC of one event, as 64 lower-case hex digits. */
    public String mac(String encoding, String previousMac) {
        return HexFormat.of().formatHex(compute(encoding, previousMac));
    }

    /** Compares in constant time. */
    public boolean matches(String mac, String encoding, String previousMac) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(mac.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, compute(encoding, previousMac));
    }

    private byte[] compute(String encoding, String previousMac) {
        return raw(mac -> {
            mac.update(TAG);
            mac.update(encoding.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            mac.update(previousMac.getBytes(StandardCharsets.US_ASCII));
        });
    }

    private byte[] raw(java.util.function.Consumer<Mac> input) {
        Mac mac = perThread.get();
        mac.reset();
        input.accept(mac);
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
