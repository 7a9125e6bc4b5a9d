package io.bulkhead.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeysTest {

    @TempDir
    Path dir;

    private AuditKeys load(boolean create) {
        return new AuditKeys(
                "",
                dir.resolve("audit.key").toString(),
                dir.resolve("audit-signing.key").toString(),
                "",
                create);
    }

    @Test
    void firstStartCreatesPrivateKeyFilesAndLaterStartsReuseThem() throws Exception {
        AuditKeys first = load(true);

        Path mac = dir.resolve("audit.key");
        Path signing = dir.resolve("audit-signing.key");
        Path pub = dir.resolve("audit-signing.pub");
        assertThat(mac).exists();
        assertThat(signing).exists();
        assertThat(pub).exists();
        assertThat(Base64.getDecoder().decode(Files.readString(mac).strip())).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mac)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(signing)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(signing)).contains("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pub))
                .startsWith("-----BEGIN PUBLIC KEY-----")
                .doesNotContain("PRIVATE");

        AuditKeys again = load(false);
        assertThat(again.requireMac().keyId()).isEqualTo(first.requireMac().keyId());
        assertThat(again.publicKey()).contains(first.publicKey().orElseThrow());
        assertThat(again.signingKey().orElseThrow().getEncoded())
                .isEqualTo(first.signingKey().orElseThrow().getEncoded());
    }

    @Test
    void theCommandLineNeverCreatesAKeyAndSaysWhereItLooked() {
        AuditKeys keys = load(false);

        assertThat(keys.mac()).isEmpty();
        assertThat(keys.signingKey()).isEmpty();
        assertThat(keys.publicKey()).isEmpty();
        assertThat(keys.missingMacKey()).contains(dir.resolve("audit.key").toString());
        assertThatThrownBy(keys::requireMac).hasMessageContaining("BULKHEAD_AUDIT_KEY");
        assertThat(dir.resolve("audit.key")).doesNotExist();
    }

    @Test
    void aConfiguredKeyWinsOverTheFile() {
        byte[] raw = new byte[32];
        raw[0] = 9;
        AuditKeys keys = new AuditKeys(
                Base64.getEncoder().encodeToString(raw),
                dir.resolve("audit.key").toString(),
                "",
                "",
                true);

        assertThat(keys.requireMac().keyId()).isEqualTo(new AuditMac(raw).keyId());
        assertThat(dir.resolve("audit.key")).doesNotExist();
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedWithoutEchoingIt() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> new AuditKeys(shortKey, "", "", "", true))
                .hasMessageContaining("exactly 32 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> new AuditKeys("not base64 at all!", "", "", "", true))
                .hasMessageContaining("base64");
    }

    @Test
    void aPinnedPublicKeyIsUsedInsteadOfTheOneInTheDataDirectory() throws Exception {
        AuditKeys created = load(true);
        var other = AuditKeys.newSigningKeyPair();
        String pinned = AuditKeys.pemBlock("PUBLIC KEY", other.getPublic().getEncoded());

        AuditKeys keys = new AuditKeys(
                "",
                dir.resolve("audit.key").toString(),
                dir.resolve("audit-signing.key").toString(),
                pinned,
                false);

        assertThat(keys.publicKey()).contains(other.getPublic());
        assertThat(keys.publicKey().orElseThrow())
                .isNotEqualTo(created.publicKey().orElseThrow());
        String base64 = Base64.getEncoder().encodeToString(other.getPublic().getEncoded());
        assertThat(new AuditKeys("", "", "", base64, false).publicKey()).contains(other.getPublic());
    }

    @Test
    void aPublicKeyFileAloneIsEnoughToCheckCheckpoints() throws Exception {
        AuditKeys created = load(true);
        Files.delete(dir.resolve("audit-signing.key"));

        AuditKeys verifierOnly = load(false);

        assertThat(verifierOnly.signingKey()).isEmpty();
        assertThat(verifierOnly.publicKey()).contains(created.publicKey().orElseThrow());
    }
}
