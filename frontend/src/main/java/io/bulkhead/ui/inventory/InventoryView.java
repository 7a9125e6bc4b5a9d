package io.bulkhead.ui.inventory;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.NativeButton;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.inventory.ImagePattern;
import io.bulkhead.inventory.ImageRef;
import io.bulkhead.inventory.InventoryFilter;
import io.bulkhead.inventory.InventoryOptions;
import io.bulkhead.inventory.InventoryQueries;
import io.bulkhead.inventory.InventoryRow;
import io.bulkhead.inventory.InventorySort;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Times;
import jakarta.annotation.security.PermitAll;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Inventory: the workloads of every cluster (developers: their teams' namespaces) with their images; filters,
 * search, sortable lazy grid, "where does this image run" (field, a click on an image, or {@code ?where=}) and a
 * CSV export of what is filtered.
 */
@Route("inventory")
@PageTitle("Inventory · Bulkhead")
@PermitAll
class InventoryView extends VerticalLayout implements BeforeEnterObserver {

    private final InventoryQueries queries;
    private final ComboBox<String> cluster = new ComboBox<>("Cluster");
    private final ComboBox<String> team = new ComboBox<>("Team");
    private final TextField namespace = new TextField("Namespace");
    private final ComboBox<String> kind = new ComboBox<>("Kind");
    private final TextField image = new TextField("Image");
    private final TextField search = new TextField("Search");
    private final TextField where = new TextField("Where does this image run?");
    private final Grid<InventoryRow> grid = new Grid<>(InventoryRow.class, false);
    private final Span count = new Span();
    private InventoryFilter filter = InventoryFilter.ALL;
    private InventorySort sort = InventorySort.DEFAULT;
    private boolean hasInventory;

    InventoryView(InventoryQueries queries, CurrentUsers users) {
        this.queries = queries;
        addClassName("view");
        setSizeFull();
        CurrentUser user = users.require();

        H2 title = new H2("Inventory");
        HorizontalLayout head = new HorizontalLayout(title);
        head.setWidthFull();
        head.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(head);

        hasInventory = queries.any();
        if (!hasInventory) {
            Div empty = Notices.emptyState(
                    VaadinIcon.LIST,
                    "No inventory yet",
                    user.seesAllTeams()
                            ? "No workloads have been seen in managed namespaces yet. Workloads and their images appear"
                                    + " here within moments of being created, once a cluster is registered and a"
                                    + " namespace provisioned."
                            : "No workloads run in your teams' namespaces yet. Deploy something to one of them and it"
                                    + " appears here, with its images, within moments.");
            empty.setId("inventory-empty");
            add(empty);
            return;
        }

        Anchor csv = new Anchor(csvDownload(), AttachmentType.DOWNLOAD, "");
        Button csvButton = new Button("Export CSV", VaadinIcon.DOWNLOAD.create());
        csvButton.setTabIndex(-1);
        csv.add(csvButton);
        csv.setId("inventory-csv");
        csv.getElement().setAttribute("aria-label", "Export the filtered workloads as CSV, one line per container");
        head.add(csv);

        InventoryOptions options = queries.options();
        cluster.setItems(options.clusters());
        cluster.setPlaceholder("All clusters");
        team.setItems(options.teams());
        team.setPlaceholder(user.seesAllTeams() ? "All teams" : "All my teams");
        kind.setItems(options.kinds());
        kind.setPlaceholder("All kinds");
        for (ComboBox<String> c : List.of(cluster, team, kind)) {
            c.setClearButtonVisible(true);
            c.addValueChangeListener(e -> onFilter());
        }
        cluster.setId("inventory-cluster");
        team.setId("inventory-team");
        kind.setId("inventory-kind");
        text(namespace, "inventory-namespace", "Part of a name", InventoryFilter.MAX_NAME);
        text(image, "inventory-image", "nginx:1.27, ghcr.io/org", ImagePattern.MAX_LENGTH);
        text(search, "inventory-search", "Workload, namespace or image", InventoryFilter.MAX_SEARCH);
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setWidth("13rem");
        image.setWidth("13rem");
        namespace.setWidth("10rem");
        cluster.setWidth("9rem");
        team.setWidth("9rem");
        kind.setWidth("9rem");
        HorizontalLayout filters = new HorizontalLayout(search, cluster, team, namespace, kind, image);
        filters.setWrap(true);
        filters.setWidthFull();
        filters.getElement().setAttribute("role", "search");
        filters.getElement().setAttribute("aria-label", "Inventory filters");

        where.setId("inventory-where");
        where.setPlaceholder("Image, repository or sha256 digest");
        where.setMaxLength(ImagePattern.MAX_LENGTH);
        where.setClearButtonVisible(true);
        where.setMinWidth("22rem");
        where.setAriaLabel("Where does this image run? Enter an image reference, repository or digest");
        where.addKeyPressListener(Key.ENTER, e -> onWhere(where.getValue()));
        Button whereButton = new Button("Find", VaadinIcon.CROSSHAIRS.create(), e -> onWhere(where.getValue()));
        whereButton.setId("inventory-where-button");
        whereButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        whereButton.setAriaLabel("Find where this image runs");
        HorizontalLayout whereBar = new HorizontalLayout(where, whereButton);
        whereBar.setAlignItems(FlexComponent.Alignment.BASELINE);
        whereBar.getElement().setAttribute("role", "search");
        whereBar.getElement().setAttribute("aria-label", "Where does an image run");

        grid.addColumn(InventoryRow::cluster)
                .setHeader("Cluster")
                .setSortProperty(InventorySort.Field.CLUSTER.name())
                .setWidth("6.5rem")
                .setFlexGrow(0)
                .setResizable(true);
        grid.addColumn(InventoryRow::team)
                .setHeader("Team")
                .setSortProperty(InventorySort.Field.TEAM.name())
                .setWidth("7rem")
                .setFlexGrow(0)
                .setResizable(true);
        grid.addColumn(InventoryRow::namespace)
                .setHeader("Namespace")
                .setTooltipGenerator(InventoryRow::namespace)
                .setSortProperty(InventorySort.Field.NAMESPACE.name())
                .setWidth("8rem")
                .setFlexGrow(1)
                .setResizable(true);
        grid.addColumn(InventoryRow::kind)
                .setHeader("Kind")
                .setSortProperty(InventorySort.Field.KIND.name())
                .setWidth("7.5rem")
                .setFlexGrow(0)
                .setResizable(true);
        grid.addColumn(InventoryRow::name)
                .setHeader("Workload")
                .setTooltipGenerator(InventoryRow::name)
                .setSortProperty(InventorySort.Field.NAME.name())
                .setWidth("8rem")
                .setFlexGrow(1)
                .setResizable(true);
        grid.addColumn(new ComponentRenderer<>(this::images))
                .setHeader("Images")
                .setFlexGrow(3)
                .setWidth("14rem")
                .setResizable(true);
        Times.addColumn(grid, r -> r.observedAt())
                .setHeader("Observed")
                .setSortProperty(InventorySort.Field.OBSERVED.name())
                .setWidth("7rem")
                .setFlexGrow(0)
                .setResizable(true);
        grid.addThemeVariants(
                GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setEmptyStateText("No workloads match these filters. Clear a filter or shorten the search.");
        grid.setItems(
                q -> {
                    sort = sortOf(q.getSortOrders());
                    return queries
                            .page(filter, sort, q.getOffset(), Math.min(q.getLimit(), InventoryQueries.MAX_PAGE))
                            .stream();
                },
                q -> queries.count(filter));
        grid.setSizeFull();
        grid.setId("inventory-grid");
        grid.getElement().setAttribute("aria-label", "Workloads and their images");

        count.setId("inventory-count");
        count.getElement().setAttribute("role", "status");
        count.addClassName("ns-muted");
        updateCount();
        add(filters, whereBar, count, grid);
        setFlexGrow(1, grid);
    }

    /**
     * Deep links from other screens: {@code ?image=…} filters by image, {@code ?where=…} opens "where does this
     * image run" for it.
     */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!hasInventory) {
            return;
        }
        Map<String, List<String>> params =
                event.getLocation().getQueryParameters().getParameters();
        params.getOrDefault("image", List.of()).stream().findFirst().ifPresent(image::setValue);
        params.getOrDefault("where", List.of()).stream().findFirst().ifPresent(w -> {
            where.setValue(w);
            onWhere(w);
        });
    }

    private void text(TextField f, String id, String placeholder, int maxLength) {
        f.setId(id);
        f.setPlaceholder(placeholder);
        f.setMaxLength(maxLength);
        f.setClearButtonVisible(true);
        f.setValueChangeMode(ValueChangeMode.LAZY);
        f.addValueChangeListener(e -> onFilter());
    }

    private Div images(InventoryRow row) {
        Div box = new Div();
        box.getStyle()
                .set("display", "flex")
                .set("flex-direction", "column")
                .set("align-items", "flex-start")
                .set("row-gap", "var(--lumo-space-xs)");
        for (InventoryRow.Container c : row.containers()) {
            ImageRef ref = c.image();
            // a plain button, so that long references wrap instead of being cut off
            NativeButton b = new NativeButton(shortImage(ref), e -> {
                where.setValue(ref.reference());
                onWhere(ref.reference());
            });
            b.addClassName("inventory-image-link");
            b.getStyle()
                    .set("font-family", "var(--lumo-font-family-monospace, monospace)")
                    .set("font-size", "var(--lumo-font-size-s)")
                    .set("color", "var(--lumo-primary-text-color)")
                    .set("background", "none")
                    .set("border", "none")
                    .set("padding", "0")
                    .set("margin", "0")
                    .set("cursor", "pointer")
                    .set("text-align", "left")
                    .set("overflow-wrap", "anywhere");
            b.getElement().setAttribute("title", c.name() + (c.init() ? " (init): " : ": ") + ref.reference());
            b.getElement().setAttribute("aria-label", "Where does " + ref.reference() + " run?");
            box.add(b);
        }
        return box;
    }

    private void onFilter() {
        Map<String, TextField> textFields = Map.of("namespace", namespace, "image", image, "search", search);
        FieldErrors.clear(textFields);
        try {
            filter = new InventoryFilter(
                    cluster.getValue(),
                    team.getValue(),
                    namespace.getValue(),
                    kind.getValue(),
                    image.getValue(),
                    search.getValue());
        } catch (ValidationException ex) {
            FieldErrors.show(ex.fieldErrors(), textFields);
            return;
        }
        grid.getDataProvider().refreshAll();
        updateCount();
    }

    private void updateCount() {
        int n = queries.count(filter);
        count.setText(n == 1 ? "1 workload" : n + " workloads");
    }

    private void onWhere(String value) {
        where.setInvalid(false);
        try {
            new ImageWhereDialog(queries.whereRuns(value)).open();
        } catch (ValidationException ex) {
            where.setErrorMessage(ex.fieldErrors().getOrDefault("image", ex.getMessage()));
            where.setInvalid(true);
        }
    }

    private DownloadHandler csvDownload() {
        return event -> {
            event.setFileName("bulkhead-inventory.csv");
            event.setContentType("text/csv; charset=utf-8");
            try (Writer w = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8)) {
                queries.exportCsv(filter, sort, w);
            }
        };
    }

    private static InventorySort sortOf(List<QuerySortOrder> orders) {
        if (orders.isEmpty()) {
            return InventorySort.DEFAULT;
        }
        QuerySortOrder first = orders.getFirst();
        return new InventorySort(
                InventorySort.Field.valueOf(first.getSorted()), first.getDirection() == SortDirection.DESCENDING);
    }

    /**
     * An image as a short label: Docker Hub's {@code docker.io/library/} left out, a digest cut to 12 hex digits
     * (the full reference is in the tooltip).
     */
    static String shortImage(ImageRef ref) {
        String name = ref.registry().equals("docker.io")
                ? ref.repository().replaceFirst("^library/", "")
                : ref.registry() + "/" + ref.repository();
        StringBuilder s = new StringBuilder(name);
        if (ref.tag() != null) {
            s.append(':').append(ref.tag());
        }
        if (ref.digest() != null) {
            String d = ref.digest();
            int colon = d.indexOf(':');
            s.append('@').append(d.length() > colon + 13 ? d.substring(0, colon + 13) + "…" : d);
        }
        return s.toString();
    }
}
