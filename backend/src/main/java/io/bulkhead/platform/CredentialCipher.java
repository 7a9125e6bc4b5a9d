package io.bulkhead.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest with AES-256-GCM: cluster credentials, webhook signing secrets. The key comes from configuration
 * ({@code BULKHEAD_CREDENTIALS_KEY}, base64 of 32 bytes), never from the database; for the local default run a
 * key file is created under the data directory. Ciphertext layout: version byte, 12-byte nonce, ciphertext+tag.
 * The owner's name (the cluster name, {@code webhook:<id>}) is bound as associated data, so a ciphertext cannot be
 * moved to another row.
 */
@Component
public class CredentialCipher {
    private static final Logger log = LoggerFactory.getLogger(CredentialCipher.class);
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    CredentialCipher(
            @Value("${bulkhead.credentials.key:}") String configuredKey,
            @Value("${bulkhead.credentials.key-file:}") String keyFile) {
        this.key = new SecretKeySpec(loadKey(configuredKey, keyFile), "AES");
    }

    /** For tests: a cipher with the given raw 32-byte key. */
    public static CredentialCipher withKey(byte[] raw) {
        return new CredentialCipher(Base64.getEncoder().encodeToString(raw), "");
    }

    private static byte[] loadKey(String configured, String keyFile) {
        if (!configured.isBlank()) {
            byte[] raw = Base64.getDecoder().decode(configured.strip());
            if (raw.length != 32) {
                throw new IllegalStateException("BULKHEAD_CREDENTIALS_KEY must be base64 of exactly 32 bytes");
            }
            return raw;
        }
        if (keyFile.isBlank()) {
            throw new IllegalStateException(
                    "No credentials key: set BULKHEAD_CREDENTIALS_KEY (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        }
        try {
            Path p = Path.of(keyFile);
            if (Files.exists(p)) {
                return Base64.getDecoder().decode(Files.readString(p).strip());
            }
            Files.createDirectories(p.toAbsolutePath().getParent());
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            Files.writeString(p, Base64.getEncoder().encodeToString(raw), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.info("Created a new credentials key file at {}", p);
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the credentials key file " + keyFile, e);
        }
    }

    public byte[] encrypt(String clusterName, String plaintext) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(clusterName.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[1 + NONCE + ct.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE);
            System.arraycopy(ct, 0, out, 1 + NONCE, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public String decrypt(String clusterName, byte[] data) {
        if (data.length < 1 + NONCE + 16 || data[0] != VERSION) {
            throw new IllegalStateException("Stored credentials of cluster " + clusterName + " are not readable");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, data, 1, NONCE));
            c.updateAAD(clusterName.getBytes(StandardCharsets.UTF_8));
            byte[] pt = c.doFinal(data, 1 + NONCE, data.length - 1 - NONCE);
            return new String(pt, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Stored credentials of cluster " + clusterName + " cannot be decrypted with the configured key", e);
        }
    }
}
