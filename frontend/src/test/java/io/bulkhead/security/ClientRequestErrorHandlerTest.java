package io.bulkhead.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientRequestErrorHandlerTest {

    @Test
    void anErrorRaisedInVaadinsRpcHandlingAloneIsTheClients() {
        var e = new IllegalArgumentException("Unsupported event type: x");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.vaadin.flow.server.communication.ServerRpcHandler", "handle", null, 1),
            new StackTraceElement("com.vaadin.flow.server.VaadinService", "handleRequest", null, 2),
            // the portal's servlet filters are further out on every request's stack
            new StackTraceElement("io.bulkhead.security.SecurityHeadersFilter", "doFilterInternal", null, 3)
        });
        assertThat(ClientRequestErrorHandler.causedByClientMessage(e)).isTrue();
    }

    @Test
    void anErrorWithThePortalsOwnCodeOnTheStackIsNot() {
        var e = new IllegalStateException("bug");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("io.bulkhead.ui.views.AuditView", "onVerify", null, 1),
            new StackTraceElement("com.vaadin.flow.server.communication.rpc.EventRpcHandler", "handle", null, 2)
        });
        assertThat(ClientRequestErrorHandler.causedByClientMessage(e)).isFalse();
    }

    @Test
    void summaryIsOneShortLine() {
        var e = new RuntimeException("outer", new IllegalArgumentException("line1\nline2\r\n" + "x".repeat(500)));

        String s = ClientRequestErrorHandler.summary(e);

        assertThat(s).doesNotContain("\n", "\r").hasSizeLessThan(320);
        assertThat(s).startsWith("java.lang.RuntimeException <- java.lang.IllegalArgumentException: outer");
    }
}
