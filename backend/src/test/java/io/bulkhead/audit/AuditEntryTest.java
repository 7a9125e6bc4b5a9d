package io.bulkhead.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

    @Test
    void rejectsBlankAndOverLongActions() {
        assertThatThrownBy(() -> AuditEntry.of(" ")).hasMessage("audit action must be 1-100 characters");
        assertThatThrownBy(() -> AuditEntry.of("a".repeat(101))).isInstanceOf(IllegalArgumentException.class);
        assertThat(AuditEntry.of("a".repeat(100)).action()).hasSize(100);
    }

    @Test
    void buildersKeepEveryOtherField() {
        AuditEntry e = AuditEntry.of("namespace.requested")
                .target("namespace", "shop")
                .team("payments")
                .location("local", "shop")
                .change(Map.of("a", 1), Map.of("a", 2))
                .outcome(AuditOutcome.DENIED);

        assertThat(e)
                .isEqualTo(new AuditEntry(
                        "namespace.requested",
                        AuditOutcome.DENIED,
                        "namespace",
                        "shop",
                        "payments",
                        "local",
                        "shop",
                        Map.of("a", 1),
                        Map.of("a", 2)));
    }
}
