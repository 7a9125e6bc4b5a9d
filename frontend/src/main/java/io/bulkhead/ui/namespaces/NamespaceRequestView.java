package io.bulkhead.ui.namespaces;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.NativeButton;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.bulkhead.clusters.ClusterSummary;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.NamespaceRequest;
import io.bulkhead.provisioning.NamespaceState;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tenancy.Team;
import io.bulkhead.tenancy.Teams;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.TierSummary;
import io.bulkhead.tiers.Tiers;
import io.bulkhead.ui.components.Badges;
import io.bulkhead.ui.components.ErrorText;
import io.bulkhead.ui.components.FieldErrors;
import io.bulkhead.ui.components.Notices;
import io.bulkhead.ui.components.Texts;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The namespace request form: name with live validation, team, tier cards that say what each tier means, an
 * eligible cluster, a quota preset, the egress allowlist and a purpose; a YAML preview of every object; submit.
 * Every rule is checked by {@link Namespaces}; the form only shows its messages at the fields.
 */
@Route("namespaces/new")
@PageTitle("Request a namespace · Bulkhead")
@RolesAllowed("DEVELOPER")
public class NamespaceRequestView extends VerticalLayout {

    private final Namespaces namespaces;
    private final Map<String, TierBundle> bundles = new LinkedHashMap<>();
    private final Map<String, NativeButton> tierCards = new LinkedHashMap<>();
    private final TextField name = new TextField("Name");
    private final Select<String> team = new Select<>();
    private final Select<ClusterSummary> cluster = new Select<>();
    private final RadioButtonGroup<String> quota = new RadioButtonGroup<>("Quota preset");
    private final TextArea purpose = new TextArea("Purpose");
    private final ErrorText tierError = new ErrorText("ns-tier-error");
    private final EgressEditor egress = new EgressEditor("ns-egress", List.of(), () -> {});
    private final Span egressHint = new Span();
    private final Pre yaml = new Pre();
    private @Nullable String tier;

