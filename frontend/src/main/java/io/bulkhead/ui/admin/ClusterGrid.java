package io.bulkhead.ui.admin;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.bulkhead.clusters.ClusterAdministration;
import io.bulkhead.clusters.ClusterCapabilities;
import io.bulkhead.clusters.ClusterOverview;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.clusters.Clusters;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The admin's clusters: status with a reason that says what to do, capabilities (server version, Pod Security
 * admission, ValidatingAdmissionPolicy, RuntimeClasses), and per cluster probe, re-sync and remove.
 */
class ClusterGrid extends Grid<ClusterOverview> {
    private final Clusters clusters;
    private final ClusterAdministration admin;

    ClusterGrid(Clusters clusters, ClusterAdministration admin) {
        super(ClusterOverview.class, false);
        this.clusters = clusters;
        this.admin = admin;
        addColumn(new ComponentRenderer<>(o -> {
                    Span name = new Span(o.cluster().name());
                    name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
                    Span description = new Span(o.cluster().displayName() + " · " + connection(o.cluster()));
                    description.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
                    Div cell = new Div(name, new Div(description));
                    return cell;
                }))
                .setHeader("Cluster")
                .setWidth("11rem")
                .setFlexGrow(0);
        addColumn(new ComponentRenderer<>(o -> {
                    Div cell = new Div(Badges.status(o.cluster().status()));
                    if (o.cluster().statusReason() != null) {
                        Div reason = new Div(o.cluster().statusReason());
                        reason.addClassNames(LumoUtility.FontSize.SMALL);
                        reason.setId("cluster-reason-" + o.cluster().name());
                        cell.add(reason);
                    }
                    return cell;
                }))
                .setHeader("Status")
                .setWidth("12rem")
                .setFlexGrow(1);
        addColumn(new ComponentRenderer<>(o -> capabilities(o.cluster().name(), o.capabilities())))
                .setHeader("Capabilities")
                .setWidth("14rem")
                .setFlexGrow(1);
        addColumn(new ComponentRenderer<>(o -> {
                    Span n = new Span(String.valueOf(o.liveNamespaces()));
                    n.setId("cluster-namespaces-" + o.cluster().name());
                    return n;
                }))
                .setHeader("Namespaces")
                .setWidth("6.5rem")
                .setFlexGrow(0);
        Times.addColumn(this, o -> o.cluster().lastProbeAt(), Clock.systemUTC(), "never")
                .setHeader("Last probe")
                .setWidth("7rem")
                .setFlexGrow(0);
        addColumn(new ComponentRenderer<>(this::actions))
                .setHeader("Actions")
                .setWidth("8rem")
                .setFlexGrow(0);
        addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        setAllRowsVisible(true);
        setEmptyStateText("No clusters registered.");
        setId("admin-clusters");
        getElement().setAttribute("aria-label", "Registered clusters");
        refresh();
    }

    void refresh() {
        setItems(admin.overview());
    }

    private static String connection(ClusterSummary c) {
        return switch (c.connectionKind()) {
            case "LOCAL" -> "local control plane";
            case "KUBECONFIG" -> "kubeconfig";
            case "TOKEN" -> "token";
            default -> c.connectionKind().toLowerCase();
        };
    }

    private static Component capabilities(String cluster, ClusterCapabilities c) {
        Div cell = new Div();
        cell.setId("cluster-capabilities-" + cluster);
        Span version = new Span(c.serverVersion() == null ? "Version unknown" : "Kubernetes " + c.serverVersion());
        version.addClassNames(LumoUtility.FontSize.SMALL);
        cell.add(new Div(version));
        HorizontalLayout badges = new HorizontalLayout(
                capability("Pod Security", c.podSecurityAdmission()),
                capability("Admission policies", c.validatingAdmissionPolicy()));
        badges.setSpacing(false);
        badges.addClassNames(LumoUtility.Gap.XSMALL, LumoUtility.FlexWrap.WRAP);
        cell.add(badges);
        Span runtimes = new Span(
                c.runtimeClasses().isEmpty()
                        ? "No RuntimeClasses"
                        : "RuntimeClasses: " + String.join(", ", c.runtimeClasses()));
        runtimes.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        cell.add(new Div(runtimes));
        return cell;
    }

    private static Span capability(String label, @Nullable Boolean present) {
        String text = label + (present == null ? " ?" : present ? " ✓" : " ✗");
        Span b = Badges.of(text, present == null ? "contrast small" : present ? "success small" : "error small");
        b.getElement()
                .setAttribute(
                        "aria-label",
                        label + (present == null ? ": not known yet" : present ? ": available" : ": not available"));
        return b;
    }

    private Component actions(ClusterOverview o) {
        String name = o.cluster().name();
        Button probe = new Button(VaadinIcon.PLUG.create(), e -> onProbe(name));
        probe.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        probe.setAriaLabel("Probe cluster " + name + " now");
        probe.setTooltipText("Probe now");
        probe.setId("cluster-probe-" + name);
        probe.setDisableOnClick(true);
        Button resync = new Button(VaadinIcon.REFRESH.create(), e -> onResync(name));
        resync.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        resync.setAriaLabel("Re-sync cluster " + name + ": reconcile and inventory now");
        resync.setTooltipText("Re-sync: reconcile and inventory now");
        resync.setId("cluster-resync-" + name);
        resync.setDisableOnClick(true);
        Button remove =
                new Button(VaadinIcon.TRASH.create(), e -> new ClusterRemovalDialog(admin, o, this::refresh).open());
        remove.addThemeVariants(
                ButtonVariant.LUMO_SMALL,
                ButtonVariant.LUMO_TERTIARY,
                ButtonVariant.LUMO_ICON,
                ButtonVariant.LUMO_ERROR);
        remove.setAriaLabel("Remove cluster " + name);
        remove.setTooltipText(o.liveNamespaces() == 0 ? "Remove" : "Remove (decommission its namespaces first)");
        remove.setId("cluster-remove-" + name);
        HorizontalLayout row = new HorizontalLayout(probe, resync, remove);
        row.setSpacing(false);
        return row;
    }

    private void onProbe(String name) {
        try {
            ClusterSummary c = clusters.probe(name);
            refresh();
            String text = "Cluster " + c.name() + ": " + c.status().toLowerCase()
                    + (c.statusReason() == null ? "" : " — " + c.statusReason());
            if (c.status().equals("REACHABLE")) {
                Notices.success(text);
            } else {
                Notices.error(text);
            }
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        } catch (RuntimeException ex) {
            refresh();
            LoggerFactory.getLogger(ClusterGrid.class).warn("Probe of cluster {} failed", name, ex);
            Notices.error("Probing " + name + " failed. Try again; if it keeps failing, check the portal's log.");
        }
    }

    private void onResync(String name) {
        try {
            ClusterOverview o = admin.resync(name);
            refresh();
            if (o.cluster().status().equals("REACHABLE")) {
                Notices.success("Re-syncing " + name + ": the reconciler and the inventory run for it now.");
            } else {
                Notices.error("Cluster " + name + " is " + o.cluster().status().toLowerCase() + ": "
                        + (o.cluster().statusReason() == null
                                ? "nothing to re-sync."
                                : o.cluster().statusReason()));
            }
        } catch (ValidationException | AccessDeniedException ex) {
            refresh();
            Notices.error(ex.getMessage());
        }
    }
}
