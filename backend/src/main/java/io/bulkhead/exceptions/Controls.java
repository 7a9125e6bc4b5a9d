package io.bulkhead.exceptions;

import io.bulkhead.compliance.Control.Scope;
import io.bulkhead.compliance.Control.Source;
import io.bulkhead.provisioning.EgressReview;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.Exemption;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.TierBundle.PodSecurityLevel;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What can be excepted, and the rules a request must follow. Exceptions are requested for a control <em>as the
 * findings name it</em> (the compliance catalog, e.g. {@code pss-run-as-non-root} "Runs as non-root"), in a scope
 * (the namespace, named workloads, one container of one workload), and waive exactly the failed findings of that
 * control in that scope. Which cluster change makes the exception true is the mapping here ({@link #mechanism}),
 * never the requester's choice:
 *
 * <ul>
 *   <li>a Pod Security check: the namespace's Pod Security <em>enforce</em> level lowered one step below the check
 *       ({@code baseline} for a restricted check, {@code privileged} for a baseline one); audit and warn stay at
 *       the tier's levels, and every other check stays scored at the tier's level;
 *   <li>a control one of the tier's admission rules enforces (images, read-only root filesystem, limits,
 *       RuntimeClass): the namespace, or the named workloads, left out of that rule;
 *   <li>{@value #EGRESS}: one extra egress destination (value {@code <cidr>,<port>,<protocol>});
 *   <li>{@value #QUOTA}: a larger quota preset of the tier (value: the preset name);
 *   <li>any other control: no cluster change (nothing in the cluster refuses it); the findings show as waived.
 * </ul>
 *
 * Pure: the tier bundle, the namespace's quota preset and the compliance catalog come in as arguments.
 */
public final class Controls {
    public static final int MIN_JUSTIFICATION = 20;
    public static final int MAX_JUSTIFICATION = 2000;
    public static final int MAX_TICKET_URL = 500;
    public static final int MAX_WORKLOADS = 20;
    /** An extra egress destination (not a finding: the namespace's default deny stays). */
    public static final String EGRESS = Exemption.EGRESS;
    /** A larger quota preset (not a finding). */
    public static final String QUOTA = Exemption.QUOTA;
    /** The mechanism of an exception that needs no cluster change. */
    public static final String NO_CHANGE = "none";
    /** The workload kinds a scope may name. */
    public static final Set<String> WORKLOAD_KINDS =
            Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod");

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    /** The compliance controls each admission rule of a tier enforces. */
    private static final Map<String, String> ADMISSION_RULE_OF = Map.of(
            "tier-runtime-class", TierBundle.RequireRuntimeClass.KEY,
            "img-digest", TierBundle.ImageDigestAndRegistry.KEY,
            "img-allowed-registry", TierBundle.ImageDigestAndRegistry.KEY,
            "nsa-read-only-root-fs", TierBundle.ReadOnlyRootFilesystem.KEY,
            "nsa-resource-limits", TierBundle.ResourceLimits.KEY);
    /** Namespace-level controls an exception can be asked for (the others are Bulkhead's own objects: re-sync). */
    private static final Set<String> NAMESPACE_CONTROLS = Set.of("ns-no-tenant-widening");

    private Controls() {}

    /**
     * A control as shown in the request form.
     *
     * @param id the compliance control id, or {@value #EGRESS} / {@value #QUOTA}
     * @param title as the findings name it, e.g. "Runs as non-root"
     * @param description what the exception changes in the cluster
     * @param needsValue true for {@value #EGRESS} and {@value #QUOTA}
     * @param allowsWorkloads true when the scope may name workloads (a workload or container control)
     */
    public record Control(String id, String title, String description, boolean needsValue, boolean allowsWorkloads) {}

    /**
     * The cluster change that makes an exception true, as provisioning renders it.
     *
     * @param id {@code psa-level}, {@code admission:<rule>}, {@value #EGRESS}, {@value #QUOTA} or {@value #NO_CHANGE}
     * @param value the lowered level, the egress rule or the preset; null otherwise
     */
    public record Mechanism(String id, @Nullable String value) {
        public boolean changesCluster() {
            return !id.equals(NO_CHANGE);
        }
    }

    /** Whether findings of {@code c} can be excepted in a namespace of {@code bundle} (they count in its score). */
    public static boolean exceptable(io.bulkhead.compliance.Control c, TierBundle bundle) {
        if (!c.appliesTo(bundle.name())) {
            return false;
        }
        if (c.scope() == Scope.NAMESPACE) {
            return NAMESPACE_CONTROLS.contains(c.id());
        }
        PodSecurityLevel enforce = bundle.podSecurity().enforce();
        return switch (c.source()) {
            case PSS_RESTRICTED -> enforce == PodSecurityLevel.RESTRICTED;
            case PSS_BASELINE -> enforce != PodSecurityLevel.PRIVILEGED;
            default -> true;
        };
    }

    /** The controls that can be excepted in a namespace of {@code bundle} with {@code quotaPreset}, catalog order. */
    public static List<Control> applicable(
            TierBundle bundle, String quotaPreset, List<io.bulkhead.compliance.Control> catalog) {
        List<Control> out = new ArrayList<>();
        for (io.bulkhead.compliance.Control c : catalog) {
            if (exceptable(c, bundle)) {
                out.add(new Control(
                        c.id(),
                        c.title(),
                        describe(mechanism(c, bundle), bundle),
                        false,
                        c.scope() != Scope.NAMESPACE));
            }
        }
        out.add(new Control(
                EGRESS,
                "Egress destination",
                "Allows egress to one more destination (CIDR, port, protocol): an extra rule in the namespace's"
                        + " exception NetworkPolicy.",
                true,
                false));
        if (!largerPresets(bundle, quotaPreset).isEmpty()) {
            out.add(new Control(
                    QUOTA,
                    "Quota above the preset",
                    "Uses a larger quota preset: " + largerPresets(bundle, quotaPreset) + ".",
                    true,
                    false));
        }
        return List.copyOf(out);
    }

    /** The cluster change an exception of compliance control {@code c} needs in a namespace of {@code bundle}. */
    public static Mechanism mechanism(io.bulkhead.compliance.Control c, TierBundle bundle) {
        PodSecurityLevel enforce = bundle.podSecurity().enforce();
        if (c.source() == Source.PSS_RESTRICTED && enforce == PodSecurityLevel.RESTRICTED) {
            return new Mechanism(Exemption.PSA_LEVEL, PodSecurityLevel.BASELINE.label());
        }
        if (c.source() == Source.PSS_BASELINE && enforce != PodSecurityLevel.PRIVILEGED) {
            return new Mechanism(Exemption.PSA_LEVEL, PodSecurityLevel.PRIVILEGED.label());
        }
        String rule = ADMISSION_RULE_OF.get(c.id());
        if (rule != null && bundle.admission().stream().anyMatch(r -> r.key().equals(rule))) {
            return new Mechanism(Exemption.admissionControl(rule), null);
        }
        return new Mechanism(NO_CHANGE, null);
    }

    /** One line on what {@code m} changes, for the form. */
    static String describe(Mechanism m, TierBundle bundle) {
        String rule = Exemption.admissionRuleOf(m.id());
        if (m.id().equals(Exemption.PSA_LEVEL)) {
            return "Lowers the namespace's Pod Security enforce level from "
                    + bundle.podSecurity().enforce().label() + " to " + m.value()
                    + "; only the findings in the exception's scope are waived.";
        }
        if (rule != null) {
            return "Leaves the namespace, or the named workloads, out of the tier's " + rule + " admission rule.";
        }
        return "No cluster change: nothing in the cluster refuses it; its findings show as waived.";
    }

    /**
     * Field → message for everything wrong with {@code r} for a namespace of {@code bundle} with
     * {@code quotaPreset}; empty when valid. Fields: {@code control}, {@code value} (egress: {@code value.cidr},
     * {@code value.port}, {@code value.protocol}), {@code scope}, {@code workloads}, {@code workloadKind},
     * {@code container}, {@code justification}, {@code ticketUrl}, {@code durationDays}.
     */
    public static Map<String, String> validate(
            ExceptionRequest r, TierBundle bundle, String quotaPreset, List<io.bulkhead.compliance.Control> catalog) {
        Map<String, String> errors = new LinkedHashMap<>();
        String control = r.control() == null ? "" : r.control().strip();
        Optional<Control> chosen = applicable(bundle, quotaPreset, catalog).stream()
                .filter(c -> c.id().equals(control))
                .findFirst();
        if (control.isEmpty()) {
            errors.put("control", "Choose the control to except, as the finding names it.");
        } else if (chosen.isEmpty()) {
            errors.put("control", notApplicable(control, bundle, quotaPreset, catalog));
        } else {
            String valueError = null;
            if (control.equals(EGRESS)) {
                errors.putAll(egressErrors(r.value(), bundle));
            } else if (control.equals(QUOTA)) {
                List<String> larger = largerPresets(bundle, quotaPreset);
                if (!larger.contains(r.value() == null ? "" : r.value().strip())) {
                    valueError = "Choose a preset larger than " + quotaPreset + ": one of " + larger + ".";
                }
            } else if (r.value() != null && !r.value().isBlank()) {
                valueError = "This control takes no value: the cluster change is Bulkhead's mapping. Leave it empty.";
            }
            if (valueError != null) {
                errors.put("value", valueError);
            }
        }
        boolean workloadControl = chosen.map(Control::allowsWorkloads).orElse(true);
        if (r.scope() == null) {
            errors.put("scope", "Choose the scope: the whole namespace or named workloads.");
        } else if (r.scope() == ExceptionScope.WORKLOADS) {
            if (!workloadControl) {
                errors.put(
                        "scope",
                        chosen.map(Control::title).orElse(control)
                                + " applies to the whole namespace; choose the namespace as scope.");
            }
            String workloadsError = workloadsError(r.workloads());
            if (workloadsError != null) {
                errors.put("workloads", workloadsError);
            }
            if (r.workloadKind() != null && !WORKLOAD_KINDS.contains(r.workloadKind())) {
                errors.put(
                        "workloadKind",
                        "'" + r.workloadKind() + "' is not a workload kind; use one of "
                                + WORKLOAD_KINDS.stream().sorted().toList() + ".");
            }
            if (r.container() != null && !r.container().isBlank()) {
                if (workloadNames(r.workloads()).size() != 1) {
                    errors.put("container", "A container can only be named for exactly one workload.");
                } else if (!DNS_LABEL.matcher(r.container().strip()).matches()) {
                    errors.put(
                            "container",
                            "'" + r.container().strip() + "' is not a container name: at most 63 lowercase letters,"
                                    + " digits and '-'.");
                }
            }
        } else if ((r.workloads() != null && !r.workloads().isEmpty())
                || r.workloadKind() != null
                || (r.container() != null && !r.container().isBlank())) {
            errors.put("workloads", "Leave the workloads empty when the scope is the whole namespace.");
        }
        String justification =
                r.justification() == null ? "" : r.justification().strip();
        if (justification.isEmpty()) {
            errors.put(
                    "justification",
                    "Explain why the exception is needed (at least " + MIN_JUSTIFICATION + " characters).");
        } else if (justification.length() < MIN_JUSTIFICATION) {
            errors.put(
                    "justification",
                    "At least " + MIN_JUSTIFICATION + " characters (this one has " + justification.length() + ").");
        } else if (justification.length() > MAX_JUSTIFICATION) {
            errors.put(
                    "justification",
                    "At most " + MAX_JUSTIFICATION + " characters (this one has " + justification.length() + ").");
        }
        String ticketError = ticketError(r.ticketUrl());
        if (ticketError != null) {
            errors.put("ticketUrl", ticketError);
        }
        int max = bundle.exceptions().maxDays();
        Integer days = r.durationDays();
        if (days == null) {
            errors.put("durationDays", "Choose a duration between 1 and " + max + " days.");
        } else if (days < 1) {
            errors.put("durationDays", "The duration must be at least 1 day, not " + days + ".");
        } else if (days > max) {
            errors.put(
                    "durationDays",
                    "The " + bundle.title() + " tier allows exceptions of at most " + max + " days, not " + days + ".");
        }
        return errors;
    }

    /**
     * The egress value {@code <cidr>,<port>,<protocol>} of an egress exception: field → message per part
     * ({@code value.cidr}, {@code value.port}, {@code value.protocol}), including the tier's refusal of too wide a
     * destination; empty when valid.
     */
    public static Map<String, String> egressErrors(@Nullable String raw, TierBundle bundle) {
        Map<String, String> errors = new LinkedHashMap<>();
        String[] parts = (raw == null ? "" : raw.strip()).split(",", -1);
        String cidr = parts.length > 0 ? parts[0].strip() : "";
        String portText = parts.length > 1 ? parts[1].strip() : "";
        String protocol = parts.length > 2 ? parts[2].strip().toUpperCase(Locale.ROOT) : "";
        if (parts.length > 3) {
            errors.put("value", "Enter one destination: a CIDR, a port and a protocol.");
            return errors;
        }
        Integer port;
        try {
            port = Integer.valueOf(portText);
        } catch (NumberFormatException e) {
            port = null;
        }
        EgressRule.validate(cidr, port, protocol).forEach((k, v) -> errors.put("value." + k, v));
        if (errors.isEmpty()) {
            // the same tier rule as a namespace request's allowlist (exceptions are always reviewed anyway)
            String refusal = EgressReview.refusal(bundle, List.of(new EgressRule(cidr, port, protocol)));
            if (refusal != null) {
                errors.put("value.cidr", refusal);
            }
        }
        return errors;
    }

    /** The egress value as stored and rendered: {@code <cidr>,<port>,<PROTOCOL>}. */
    public static String egressValue(String cidr, @Nullable Integer port, String protocol) {
        return cidr.strip() + "," + (port == null ? "" : port) + ","
                + protocol.strip().toUpperCase(Locale.ROOT);
    }

    /**
     * The title of a control as the findings name it ("Runs as non-root"), for lists and messages; the id itself
     * when the catalog does not know it.
     */
    public static String title(String control, List<io.bulkhead.compliance.Control> catalog) {
        return switch (control) {
            case EGRESS -> "Egress destination";
            case QUOTA -> "Quota above the preset";
            case Exemption.PSA_LEVEL -> "Pod Security level (earlier exception)";
            default ->
                catalog.stream()
                        .filter(c -> c.id().equals(control))
                        .map(io.bulkhead.compliance.Control::title)
                        .findFirst()
                        .orElse(control);
        };
    }

    /** The scope of an exception in words: "the whole namespace", "Deployment/api, container app", "api, worker". */
    public static String scopeText(PolicyException e) {
        return scopeText(e.scope() == ExceptionScope.WORKLOADS, e.workloadKind(), e.workloads(), e.container());
    }

    static String scopeText(boolean workloads, @Nullable String kind, List<String> names, @Nullable String container) {
        if (!workloads) {
            return "the whole namespace";
        }
        String w = String.join(
                ", ", names.stream().map(n -> kind == null ? n : kind + "/" + n).toList());
        return container == null ? w : w + ", container " + container;
    }

    /** The workload names, stripped and without duplicates, in the order given. */
    public static List<String> workloadNames(@Nullable List<String> workloads) {
        if (workloads == null) {
            return List.of();
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String w : workloads) {
            if (w != null && !w.isBlank()) {
                names.add(w.strip());
            }
        }
        return List.copyOf(names);
    }

    private static String notApplicable(
            String control, TierBundle bundle, String quotaPreset, List<io.bulkhead.compliance.Control> catalog) {
        if (control.equals(QUOTA)) {
            return "Quota preset " + quotaPreset + " is already the largest of the " + bundle.title() + " tier.";
        }
        if (control.equals(Exemption.PSA_LEVEL) || Exemption.admissionRuleOf(control) != null) {
            return "Choose the control as the findings name it (e.g. Runs as non-root), not how it is enforced:"
                    + " Bulkhead works out the cluster change.";
        }
        Optional<io.bulkhead.compliance.Control> known =
                catalog.stream().filter(c -> c.id().equals(control)).findFirst();
        if (known.isEmpty()) {
            return "Unknown control '" + control + "'; choose one of the controls the findings name.";
        }
        io.bulkhead.compliance.Control c = known.get();
        if (!c.appliesTo(bundle.name())) {
            return c.title() + " is not checked in the " + bundle.title() + " tier: there is nothing to except.";
        }
        if (c.source() == Source.PSS_RESTRICTED) {
            return c.title() + " is advice in the " + bundle.title()
                    + " tier (outside the score, never enforced): there is nothing to except.";
        }
        return c.title() + " is kept by Bulkhead itself: re-sync the namespace instead of excepting it.";
    }

    /**
     * What an exception changes in the cluster, for the reviewer (and the requester) before it is approved.
     *
     * @param namespace the namespace's name
     * @param controlTitle the control as the findings name it
     * @param scope what the exception covers, in words (e.g. "Deployment/api, container app")
     * @param workloads the workload names of a workloads scope (empty: the namespace)
     * @param quotaPreset the namespace's preset now
     */
    public static ClusterChange clusterChange(
            Mechanism m,
            TierBundle bundle,
            String namespace,
            String controlTitle,
            String scope,
            List<String> workloads,
            @Nullable String container,
            String quotaPreset) {
        List<String> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String rule = Exemption.admissionRuleOf(m.id());
        String summary;
        ClusterChange.Kind kind;
        if (m.id().equals(Exemption.PSA_LEVEL)) {
            kind = ClusterChange.Kind.POD_SECURITY_LEVEL;
            String tier = bundle.podSecurity().enforce().label();
            summary = "Pod Security enforce level of " + namespace + ": " + tier + " → " + m.value();
            changes.add("Namespace " + namespace + ": label pod-security.kubernetes.io/enforce=" + m.value()
                    + " (was " + tier + "); audit and warn stay "
                    + bundle.podSecurity().audit().label() + " and "
                    + bundle.podSecurity().warn().label() + ", so violations stay visible.");
            notes.add("Pod Security admission works per namespace: it then admits every pod that meets " + m.value()
                    + ". Only the findings of " + controlTitle + " in " + scope
                    + " are waived; every other check stays scored at " + tier + ".");
        } else if (rule != null) {
            kind = ClusterChange.Kind.ADMISSION_EXCLUSION;
            if (workloads.isEmpty()) {
                summary = "Namespace " + namespace + " left out of the tier's " + rule + " admission rule";
                changes.add("Namespace " + namespace + ": exempt label for " + rule
                        + ", so the tier's policy binding no longer matches it.");
            } else {
                summary = "Workloads " + String.join(", ", workloads) + " left out of the tier's " + rule
                        + " admission rule";
                changes.add("Namespace " + namespace + ": exempt label for " + rule
                        + ", moving it from the tier's binding to a copy of its own.");
                changes.add("A ValidatingAdmissionPolicy and binding for " + namespace + " only: the same rule, with"
                        + " a match condition that leaves out " + String.join(", ", workloads)
                        + " by name (never by labels, which the team controls).");
                if (container != null) {
                    notes.add("Admission tells workloads apart, not containers: the whole workload is left out of the"
                            + " rule; only container " + container + "'s findings are waived.");
                }
            }
        } else if (m.id().equals(EGRESS)) {
            kind = ClusterChange.Kind.EGRESS_RULE;
            String[] p = String.valueOf(m.value()).split(",", -1);
            String where = p.length == 3 ? p[0] + " port " + p[1] + "/" + p[2] : String.valueOf(m.value());
            summary = "Egress from " + namespace + " to " + where;
            changes.add("NetworkPolicy bulkhead-exception-egress in " + namespace + ": an egress rule to " + where
                    + "; the default deny stays.");
        } else if (m.id().equals(QUOTA)) {
            kind = ClusterChange.Kind.QUOTA_PRESET;
            summary = "Quota of " + namespace + ": preset " + quotaPreset + " → " + m.value();
            TierBundle.QuotaPreset to = bundle.quotaPresets().get(String.valueOf(m.value()));
            changes.add("ResourceQuota of " + namespace + ": the values of preset " + m.value()
                    + (to == null
                            ? ""
                            : " (requests.cpu " + to.requestsCpu() + ", requests.memory " + to.requestsMemory()
                                    + ", limits.cpu " + to.limitsCpu() + ", limits.memory " + to.limitsMemory()
                                    + ", pods " + to.pods() + ")")
                    + ".");
        } else {
            kind = ClusterChange.Kind.NONE;
            summary = "No cluster change";
            notes.add("Nothing in the cluster refuses " + controlTitle + " in this tier: the exception only marks"
                    + " its findings in " + scope + " as waived.");
        }
        return new ClusterChange(kind, summary, changes, notes);
    }

    private static List<String> largerPresets(TierBundle bundle, String quotaPreset) {
        List<String> order = List.copyOf(bundle.quotaPresets().keySet());
        int at = order.indexOf(quotaPreset);
        return at < 0 ? List.of() : order.subList(at + 1, order.size());
    }

    private static @Nullable String workloadsError(@Nullable List<String> workloads) {
        List<String> names = workloadNames(workloads);
        if (names.isEmpty()) {
            return "The scope selects nothing: name at least one workload (Deployment, StatefulSet, DaemonSet, Job,"
                    + " CronJob or Pod).";
        }
        if (names.size() > MAX_WORKLOADS) {
            return "At most " + MAX_WORKLOADS + " workloads (these are " + names.size() + ").";
        }
        for (String n : names) {
            if (!DNS_LABEL.matcher(n).matches()) {
                return "'" + n + "' is not a workload name: use at most 63 lowercase letters a–z, digits and '-',"
                        + " starting and ending with a letter or digit.";
            }
        }
        return null;
    }

    private static @Nullable String ticketError(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String url = raw.strip();
        if (url.length() > MAX_TICKET_URL) {
            return "At most " + MAX_TICKET_URL + " characters (this one has " + url.length() + ").";
        }
        try {
            URI uri = new URI(url);
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && !uri.getHost().isBlank()) {
                return null;
            }
        } catch (URISyntaxException e) {
            // fall through to the message
        }
        return "Enter an http(s) link to the ticket, e.g. https://tickets.example.com/SEC-123.";
    }
}