    NamespaceRequestView(Namespaces namespaces, Tiers tiers, Teams teams, CurrentUsers users) {
        this.namespaces = namespaces;
        addClassName("view");
        addClassName("ns-request-view");
        CurrentUser user = users.require();

        add(new RouterLink("← Namespaces", NamespacesView.class));
        add(new H2("Request a namespace"));
        if (user.teams().isEmpty()) {
            add(
                    Notices.emptyState(
                            VaadinIcon.USERS,
                            "You are not in a team",
                            "Namespaces belong to teams. Ask a platform admin to add you to your team's group, then come back."));
            return;
        }
        add(new Paragraph("Requests within the tier's default quota are approved automatically; the others wait for a "
                + "security reviewer. You can preview every object Bulkhead will create before you submit."));

        for (TierSummary t : tiers.list()) {
            tiers.bundle(t.name(), t.latestVersion()).ifPresent(b -> bundles.put(t.name(), b));
        }

        // name and team
        name.setRequired(true);
        name.setHelperText("Lowercase letters, digits and '-', at most 63 characters; unique in the cluster.");
        name.setValueChangeMode(ValueChangeMode.LAZY);
        name.setValueChangeTimeout(300);
        name.addValueChangeListener(e -> validateName());
        name.setId("ns-name");
        name.setWidth("24rem");

        Map<String, String> teamNames =
                teams.visible().stream().collect(Collectors.toMap(Team::id, Team::displayName, (a, b) -> a));
        team.setLabel("Team");
        team.setItems(user.teams());
        team.setItemLabelGenerator(id -> teamNames.getOrDefault(id, id));
        team.setRequiredIndicatorVisible(true);
        team.setId("ns-team");
        team.addValueChangeListener(e -> team.setInvalid(false));
        if (user.teams().size() == 1) {
            team.setValue(user.teams().first());
        }
        HorizontalLayout nameRow = new HorizontalLayout(name, team);
        nameRow.setWrap(true);
        add(section("Name and team", nameRow));

        // tier cards
        Div cards = new Div();
        cards.addClassName("tier-cards");
        cards.getElement().setAttribute("role", "radiogroup");
        cards.getElement().setAttribute("aria-label", "Security tier");
        cards.setId("ns-tier");
        bundles.values().forEach(b -> cards.add(tierCard(b)));
        add(section("Security tier", cards, tierError));

        // cluster and quota
        cluster.setLabel("Cluster");
        cluster.setItemLabelGenerator(c -> c.name() + " · " + c.displayName() + " (" + status(c.status()) + ")");
        cluster.setRenderer(new ComponentRenderer<>(c -> {
            Span n = new Span(c.name());
            n.addClassName("ns-strong");
            Span d = new Span(c.displayName());
            d.addClassName("ns-muted");
            HorizontalLayout row = new HorizontalLayout(n, d, Badges.status(c.status()));
            row.setAlignItems(FlexComponent.Alignment.CENTER);
            row.setSpacing(true);
            return row;
        }));
        cluster.setRequiredIndicatorVisible(true);
        cluster.setEmptySelectionAllowed(false);
        cluster.setId("ns-cluster");
        cluster.setWidth("24rem");
        cluster.addValueChangeListener(e -> {
            cluster.setInvalid(false);
            describeCluster();
            if (!name.isEmpty()) {
                validateName();
            }
        });
        quota.setRenderer(new ComponentRenderer<>(this::presetLabel));
        quota.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        quota.setRequiredIndicatorVisible(true);
        quota.setId("ns-quota");
        quota.addValueChangeListener(e -> {
            quota.setInvalid(false);
            describeQuota();
        });
        add(section("Where and how big", cluster, quota));

        // egress
        egressHint.addClassName("ns-muted");
        add(section("Egress allowlist", egressHint, egress));

        // purpose
        purpose.setMaxLength(NamespaceRequest.MAX_PURPOSE);
        purpose.setRequired(true);
        purpose.setValueChangeMode(ValueChangeMode.EAGER);
        purpose.setPlaceholder("What runs here, and for whom?");
        purpose.setHelperText(counter(0));
        purpose.addValueChangeListener(e -> {
            purpose.setHelperText(counter(e.getValue().length()));
            if (purpose.isInvalid() && e.getValue().strip().length() >= 10) {
                purpose.setInvalid(false);
            }
        });
        purpose.setWidthFull();
        purpose.setMinHeight("6rem");
        purpose.setId("ns-purpose");
        add(section("Purpose", purpose));

        // preview
        yaml.addClassName("yaml");
        yaml.setId("ns-preview-yaml");
        yaml.getElement().setAttribute("tabindex", "0");
        yaml.getElement().setAttribute("aria-label", "YAML of the objects the request creates");
        yaml.setText("Open to see every object Bulkhead will create.");
        Button refresh = new Button("Refresh preview", VaadinIcon.REFRESH.create(), e -> refreshPreview());
        refresh.setId("ns-preview-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_SMALL);
        VerticalLayout previewBody = new VerticalLayout(refresh, yaml);
        previewBody.setPadding(false);
        Details preview = new Details("Preview YAML", previewBody);
        preview.setId("ns-preview");
        preview.setWidthFull();
        preview.addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                refreshPreview();
            }
        });
        add(preview);

        // submit
        Button submit = new Button("Submit request", VaadinIcon.CHECK.create(), e -> onSubmit());
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.setId("ns-submit");
        Button cancel = new Button("Cancel", e -> getUI().ifPresent(ui -> ui.navigate(NamespacesView.class)));
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        cancel.setId("ns-cancel");
        add(new HorizontalLayout(submit, cancel));

        setId("ns-request");
        bundles.keySet().stream().findFirst().ifPresent(this::selectTier);
    }

    private static VerticalLayout section(String title, com.vaadin.flow.component.Component... content) {
        H3 h = new H3(title);
        h.addClassName("ns-section-title");
        VerticalLayout s = new VerticalLayout(h);
        s.add(content);
        s.setPadding(false);
        s.addClassName("ns-section");
        return s;
    }

    // ---------------------------------------------------------------------------------------------- tiers

    private NativeButton tierCard(TierBundle b) {
        NativeButton card = new NativeButton();
        card.addClassName("tier-card");
        card.setId("ns-tier-" + b.name());
        card.getElement().setAttribute("role", "radio");
        card.getElement().setAttribute("aria-checked", "false");
        card.getElement().setAttribute("type", "button");

        Span title = new Span(b.title());
        title.addClassName("tier-title");
        Span review = b.review().autoApproveDefaultQuota()
                ? Badges.of("auto-approved", "success small")
                : Badges.of("reviewed", "contrast small");
        Span head = new Span(title, review);
        head.addClassName("tier-head");
        Span summary = new Span(b.summary());
        summary.addClassName("tier-summary");
        Span facts = new Span();
        facts.addClassName("tier-facts");
        for (String fact : facts(b)) {
            Span f = new Span(fact);
            f.addClassName("tier-fact");
            facts.add(f);
        }
        card.add(head, summary, facts);
        card.addClickListener(e -> selectTier(b.name()));
        tierCards.put(b.name(), card);
        return card;
    }

    /** What a tier means, in plain words, from its bundle. */
    static List<String> facts(TierBundle b) {
        List<String> f = new ArrayList<>();
        f.add("Pod Security: enforce " + b.podSecurity().enforce().label());
        TierBundle.Network n = b.network();
        f.add("Ingress: "
                + (n.ingressFromOtherNamespaces()
                        ? "from other namespaces allowed"
                        : "only from inside the namespace"));
        f.add("Egress: "
                + (n.egressAllowlistOnly() ? "only to your allowlist" : "cluster-internal and your allowlist")
                + (n.allowDns() ? ", plus DNS" : ""));
        f.add(b.admissionRule(TierBundle.RequireRuntimeClass.class)
                .map(rc -> "Runtime: sandboxed (" + String.join(", ", rc.allowed()) + ")")
                .orElse("Runtime: standard containers"));
        for (TierBundle.AdmissionRule r : b.admission()) {
            switch (r) {
                case TierBundle.ImageDigestAndRegistry i ->
                    f.add("Images pinned by digest from " + String.join(", ", i.registries()));
                case TierBundle.ReadOnlyRootFilesystem x -> f.add("Read-only root filesystem");
                case TierBundle.ResourceLimits x -> f.add("CPU and memory limits required");
                case TierBundle.DedicatedNodes x -> f.add("Runs on dedicated nodes");
                case TierBundle.RequireRuntimeClass x -> {}
            }
        }
        f.add("Exceptions: at most " + b.exceptions().maxDays() + " days, "
                + b.exceptions().approvalsRequired() + " approval"
                + (b.exceptions().approvalsRequired() == 1 ? "" : "s"));
        f.add(
                b.review().autoApproveDefaultQuota()
                        ? "Default quota is approved automatically"
                        : "Every request is reviewed");
        return f;
    }

    private void selectTier(String name) {
        tier = name;
        tierCards.forEach((n, card) -> {
            boolean on = n.equals(name);
            card.getElement().setAttribute("aria-checked", String.valueOf(on));
            if (on) {
                card.addClassName("selected");
            } else {
                card.removeClassName("selected");
            }
        });
        tierError.setInvalid(false);
        TierBundle b = bundles.get(name);
        refreshClusters();
        if (b != null) {
            quota.setItems(b.quotaPresets().keySet());
            quota.setValue(b.defaultQuotaPreset());
            describeQuota();
            egressHint.setText(
                    b.network().egressAllowlistOnly()
                            ? "In the " + b.title() + " tier, pods reach only these networks (and DNS"
                                    + (b.network().allowDns() ? "" : " if allowed") + "). Leave empty for none."
                            : "Pods reach the cluster; add networks outside it that they need to reach.");
        }
    }

    // ---------------------------------------------------------------------------------------------- cluster, quota

    private void refreshClusters() {
        if (tier == null) {
            return;
        }
        String previous = cluster.getValue() == null ? null : cluster.getValue().name();
        List<ClusterSummary> eligible = namespaces.eligibleClusters(tier);
        cluster.setItems(eligible);
        Optional<ClusterSummary> keep = eligible.stream()
                .filter(c -> c.name().equals(previous))
                .findFirst()
                .or(() -> eligible.stream()
                        .filter(c -> c.status().equals("REACHABLE"))
                        .findFirst())
                .or(() -> eligible.stream().findFirst());
        keep.ifPresentOrElse(cluster::setValue, cluster::clear);
        if (eligible.isEmpty()) {
            cluster.setHelperText(
                    "No registered cluster can host this tier. Choose another tier or ask a platform admin.");
        }
        describeCluster();
    }

    private void describeCluster() {
        ClusterSummary c = cluster.getValue();
        if (c == null) {
            return;
        }
        String text = "Status " + status(c.status())
                + (c.serverVersion() == null ? "" : " · Kubernetes " + c.serverVersion())
                + (c.statusReason() == null || c.status().equals("REACHABLE") ? "" : " · " + c.statusReason());
        cluster.setHelperText(text);
    }

    private HorizontalLayout presetLabel(String preset) {
        TierBundle b = tier == null ? null : bundles.get(tier);
        Span n = new Span(preset);
        n.addClassName("ns-strong");
        HorizontalLayout row = new HorizontalLayout(n);
        row.setSpacing(true);
        row.setAlignItems(FlexComponent.Alignment.CENTER);
        if (b != null) {
            b.quotaPreset(preset)
                    .ifPresent(q -> row.add(new Span("CPU " + q.requestsCpu() + " (limit " + q.limitsCpu()
                            + ") · memory " + q.requestsMemory() + " (limit " + q.limitsMemory() + ") · " + q.pods()
                            + " pods")));
            if (preset.equals(b.defaultQuotaPreset())) {
                row.add(Badges.of("default", "small"));
            }
        }
        return row;
    }

    private void describeQuota() {
        TierBundle b = tier == null ? null : bundles.get(tier);
        if (b == null) {
            return;
        }
        if (!b.review().autoApproveDefaultQuota()) {
            quota.setHelperText("The " + b.title() + " tier is always reviewed by a security reviewer.");
        } else if (quota.getValue() != null && !quota.getValue().equals(b.defaultQuotaPreset())) {
            quota.setHelperText("Presets other than the default (" + b.defaultQuotaPreset()
                    + ") need a security reviewer's approval.");
        } else {
            quota.setHelperText("The default preset is approved automatically; larger presets need review.");
        }
    }

    // ---------------------------------------------------------------------------------------------- actions

    private NamespaceRequest request(List<EgressRule> egressRules) {
        return new NamespaceRequest(
                cluster.getValue() == null ? "" : cluster.getValue().name(),
                name.getValue(),
                team.getValue() == null ? "" : team.getValue(),
                tier == null ? "" : tier,
                quota.getValue() == null ? "" : quota.getValue(),
                egressRules,
                purpose.getValue());
    }

    private Map<String, HasValidation> fields() {
        Map<String, HasValidation> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("team", team);
        m.put("tier", tierError);
        m.put("cluster", cluster);
        m.put("quotaPreset", quota);
        m.put("egress", egress);
        m.put("purpose", purpose);
        return m;
    }

    /** Live check of the name only: the other fields are not the user's concern yet. */
    private void validateName() {
        String message = namespaces.validate(request(List.of())).get("name");
        name.setErrorMessage(message);
        name.setInvalid(message != null);
    }

    private void refreshPreview() {
        Optional<List<EgressRule>> rules = egress.rules();
        if (rules.isEmpty()) {
            yaml.setText("Fix the marked egress entries to see the preview.");
            return;
        }
        try {
            yaml.setText(namespaces.preview(request(rules.get())));
        } catch (ValidationException ex) {
            Map<String, String> errors = new LinkedHashMap<>(ex.fieldErrors());
            Map<String, HasValidation> f = fields();
            FieldErrors.show(errors, f);
            yaml.setText(
                    "The preview needs a valid request. Fix these first:\n- " + String.join("\n- ", errors.values()));
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }

    private void onSubmit() {
        FieldErrors.clear(fields());
        Optional<List<EgressRule>> rules = egress.rules();
        if (rules.isEmpty()) {
            Notices.error("Fix the marked egress entries first.");
            return;
        }
        try {
            ManagedNamespace ns = namespaces.request(request(rules.get()));
            Notices.success(
                    ns.state() == NamespaceState.REQUESTED
                            ? "Namespace " + ns.name() + " requested: waiting for review. "
                                    + Texts.orEmpty(ns.reviewReason())
                            : "Namespace " + ns.name() + " approved automatically — provisioning.");
            getUI().ifPresent(ui -> ui.navigate(
                    NamespaceDetailView.class, new RouteParameters("id", ns.id().toString())));
        } catch (ValidationException ex) {
            FieldErrors.show(ex.fieldErrors(), fields());
            focusFirstInvalid();
        } catch (AccessDeniedException ex) {
            Notices.error(ex.getMessage());
        }
    }

    private void focusFirstInvalid() {
        if (name.isInvalid()) {
            name.focus();
        } else if (team.isInvalid()) {
            team.focus();
        } else if (cluster.isInvalid()) {
            cluster.focus();
        } else if (purpose.isInvalid()) {
            purpose.focus();
        }
    }

    private static String counter(int n) {
        return n + "/" + NamespaceRequest.MAX_PURPOSE + " characters (at least 10)";
    }

    private static String status(String s) {
        return s.charAt(0) + s.substring(1).toLowerCase().replace('_', ' ');
    }
}
