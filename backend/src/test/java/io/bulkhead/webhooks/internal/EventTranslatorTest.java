package io.bulkhead.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.AuditRecorded;
import io.bulkhead.webhooks.PortalEvent;
import io.bulkhead.webhooks.PortalEventType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTranslatorTest {
    private static Optional<PortalEvent> of(AuditEntry e) {
        return EventTranslator.translate(new AuditRecorded(e, "sub", "Dana Dev", Instant.EPOCH));
    }

    private static AuditEntry ns(String action) {
        return AuditEntry.of(action).team("payments").location("prod", "checkout");
    }

    @Test
    void namespaceRequestWaitingForReviewNeedsApproval() {
        assertThat(of(ns("namespace.requested").change(null, Map.of("state", "REQUESTED"))))
                .hasValueSatisfying(e -> {
                    assertThat(e.type()).isEqualTo(PortalEventType.APPROVAL_NEEDED);
                    assertThat(e.team()).isEqualTo("payments");
                    assertThat(e.summary()).contains("prod/checkout", "Dana Dev", "waits for review");
                });
        assertThat(of(ns("namespace.requested").change(null, Map.of("state", "APPROVED"))))
                .isEmpty();
    }

    @Test
    void automaticApprovalsAndDenialsAreNotDecisions() {
        assertThat(of(ns("namespace.approved").change(null, Map.of("state", "APPROVED", "by", "automatic"))))
                .isEmpty();
        assertThat(of(ns("exception.requested").outcome(AuditOutcome.DENIED))).isEmpty();
        assertThat(of(ns("namespace.rejected").change(null, Map.of("state", "REJECTED", "comment", "no"))))
                .map(PortalEvent::type)
                .hasValue(PortalEventType.DECIDED);
    }

    @Test
    void anExceptionIsDecidedOnlyWhenItsLastApprovalIsIn() {
        assertThat(of(ns("exception.approved").change(null, Map.of("state", "PENDING"))))
                .isEmpty();
        assertThat(of(ns("exception.approved").change(null, Map.of("state", "APPROVED"))))
                .map(PortalEvent::type)
                .hasValue(PortalEventType.DECIDED);
    }

    @Test
    void remindersMapToTheirDays() {
        assertThat(of(ns("exception.expiry-reminded").change(null, Map.of("days", 7, "expiresAt", "x"))))
                .map(PortalEvent::type)
                .hasValue(PortalEventType.EXCEPTION_EXPIRING_7D);
        assertThat(of(ns("exception.expiry-reminded").change(null, Map.of("days", 1, "expiresAt", "x"))))
                .map(PortalEvent::type)
                .hasValue(PortalEventType.EXCEPTION_EXPIRING_1D);
    }

    @Test
    void provisioningFailuresAndDriftRepairsAreEventsOtherActionsAreNot() {
        assertThat(of(ns("namespace.provisioning-failed")
                        .outcome(AuditOutcome.FAILED)
                        .change(null, Map.of("state", "FAILED", "reason", "quota"))))
                .hasValueSatisfying(e -> assertThat(e.summary()).endsWith(": quota"));
        assertThat(of(ns("namespace.drift-repaired"))).map(PortalEvent::type).hasValue(PortalEventType.DRIFT_REPAIRED);
        assertThat(of(ns("webhook.created"))).isEmpty();
        assertThat(of(ns("auth.login"))).isEmpty();
    }

    @Test
    void aQuarantineAndItsReleaseAreEventsWithTheirReason() {
        assertThat(of(ns("namespace.quarantined").change(null, Map.of("reason", "Crypto miner found"))))
                .hasValueSatisfying(e -> {
                    assertThat(e.type()).isEqualTo(PortalEventType.QUARANTINED);
                    assertThat(e.summary()).contains("quarantined").endsWith("Reason: Crypto miner found");
                });
        assertThat(of(ns("namespace.released").change(null, Map.of("reason", "Miner removed"))))
                .hasValueSatisfying(e -> {
                    assertThat(e.type()).isEqualTo(PortalEventType.RELEASED);
                    assertThat(e.summary()).endsWith("Reason: Miner removed");
                });
        assertThat(of(ns("namespace.quarantine-enforced"))).isEmpty();
    }
}
