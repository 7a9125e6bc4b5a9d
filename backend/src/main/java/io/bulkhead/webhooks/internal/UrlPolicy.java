package io.bulkhead.webhooks.internal;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may go. Always {@code https} (plain {@code http} only to localhost, and only when
 * {@code bulkhead.webhooks.allow-http-localhost} is on, for development and tests), no user info, no fragment.
 * A team's endpoint must not reach into the cluster or the portal's own network (SSRF): its host must resolve only
 * to public addresses, unless an address is inside the admin's allowlist
 * ({@code bulkhead.webhooks.allowed-private-networks}, CIDRs). The check runs when the endpoint is saved and again
 * before every delivery (a name can be re-pointed after it was saved); redirects are never followed. Platform
 * endpoints (admins) may target internal addresses.
 */
@Component
public class UrlPolicy {
    /** Networks a team endpoint may not reach (besides what {@link InetAddress} classifies as local). */
    private static final List<IPAddress> BLOCKED = parse(List.of(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "224.0.0.0/3",
            "::/128",
            "::1/128",
            "64:ff9b::/96",
            "fc00::/7",
            "fe80::/10",
            "ff00::/8"));

    /** Resolves a host name to all its addresses (a seam for tests of the delivery-time check). */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowHttpLocalhost;
    private final List<IPAddress> allowed;
    private final Resolver resolver;

    @org.springframework.beans.factory.annotation.Autowired
    UrlPolicy(
            @Value("${bulkhead.webhooks.allow-http-localhost:false}") boolean allowHttpLocalhost,
            @Value("${bulkhead.webhooks.allowed-private-networks:}") List<String> allowedNetworks) {
        this(allowHttpLocalhost, allowedNetworks, InetAddress::getAllByName);
    }

    public UrlPolicy(boolean allowHttpLocalhost, List<String> allowedNetworks, Resolver resolver) {
        this.allowHttpLocalhost = allowHttpLocalhost;
        this.allowed = parse(allowedNetworks.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList());
        this.resolver = resolver;
    }

    /**
     * Why the URL is refused for an endpoint ({@code teamEndpoint}: of a team, not the platform), or empty when it
     * is fine. Resolves the host (a name that does not resolve is refused: it could not be checked).
     */
    public Optional<String> refusal(String url, boolean teamEndpoint) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("Not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isBlank() || !uri.isAbsolute()) {
            return Optional.of("Give an absolute URL with a host, e.g. https://hooks.example.com/bulkhead.");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("Leave user name and password out of the URL.");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("Leave the #fragment out of the URL.");
        }
        boolean localhost = isLocalhostName(host);
        if (scheme.equals("http")) {
            if (!(allowHttpLocalhost && localhost)) {
                return Optional.of("Use https (plain http is allowed only to localhost in development).");
            }
        } else if (!scheme.equals("https")) {
            return Optional.of("Use an https URL.");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.of("Not a valid port.");
        }
        return addressRefusal(host, teamEndpoint);
    }

    /** The delivery-time check: the host's current addresses, for a team endpoint. */
    public Optional<String> deliveryRefusal(String url, boolean teamEndpoint) {
        return refusal(url, teamEndpoint);
    }

    private Optional<String> addressRefusal(String rawHost, boolean checkPrivate) {
        String host =
                rawHost.startsWith("[") && rawHost.endsWith("]") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("The host " + host + " does not resolve.");
        }
        if (addresses.length == 0) {
            return Optional.of("The host " + host + " does not resolve.");
        }
        if (!checkPrivate) {
            return Optional.empty();
        }
        for (InetAddress a : addresses) {
            if (isInternal(a) && !isAllowed(a)) {
                return Optional.of("The host " + host + " resolves to an internal address (" + a.getHostAddress()
                        + "); team webhooks may only reach public addresses.");
            }
        }
        return Optional.empty();
    }

    /** Loopback, link-local, private, unique-local, CGNAT, multicast, unspecified... (not reachable from outside). */
    static boolean isInternal(InetAddress a) {
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        IPAddress ip = new IPAddressString(a.getHostAddress()).getAddress();
        if (ip == null) {
            return true;
        }
        if (ip.isIPv6() && ip.toIPv6().isIPv4Mapped()) {
            ip = ip.toIPv6().getEmbeddedIPv4Address();
        }
        for (IPAddress net : BLOCKED) {
            if (net.getIPVersion() == ip.getIPVersion() && net.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    private boolean isAllowed(InetAddress a) {
        IPAddress ip = new IPAddressString(a.getHostAddress()).getAddress();
        if (ip == null) {
            return false;
        }
        for (IPAddress net : allowed) {
            if (net.getIPVersion() == ip.getIPVersion() && net.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocalhostName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
    }

    private static List<IPAddress> parse(List<String> cidrs) {
        List<IPAddress> out = new ArrayList<>();
        for (String c : cidrs) {
            @Nullable IPAddress a = new IPAddressString(c).getAddress();
            if (a == null) {
                throw new IllegalStateException("Not a network in CIDR form: " + c);
            }
            out.add(a.toPrefixBlock());
        }
        return out;
    }
}
