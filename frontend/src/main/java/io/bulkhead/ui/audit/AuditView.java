package io.bulkhead.ui.audit;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import io.bulkhead.audit.AuditEvent;
import io.bulkhead.audit.AuditFilter;
import io.bulkhead.audit.AuditLog;
import io.bulkhead.audit.AuditOutcome;
import io.bulkhead.audit.ChainVerification;
import io.bulkhead.audit.NamedAuditEvent;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.ChangeDiff;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import jakarta.annotation.security.PermitAll;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The audit trail: filter by time, actor, action, team and target; lazy grid; CSV export of what is filtered;
 * chain verification for admins. Developers see only their teams' events and their own.
 */
@Route("audit")
@PageTitle("Audit · Bulkhead")
@PermitAll
public class AuditView extends VerticalLayout {

    private final AuditLog audit;
    private final DateTimePicker from = new DateTimePicker("From (UTC)");
    private final DateTimePicker to = new DateTimePicker("To (UTC)");
    private final TextField actor = filterField("Actor");
    private final TextField action = filterField("Action");
    private final TextField team = filterField("Team");
    private final TextField target = filterField("Target");
    private final Grid<NamedAuditEvent> grid = new Grid<>(NamedAuditEvent.class, false);
    private final Span status = new Span();
    private AuditFilter filter = AuditFilter.ALL;

    AuditView(AuditLog audit, CurrentUsers users) {
        this.audit = audit;
        addClassName("view");
        setSizeFull();

        H2 title = new H2("Audit trail");
        Anchor export = new Anchor(csvDownload(), AttachmentType.DOWNLOAD, "");
        Button exportButton = new Button("Export CSV", VaadinIcon.DOWNLOAD.create());
        exportButton.setTabIndex(-1);
        export.add(exportButton);
        export.setId("audit-export");
        export.getElement().setAttribute("aria-label", "Export the filtered audit events as CSV");
        HorizontalLayout actions = new HorizontalLayout(export);
        if (users.require().has(Role.ADMIN)) {
            Button verify = new Button("Verify chain", VaadinIcon.CHECK_CIRCLE_O.create(), e -> onVerify());
            verify.setId("audit-verify");
            verify.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            actions.add(verify);
        }
        HorizontalLayout head = new HorizontalLayout(title, actions);
        head.setWidthFull();
        head.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        head.setAlignItems(FlexComponent.Alignment.BASELINE);

        from.setStep(java.time.Duration.ofMinutes(1));
        to.setStep(java.time.Duration.ofMinutes(1));
        from.addValueChangeListener(e -> onFilter());
        to.addValueChangeListener(e -> onFilter());
        from.setId("audit-from");
        to.setId("audit-to");
        HorizontalLayout filters = new HorizontalLayout(from, to, actor, action, team, target);
        filters.setWrap(true);
        filters.getElement().setAttribute("aria-label", "Audit filters");

        Times.addColumn(grid, n -> n.event().occurredAt())
                .setHeader("When")
                .setWidth("7.5rem")
                .setFlexGrow(0);
        grid.addColumn(n -> n.event().actorName())
                .setHeader("Who")
                .setWidth("9rem")
                .setFlexGrow(0);
        grid.addColumn(n -> n.event().action())
                .setHeader("Action")
                .setWidth("13rem")
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(AuditView::target))
                .setHeader("Target and change")
                .setWidth("14rem")
                .setFlexGrow(1);
        grid.addColumn(new ComponentRenderer<>(n -> outcome(n.event().outcome())))
                .setHeader("Outcome")
                .setWidth("7rem")
                .setFlexGrow(0);
        grid.addColumn(n -> nz(n.event().team()))
                .setHeader("Team")
                .setWidth("7rem")
                .setFlexGrow(0);
        grid.addThemeVariants(
                GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(AuditView::details));
        grid.setDetailsVisibleOnClick(true);
        grid.setEmptyStateText("No audit events match these filters.");
        grid.setItems(q -> audit.namedPage(filter, q.getOffset(), Math.min(q.getLimit(), AuditLog.MAX_PAGE)).stream());
        grid.setSizeFull();
        grid.setId("audit-grid");
        grid.getElement()
                .setAttribute("aria-label", "Audit events, newest first; open a row for the change before and after");

