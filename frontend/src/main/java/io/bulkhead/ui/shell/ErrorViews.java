package io.bulkhead.ui.shell;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.ui.components.Times;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Error pages that say what happened and where to go, never a stack trace. */
public final class ErrorViews {
    private ErrorViews() {}

    private static VerticalLayout page(VerticalLayout v, String title, String text) {
        v.removeAll();
        v.addClassName("view");
        v.add(new H2(title), new Paragraph(text), new Anchor("", "Back to the dashboard"));
        return v;
    }

    /** Unknown routes and forged parameters. */
    @ParentLayout(MainLayout.class)
    @PermitAll
    public static class NotFound extends VerticalLayout implements HasErrorParameter<NotFoundException> {
        @Override
        public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
            page(
                    this,
                    "Page not found",
                    "There is no page at /" + event.getLocation().getPath()
                            + ". Check the address, or use the navigation on the left.");
            setId("error-not-found");
            return HttpServletResponse.SC_NOT_FOUND;
        }
    }

    /** A signed-in user opening a view their role does not allow. The denial is audited. */
    @ParentLayout(MainLayout.class)
    @PermitAll
    public static class Denied extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {
        private final AuditTrail audit;
        private final CurrentUsers users;

        public Denied(AuditTrail audit, CurrentUsers users) {
            this.audit = audit;
            this.users = users;
        }

        @Override
        public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
            String path = "/" + event.getLocation().getPath();
            users.find()
                    .ifPresent(u -> audit.recordIndependently(
                            u,
                            AuditEntry.of("access.denied")
                                    .outcome(AuditOutcome.DENIED)
                                    .target("route", path)
                                    .change(null, Map.of("route", path, "roles", u.primaryRoleLabel())),
                            null));
            page(
                    this,
                    "Access denied",
                    "Your role does not allow the page " + path
                            + ". If you need it, ask a platform admin for the right group.");
            setId("error-access-denied");
            return HttpServletResponse.SC_FORBIDDEN;
        }
    }

    /** Anything else that went wrong while opening a page: logged for operators, a plain message for the user. */
    @ParentLayout(MainLayout.class)
    @PermitAll
    public static class Failure extends VerticalLayout implements HasErrorParameter<Exception> {
        private static final Logger log = LoggerFactory.getLogger(Failure.class);

        @Override
        public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<Exception> parameter) {
            if (parameter.getCaughtException()
                    instanceof org.springframework.security.access.AccessDeniedException ad) {
                page(this, "Access denied", ad.getMessage());
                setId("error-access-denied");
                return HttpServletResponse.SC_FORBIDDEN;
            }
            log.error("Error opening /{}", event.getLocation().getPath(), parameter.getCaughtException());
            page(
                    this,
                    "Something went wrong",
                    "The page could not be opened. Try again; if it keeps failing, "
                            + "tell your platform team the time (" + Times.exact(Instant.now()) + ").");
            setId("error-failure");
            return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        }
    }
}
