package io.bulkhead.provisioning;

import io.bulkhead.platform.ValidationException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a namespace's egress allowlist: traffic to {@code cidr} on {@code port}/{@code protocol}. The
 * constructor rejects invalid values with a {@link ValidationException}; forms call {@link #validate} on the raw
 * input first to show one message per field.
 *
 * @param cidr an IPv4 or IPv6 network in CIDR notation without host bits, e.g. {@code 10.20.0.0/16} or
 *     {@code 2001:db8::/32}
 * @param port 1–65535
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
 */
public record EgressRule(String cidr, int port, String protocol) {

    public static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

    private static final Pattern IPV4 = Pattern.compile(
            "^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:.]+$");
    private static final Pattern PREFIX = Pattern.compile("^(0|[1-9][0-9]{0,2})$");

    public EgressRule {
        Map<String, String> errors = validate(cidr, port, protocol);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /**
     * Checks raw input. Returns one message per invalid field, keyed {@code cidr}, {@code port} and {@code protocol};
     * empty when all are valid.
     */
    public static Map<String, String> validate(
            @Nullable String cidr, @Nullable Integer port, @Nullable String protocol) {
        Map<String, String> errors = new LinkedHashMap<>();
        String cidrError = cidrError(cidr);
        if (cidrError != null) {
            errors.put("cidr", cidrError);
        }
        if (port == null || port < 1 || port > 65535) {
            errors.put("port", "Port must be between 1 and 65535" + (port == null ? "." : ", not " + port + "."));
        }
        if (protocol == null || !PROTOCOLS.contains(protocol)) {
            errors.put(
                    "protocol",
                    "Protocol must be TCP, UDP or SCTP" + (protocol == null ? "." : ", not '" + protocol + "'."));
        }
        return errors;
    }

    private static @Nullable String cidrError(@Nullable String cidr) {
        if (cidr == null || cidr.isBlank()) {
            return "CIDR is required, e.g. 10.20.0.0/16 or 2001:db8::/32.";
        }
        int slash = cidr.indexOf('/');
        if (slash < 0 || slash != cidr.lastIndexOf('/')) {
            return "CIDR must be an address and a prefix length, e.g. 10.20.0.0/16 or 2001:db8::/32.";
        }
        String address = cidr.substring(0, slash);
        String prefixText = cidr.substring(slash + 1);
        byte[] bytes;
        if (IPV4.matcher(address).matches()) {
            bytes = literal(address);
        } else if (address.contains(":") && IPV6_CHARS.matcher(address).matches()) {
            bytes = literal(address);
            if (bytes == null || bytes.length != 16) {
                return "'" + address + "' is not an IPv6 address.";
            }
        } else {
            return "'" + address + "' is not an IPv4 or IPv6 address.";
        }
        if (bytes == null) {
            return "'" + address + "' is not an IP address.";
        }
        int bits = bytes.length * 8;
        if (!PREFIX.matcher(prefixText).matches() || Integer.parseInt(prefixText) > bits) {
            return "Prefix length must be between 0 and " + bits + ", not '" + prefixText + "'.";
        }
        int prefix = Integer.parseInt(prefixText);
        for (int bit = prefix; bit < bits; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return "'" + cidr + "' has host bits set: use the network address " + network(bytes, prefix) + "/"
                        + prefix + ".";
            }
        }
        return null;
    }

    /** Parses an IP literal without any name lookup; null if it is not one. */
    private static byte @Nullable [] literal(String address) {
        try {
            InetAddress a = InetAddress.ofLiteral(address);
            if (address.contains(":") && !(a instanceof Inet6Address)) {
                // an IPv4-mapped IPv6 literal (::ffff:a.b.c.d) comes back as IPv4: keep the IPv6 width
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
                return mapped;
            }
            return a.getAddress();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String network(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        if (masked.length == 4) {
            return (masked[0] & 0xff) + "." + (masked[1] & 0xff) + "." + (masked[2] & 0xff) + "." + (masked[3] & 0xff);
        }
        // RFC 5952 text: lowercase hex, the longest run (two or more) of zero groups shortened to "::"
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((masked[2 * i] & 0xff) << 8) | (masked[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
