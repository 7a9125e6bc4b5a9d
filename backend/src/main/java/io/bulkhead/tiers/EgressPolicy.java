package io.bulkhead.tiers;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;

/**
 * The one place that decides an egress allowlist entry under a tier ({@link TierBundle.Egress}): the namespace request
 * and the exception workflow both ask here. Network math is done by the {@code ipaddress} library.
 *
 * <ol>
 *   <li>a prefix shorter than the tier's {@code refuseWiderThan} is {@link Outcome#REFUSE refused};
 *   <li>{@code 0.0.0.0/0}, {@code ::/0} and any prefix shorter than /8 (IPv4) or /7 (IPv6) go to
 *       {@link Outcome#REVIEW review} on every tier;
 *   <li>a network inside one of the tier's {@code autoApproveWithin} ranges with a prefix at least
 *       {@code autoApproveWidest} long is {@link Outcome#AUTO_APPROVE approved automatically};
 *   <li>anything else goes to review, with the reason.
 * </ol>
 */
public final class EgressPolicy {
    /** The widest IPv4 prefix any tier may approve automatically. */
    public static final int WIDEST_AUTO_IPV4 = 8;
    /** The widest IPv6 prefix any tier may approve automatically (fc00::/7, the unique local range). */
    public static final int WIDEST_AUTO_IPV6 = 7;

    private EgressPolicy() {}

    /** How an entry is decided. */
    public enum Outcome {
        AUTO_APPROVE,
        REVIEW,
        REFUSE
    }

    /** The decision and, for review and refusal, the sentence that says why (shown to requester and reviewer). */
    public record Verdict(Outcome outcome, String reason) {}

    static Verdict classify(TierBundle bundle, String cidr) {
        IPAddress network = parse(cidr);
        boolean ipv6 = network.isIPv6();
        String family = ipv6 ? "IPv6" : "IPv4";
        int prefix =
                network.getNetworkPrefixLength() == null ? network.getBitCount() : network.getNetworkPrefixLength();
        TierBundle.Egress egress = bundle.egress();
        int refuseBelow = egress.refuseWiderThan().of(ipv6);
        if (prefix < refuseBelow) {
            return new Verdict(
                    Outcome.REFUSE,
                    "The " + bundle.title() + " tier refuses egress to networks wider than /" + refuseBelow + " ("
                            + family + "); " + cidr + " is /" + prefix + ".");
        }
        if (prefix == 0) {
            return new Verdict(
                    Outcome.REVIEW,
                    "Egress to " + cidr + " opens the whole " + family
                            + " internet; it is never approved automatically.");
        }
        int floor = ipv6 ? WIDEST_AUTO_IPV6 : WIDEST_AUTO_IPV4;
        if (prefix < floor) {
            return new Verdict(
                    Outcome.REVIEW,
                    "Egress to " + cidr + " (/" + prefix + ") is wider than /" + floor
                            + ", which is never approved automatically.");
        }
        List<String> within = egress.autoApproveWithin().stream()
                .filter(r -> parse(r).isIPv6() == ipv6)
                .toList();
        if (within.stream().noneMatch(r -> parse(r).contains(network))) {
            return new Verdict(
                    Outcome.REVIEW,
                    "Egress to " + cidr + " is outside the " + family + " ranges the " + bundle.title()
                            + " tier approves automatically" + (within.isEmpty() ? " (none)" : " " + within) + ".");
        }
        int widest = egress.autoApproveWidest().of(ipv6);
        if (prefix < widest) {
            return new Verdict(
                    Outcome.REVIEW,
                    "Egress to " + cidr + " (/" + prefix + ") is wider than /" + widest + ", the widest " + family
                            + " network the " + bundle.title() + " tier approves automatically.");
        }
        return new Verdict(Outcome.AUTO_APPROVE, "Inside the tier's automatically approved ranges.");
    }

    /** The network of a CIDR; the caller has validated it (EgressRule, or the bundle parser). */
    static IPAddress parse(String cidr) {
        IPAddress a = new IPAddressString(cidr).getAddress();
        if (a == null || !new IPAddressString(cidr).isPrefixed()) {
            throw new IllegalArgumentException("not a network in CIDR notation: " + cidr);
        }
        return a.toPrefixBlock();
    }

    /**
     * Why {@code cidr} is not a network in CIDR notation without host bits, or null when it is (for the bundle
     * parser).
     */
    static @org.jspecify.annotations.Nullable String cidrProblem(String cidr) {
        IPAddressString s = new IPAddressString(cidr);
        IPAddress host = s.getHostAddress();
        if (host == null || !s.isPrefixed() || cidr.contains("*") || cidr.contains("-")) {
            return "'" + cidr + "' is not a network in CIDR notation (e.g. 10.0.0.0/8 or fc00::/7)";
        }
        IPAddress block = s.getAddress().toPrefixBlock();
        if (!block.getLower().withoutPrefixLength().equals(host.withoutPrefixLength())) {
            return "'" + cidr + "' has host bits set (the network is " + block.toCanonicalString() + ")";
        }
        return null;
    }
}
