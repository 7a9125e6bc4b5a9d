package io.bulkhead.security;

import com.vaadin.flow.server.DefaultErrorHandler;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ErrorHandler;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServiceInitListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Logs a malformed or forged client message (UIDL) as one line without a stack trace, so that crafted requests
 * cannot flood the log; every other error keeps Vaadin's default handling (full stack trace). A failure counts as
 * the client's when Vaadin's request or RPC handling threw it without any of the portal's own code in between:
 * then nothing of ours ran, the message itself was wrong.
 */
@Component
class ClientRequestErrorHandler implements VaadinServiceInitListener {

    private static final Logger log = LoggerFactory.getLogger(ClientRequestErrorHandler.class);
    private static final int MAX_MESSAGE = 200;

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(e -> e.getSession().setErrorHandler(new Handler()));
    }

    static final class Handler implements ErrorHandler {
        private final ErrorHandler fallback = new DefaultErrorHandler();

        @Override
        public void error(ErrorEvent event) {
            Throwable t = event.getThrowable();
            if (causedByClientMessage(t)) {
                VaadinRequest request = VaadinRequest.getCurrent();
                log.warn(
                        "Rejected a malformed client request from {}: {}",
                        request == null ? "?" : request.getRemoteAddr(),
                        summary(t));
                return;
            }
            fallback.error(event);
        }
    }

    /**
     * Walks each stack from where it was thrown outwards: portal code met before Vaadin's request handling means
     * our code ran (a listener, a data provider) and failed; Vaadin's request handling met first means Vaadin
     * itself rejected the message. Portal frames further out (servlet filters) do not count.
     */
    static boolean causedByClientMessage(Throwable t) {
        boolean rejectedByVaadin = false;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (StackTraceElement frame : c.getStackTrace()) {
                String cls = frame.getClassName();
                if (cls.startsWith("io.bulkhead.")) {
                    return false;
                }
                if (cls.startsWith("com.vaadin.flow.server.communication.")) {
                    rejectedByVaadin = true;
                    break;
                }
            }
        }
        return rejectedByVaadin;
    }

    /** The exception classes and the first message, on one line, cut to a safe length. */
    static String summary(Throwable t) {
        StringBuilder sb = new StringBuilder();
        String message = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getName());
            if (message == null && c.getMessage() != null) {
                message = c.getMessage();
            }
        }
        if (message != null) {
            String oneLine =
                    message.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]+", " ").strip();
            if (oneLine.length() > MAX_MESSAGE) {
                oneLine = oneLine.substring(0, MAX_MESSAGE) + "…";
            }
            sb.append(": ").append(oneLine);
        }
        return sb.toString();
    }
}
