package io.bulkhead.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReconcileRequestsTest {

    @Test
    void readsTheNamespaceBackFromTheUsualAndTheFollowUpInstanceId() {
        UUID id = UUID.fromString("0f8e2f5c-3b8a-4c53-9a41-2f1c7d7e6a10");

        assertThat(ReconcileRequests.namespaceOf(id.toString())).isEqualTo(id);
        assertThat(ReconcileRequests.namespaceOf(id + ReconcileRequests.FOLLOW_UP))
                .isEqualTo(id);
        assertThatThrownBy(() -> ReconcileRequests.namespaceOf(id + "#other"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
