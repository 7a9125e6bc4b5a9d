package io.bulkhead.exceptions;

import io.bulkhead.provisioning.EgressReview;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.Exemption;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.TierBundle.AdmissionRule;
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
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The control catalog of exceptions and the rules a request must follow. Pure: the tier bundle and the namespace's
 * quota preset come in as arguments, so every rule is unit-tested.
 *
 * <ul>
 *   <li>{@value Exemption#PSA_LEVEL}: lower the namespace's Pod Security <em>enforce</em> level (value
 *       {@code baseline} or {@code privileged}); audit and warn stay at the tier's level;
 *   <li>{@code admission:<rule-key>}: leave the namespace, or named workloads, out of one admission rule of the
 *       tier (e.g. {@code admission:requireRuntimeClass});
 *   <li>{@value Exemption#EGRESS}: one extra egress destination (value {@code <cidr>,<port>,<protocol>});
 *   <li>{@value Exemption#QUOTA}: a larger quota preset of the tier (value: the preset name).
 * </ul>
 */
public final class Controls {
    public static final int MIN_JUSTIFICATION = 20;
    public static final int MAX_JUSTIFICATION = 2000;
    public static final int MAX_TICKET_URL = 500;
    public static final int MAX_WORKLOADS = 20;

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final List<String> RULE_KEYS = List.of(
            TierBundle.RequireRuntimeClass.KEY,
            TierBundle.ImageDigestAndRegistry.KEY,
            TierBundle.ReadOnlyRootFilesystem.KEY,
            TierBundle.ResourceLimits.KEY,
            TierBundle.DedicatedNodes.KEY);

    private Controls() {}

    /** A control as shown in the request form. */
    public record Control(String id, String title, String description, boolean needsValue, boolean allowsWorkloads) {}

    /** Every control id of the catalog, whatever the tier. */
    public static List<String> catalog() {
        List<String> ids = new ArrayList<>();
        ids.add(Exemption.PSA_LEVEL);
        RULE_KEYS.forEach(k -> ids.add(Exemption.admissionControl(k)));
        ids.add(Exemption.EGRESS);
        ids.add(Exemption.QUOTA);
        return List.copyOf(ids);
    }

    /** The controls that can be excepted in a namespace of {@code bundle} with {@code quotaPreset}. */
    public static List<Control> applicable(TierBundle bundle, String quotaPreset) {
        List<Control> out = new ArrayList<>();
        if (bundle.podSecurity().enforce() != PodSecurityLevel.PRIVILEGED) {
            out.add(new Control(
                    Exemption.PSA_LEVEL,
                    "Pod Security enforce level",
                    "Lower the enforce level below "
                            + bundle.podSecurity().enforce().label() + "; audit and warn stay at the tier's levels.",
                    true,
                    false));
        }
        for (AdmissionRule rule : bundle.admission()) {
            out.add(new Control(
                    Exemption.admissionControl(rule.key()),
                    "Admission rule " + rule.key(),
                    "Leave the namespace, or named workloads, out of the tier's " + rule.key() + " rule.",
                    false,
                    true));
        }
        out.add(new Control(
                Exemption.EGRESS,
                "Egress destination",
                "Allow egress to one more destination: <cidr>,<port>,<protocol>.",
                true,
                false));
        if (!largerPresets(bundle, quotaPreset).isEmpty()) {
            out.add(new Control(
                    Exemption.QUOTA,
                    "Quota above the preset",
                    "Use a larger preset: " + largerPresets(bundle, quotaPreset) + ".",
                    true,
                    false));
        }
        return List.copyOf(out);
    }

    /**
     * Field → message for everything wrong with {@code r} for a namespace of {@code bundle} with
     * {@code quotaPreset}; empty when valid. Fields: {@code control}, {@code value}, {@code scope},
     * {@code workloads}, {@code justification}, {@code ticketUrl}, {@code durationDays}.
     */
    public static Map<String, String> validate(ExceptionRequest r, TierBundle bundle, String quotaPreset) {
        Map<String, String> errors = new LinkedHashMap<>();
        String control = r.control() == null ? "" : r.control().strip();
        boolean admission = Exemption.admissionRuleOf(control) != null;
        if (control.isEmpty()) {
            errors.put("control", "Choose the control to except.");
        } else if (!catalog().contains(control)) {
            errors.put("control", "Unknown control '" + control + "'; choose one of " + catalog() + ".");
        } else if (applicable(bundle, quotaPreset).stream().noneMatch(c -> c.id().equals(control))) {
            errors.put("control", notApplicable(control, bundle, quotaPreset));
        } else {
            String valueError = valueError(control, r.value(), bundle, quotaPreset);
            if (valueError != null) {
                errors.put("value", valueError);
            }
        }
        if (r.scope() == null) {
            errors.put("scope", "Choose the scope: the whole namespace or named workloads.");
        } else if (r.scope() == ExceptionScope.WORKLOADS) {
            if (!control.isEmpty() && !admission) {
                errors.put(
                        "scope",
                        "Only admission rules can be excepted for named workloads; " + control
                                + " applies to the whole namespace.");
            }
            String workloadsError = workloadsError(r.workloads());
            if (workloadsError != null) {
                errors.put("workloads", workloadsError);
            }
        } else if (r.workloads() != null && !r.workloads().isEmpty()) {
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

    private static String notApplicable(String control, TierBundle bundle, String quotaPreset) {
        String rule = Exemption.admissionRuleOf(control);
        if (rule != null) {
            return "The " + bundle.title() + " tier has no admission rule "
                    + rule + " to except; its rules are "
                    + bundle.admission().stream().map(AdmissionRule::key).toList() + ".";
        }
        if (control.equals(Exemption.QUOTA)) {
            return "Quota preset " + quotaPreset + " is already the largest of the " + bundle.title() + " tier.";
        }
        return "The " + bundle.title() + " tier already enforces Pod Security level privileged.";
    }

    private static @Nullable String valueError(
            String control, @Nullable String raw, TierBundle bundle, String quotaPreset) {
        String value = raw == null ? "" : raw.strip();
        switch (control) {
            case Exemption.PSA_LEVEL -> {
                PodSecurityLevel tier = bundle.podSecurity().enforce();
                List<String> lower = java.util.Arrays.stream(PodSecurityLevel.values())
                        .filter(l -> l.ordinal() < tier.ordinal())
                        .map(PodSecurityLevel::label)
                        .toList();
                if (!lower.contains(value.toLowerCase(Locale.ROOT))) {
                    return "Choose the enforce level to allow: one of " + lower + " (the tier enforces " + tier.label()
                            + ").";
                }
                return null;
            }
            case Exemption.EGRESS -> {
                String[] parts = value.split(",", -1);
                if (parts.length != 3) {
                    return "Enter the destination as <cidr>,<port>,<protocol>, e.g. 203.0.113.0/24,443,TCP.";
                }
                Integer port;
                try {
                    port = Integer.valueOf(parts[1].strip());
                } catch (NumberFormatException e) {
                    port = null;
                }
                Map<String, String> e = EgressRule.validate(parts[0].strip(), port, parts[2].strip());
                if (!e.isEmpty()) {
                    return String.join(" ", e.values());
                }
                // the same tier rule as a namespace request's allowlist (exceptions are always reviewed anyway)
                return EgressReview.refusal(bundle, List.of(new EgressRule(parts[0].strip(), port, parts[2].strip())));
            }
            case Exemption.QUOTA -> {
                List<String> larger = largerPresets(bundle, quotaPreset);
                if (!larger.contains(value)) {
                    return "Choose a preset larger than " + quotaPreset + ": one of " + larger + ".";
                }
                return null;
            }
            default -> {
                return value.isEmpty() ? null : "Admission rule exceptions take no value; leave it empty.";
            }
        }
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
