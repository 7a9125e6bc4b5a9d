package io.bulkhead.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The audit trail's keys, all kept outside the database:
 * <ul>
 *   <li>the MAC key ({@code BULKHEAD_AUDIT_KEY}, base64 of 32 bytes; or the key file, created on first start);
 *   <li>the Ed25519 key pair that signs checkpoints (a PEM file holding the private and the public key, created on
 *       first start, and the public key alone beside it as {@code .pub});
 *   <li>optionally a pinned public key ({@code BULKHEAD_AUDIT_PUBLIC_KEY}) that checkpoints are checked with
 *       instead of the one in the data directory.
 * </ul>
 * The command line ({@code create-keys=false}) never creates a key: a missing key means it cannot verify.
 */
@Component
public class AuditKeys {
    private static final Logger log = LoggerFactory.getLogger(AuditKeys.class);
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final @Nullable AuditMac mac;
    private final @Nullable PrivateKey signingKey;
    private final @Nullable PublicKey publicKey;
    private final String missing;

    @Autowired
    AuditKeys(
            @Value("${bulkhead.audit.key:}") String configuredKey,
            @Value("${bulkhead.audit.key-file:}") String keyFile,
            @Value("${bulkhead.audit.signing-key-file:}") String signingKeyFile,
            @Value("${bulkhead.audit.public-key:}") String pinnedPublicKey,
            @Value("${bulkhead.audit.create-keys:true}") boolean create) {
        StringBuilder why = new StringBuilder();
        this.mac = loadMacKey(configuredKey, keyFile, create, why);
        KeyPair pair = loadSigningKeys(signingKeyFile, create);
        this.signingKey = pair == null ? null : pair.getPrivate();
        PublicKey pub = pinnedPublicKey.isBlank() ? null : publicKey(pinnedPublicKey);
        if (pub == null && pair != null) {
            pub = pair.getPublic();
        }
        if (pub == null && !signingKeyFile.isBlank() && Files.exists(publicKeyFile(signingKeyFile))) {
            pub = publicKey(read(publicKeyFile(signingKeyFile)));
        }
        this.publicKey = pub;
        this.missing = why.toString();
    }

    /** For tests: keys held in memory only. */
    public static AuditKeys of(byte[] macKey, KeyPair signing) {
        return new AuditKeys(new AuditMac(macKey), signing.getPrivate(), signing.getPublic());
    }

    private AuditKeys(@Nullable AuditMac mac, @Nullable PrivateKey signingKey, @Nullable PublicKey publicKey) {
        this.mac = mac;
        this.signingKey = signingKey;
        this.publicKey = publicKey;
        this.missing = mac == null ? "no audit key is configured" : "";
    }

    public Optional<AuditMac> mac() {
        return Optional.ofNullable(mac);
    }

    /** The MAC key, or a clear failure naming what to configure. */
    public AuditMac requireMac() {
        if (mac == null) {
            throw new IllegalStateException(missing.isEmpty() ? "no audit key is configured" : missing);
        }
        return mac;
    }

    /** Why there is no MAC key (empty when there is one). */
    public String missingMacKey() {
        return mac == null ? missing : "";
    }

    public Optional<PrivateKey> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    public Optional<PublicKey> publicKey() {
        return Optional.ofNullable(publicKey);
    }

    /** A new Ed25519 key pair from the JDK. */
    public static KeyPair newSigningKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    private static @Nullable AuditMac loadMacKey(String configured, String keyFile, boolean create, StringBuilder why) {
        if (!configured.isBlank()) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(configured.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("BULKHEAD_AUDIT_KEY must be base64 of exactly 32 bytes");
            }
            if (raw.length != 32) {
                throw new IllegalStateException("BULKHEAD_AUDIT_KEY must be base64 of exactly 32 bytes");
            }
            return new AuditMac(raw);
        }
        if (keyFile.isBlank()) {
            why.append(
                    "no audit key: set BULKHEAD_AUDIT_KEY (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
            return null;
        }
        Path p = Path.of(keyFile);
        if (Files.exists(p)) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(read(p).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("The audit key file " + p + " does not hold base64 of 32 bytes");
            }
            if (raw.length != 32) {
                throw new IllegalStateException("The audit key file " + p + " does not hold base64 of 32 bytes");
            }
            return new AuditMac(raw);
        }
        if (!create) {
            why.append("no audit key: neither BULKHEAD_AUDIT_KEY is set nor does the key file ")
                    .append(p.toAbsolutePath())
                    .append(" exist (point BULKHEAD_AUDIT_KEY_FILE or BULKHEAD_DATA_DIR at the portal's)");
            return null;
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        writePrivate(p, Base64.getEncoder().encodeToString(raw));
        log.info("Created a new audit key file at {}", p);
        return new AuditMac(raw);
    }

    private static @Nullable KeyPair loadSigningKeys(String file, boolean create) {
        if (file.isBlank()) {
            return null;
        }
        Path p = Path.of(file);
        Path pub = publicKeyFile(file);
        try {
            if (Files.exists(p)) {
                String text = read(p);
                KeyFactory kf = KeyFactory.getInstance("Ed25519");
                PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(pem(text, "PRIVATE KEY")));
                PublicKey pk = kf.generatePublic(new X509EncodedKeySpec(pem(text, "PUBLIC KEY")));
                if (!Files.exists(pub)) {
                    Files.writeString(pub, pemBlock("PUBLIC KEY", pk.getEncoded()), StandardCharsets.US_ASCII);
                }
                return new KeyPair(pk, priv);
            }
            if (!create) {
                return null;
            }
            KeyPair pair = newSigningKeyPair();
            writePrivate(
                    p,
                    pemBlock("PRIVATE KEY", pair.getPrivate().getEncoded())
                            + pemBlock("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(pub, pemBlock("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            log.info("Created a new audit checkpoint signing key at {} (public key {})", p, pub);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the audit signing key " + p, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The audit signing key file " + p + " does not hold an Ed25519 key", e);
        }
    }

    /** {@code audit-signing.key} → {@code audit-signing.pub}; any other name gets {@code .pub} appended. */
    static Path publicKeyFile(String signingKeyFile) {
        String f = signingKeyFile.endsWith(".key")
                ? signingKeyFile.substring(0, signingKeyFile.length() - 4) + ".pub"
                : signingKeyFile + ".pub";
        return Path.of(f);
    }

    /** A public key given as PEM or as base64 of its X.509 encoding. */
    static PublicKey publicKey(String text) {
        try {
            byte[] der = text.contains("-----BEGIN")
                    ? pem(text, "PUBLIC KEY")
                    : Base64.getMimeDecoder().decode(text.strip());
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("BULKHEAD_AUDIT_PUBLIC_KEY is not an Ed25519 public key (PEM or base64)");
        }
    }

    static String pemBlock(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] pem(String text, String type) {
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(m.group(2).strip());
            }
        }
        throw new IllegalArgumentException("no " + type + " block");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + p, e);
        }
    }

    /** Creates the file readable by its owner only, from the first byte on. */
    private static void writePrivate(Path p, String content) {
        try {
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(p);
            }
            Files.writeString(p, content, StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("Key file " + p + " appeared while it was being created; start again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the key file " + p, e);
        }
    }
}
