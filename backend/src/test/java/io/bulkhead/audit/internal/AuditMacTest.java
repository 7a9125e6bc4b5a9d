package io.bulkhead.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AuditMacTest {

    private static byte[] key(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void isTheJdksHmacSha256OverTagEncodingAndPreviousMac() throws Exception {
        AuditMac mac = new AuditMac(key(1));
        Mac reference = Mac.getInstance("HmacSHA256");
        reference.init(new SecretKeySpec(key(1), "HmacSHA256"));
        String expected = HexFormat.of()
                .formatHex(reference.doFinal(("bulkhead-audit-mac-v1\n" + "1:a;-;" + "\n" + AuditMac.NONE).getBytes()));

        assertThat(mac.mac("1:a;-;", AuditMac.NONE))
                .isEqualTo(expected)
                .hasSize(64)
                .isLowerCase();
    }

    @Test
    void dependsOnKeyContentAndPreviousMac() {
        AuditMac a = new AuditMac(key(1));
        String m = a.mac("content", AuditMac.NONE);

        assertThat(a.mac("content", AuditMac.NONE)).isEqualTo(m);
        assertThat(new AuditMac(key(2)).mac("content", AuditMac.NONE)).isNotEqualTo(m);
        assertThat(a.mac("content!", AuditMac.NONE)).isNotEqualTo(m);
        assertThat(a.mac("content", "1".repeat(64))).isNotEqualTo(m);
    }

    @Test
    void matchesOnlyItsOwnMac() {
        AuditMac a = new AuditMac(key(1));
        String m = a.mac("content", AuditMac.NONE);

        assertThat(a.matches(m, "content", AuditMac.NONE)).isTrue();
        assertThat(a.matches(m, "other", AuditMac.NONE)).isFalse();
        assertThat(a.matches("zz", "content", AuditMac.NONE)).isFalse();
        assertThat(new AuditMac(key(2)).matches(m, "content", AuditMac.NONE)).isFalse();
    }

    @Test
    void keyIdNamesTheKeyWithoutRevealingIt() {
        AuditMac a = new AuditMac(key(1));

        assertThat(a.keyId()).hasSize(16).isEqualTo(new AuditMac(key(1)).keyId());
        assertThat(new AuditMac(key(2)).keyId()).isNotEqualTo(a.keyId());
        assertThat(HexFormat.of().formatHex(key(1))).doesNotContain(a.keyId());
    }

    @Test
    void refusesKeysThatAreNot32Bytes() {
        assertThatThrownBy(() -> new AuditMac(new byte[16])).hasMessageContaining("32 bytes");
    }

    @Test
    void doesNotKeepACallersArray() {
        byte[] raw = key(3);
        AuditMac a = new AuditMac(raw);
        String before = a.mac("x", AuditMac.NONE);
        Arrays.fill(raw, (byte) 0);

        assertThat(a.mac("x", AuditMac.NONE)).isEqualTo(before);
    }
}