        status.setId("audit-status");
        status.getElement().setAttribute("role", "status");
        add(head, filters, status, grid);
        setFlexGrow(1, grid);
    }

    private DownloadHandler csvDownload() {
        return event -> {
            event.setFileName("bulkhead-audit.csv");
            event.setContentType("text/csv; charset=utf-8");
            try (Writer w = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8)) {
                audit.exportCsv(filter, w);
            }
        };
    }

    private TextField filterField(String label) {
        TextField f = new TextField(label);
        f.setClearButtonVisible(true);
        f.setValueChangeMode(ValueChangeMode.LAZY);
        f.setMaxLength(AuditFilter.MAX_TEXT);
        f.addValueChangeListener(e -> onFilter());
        f.setId("audit-filter-" + label.toLowerCase());
        return f;
    }

    private void onFilter() {
        try {
            filter = new AuditFilter(
                    utc(from.getValue()),
                    utc(to.getValue()),
                    actor.getValue(),
                    action.getValue(),
                    team.getValue(),
                    target.getValue());
            to.setInvalid(false);
            status.setText("");
            grid.getDataProvider().refreshAll();
        } catch (IllegalArgumentException ex) {
            to.setErrorMessage(ex.getMessage());
            to.setInvalid(true);
            status.setText(ex.getMessage());
        }
    }

    private void onVerify() {
        ChainVerification result = audit.verify();
        status.setText(result.summary());
        if (result.ok()) {
            Notices.success("Audit chain verified: " + result.summary());
        } else {
            Notices.error("Audit chain is broken: " + result.summary());
        }
        grid.getDataProvider().refreshAll();
    }

    private static java.time.@Nullable Instant utc(@Nullable LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }

    /** The target by name, and below it which fields changed (the row's details show before and after). */
    private static Component target(NamedAuditEvent n) {
        Div d = new Div(new Span(n.targetName()));
        d.addClassName("audit-target");
        List<ChangeDiff.Row> rows =
                ChangeDiff.rows(n.event().before(), n.event().after());
        if (!rows.isEmpty()) {
            Span changed = new Span("Changed: "
                    + rows.stream().map(ChangeDiff.Row::field).distinct().collect(Collectors.joining(", ")));
            changed.addClassName("audit-changed");
            d.add(new Div(changed));
        }
        return d;
    }

    private static Span outcome(AuditOutcome o) {
        return switch (o) {
            case SUCCESS -> Badges.of("Success", "success");
            case DENIED -> Badges.of("Denied", "error");
            case FAILED -> Badges.of("Failed", "error");
        };
    }

    /** The change as a before/after table, then who exactly, from where, and the event's place in the chain. */
    private static Component details(NamedAuditEvent n) {
        AuditEvent e = n.event();
        Div d = new Div();
        d.addClassName("audit-details");
        d.setId("audit-details-" + e.seq());
        d.add(new ChangeDiff(e.before(), e.after()));
        Span who = new Span("By " + e.actorName() + " (" + e.actorSubject() + ")"
                + (e.sourceIp() == null ? "" : " from " + e.sourceIp())
                + (e.userAgent() == null ? "" : " · " + e.userAgent()));
        Span when = new Span("At " + Times.exact(e.occurredAt()) + " · event #" + e.seq());
        Span chain =
                new Span("Hash " + e.hash().substring(0, Math.min(16, e.hash().length())) + "… (previous "
                        + e.prevHash().substring(0, Math.min(12, e.prevHash().length())) + "…)");
        chain.getElement().setAttribute("title", e.hash());
        for (Span s : List.of(who, when, chain)) {
            s.addClassName("audit-detail-line");
            d.add(new Div(s));
        }
        return d;
    }
}
