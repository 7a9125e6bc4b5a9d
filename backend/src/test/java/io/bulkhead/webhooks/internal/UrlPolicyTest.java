package io.bulkhead.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UrlPolicyTest {
    private final AtomicReference<String> dns = new AtomicReference<>("93.184.216.34");
    private final UrlPolicy.Resolver resolver = host -> {
        if (host.equals("hooks.example.com")) {
            return new InetAddress[] {InetAddress.getByName(dns.get())};
        }
        if (host.equals("nowhere.example")) {
            throw new UnknownHostException(host);
        }
        return InetAddress.getAllByName(host);
    };

    @Test
    void aNameRepointedToAnInternalAddressIsRefusedAtDeliveryTime() {
        UrlPolicy p = new UrlPolicy(false, List.of(), resolver);
        assertThat(p.refusal("https://hooks.example.com/x", true)).isEmpty();
        dns.set("10.96.0.1"); // e.g. the cluster's kubernetes service
        assertThat(p.deliveryRefusal("https://hooks.example.com/x", true))
                .hasValueSatisfying(r -> assertThat(r).contains("internal address (10.96.0.1)"));
        // a platform endpoint may reach it
        assertThat(p.deliveryRefusal("https://hooks.example.com/x", false)).isEmpty();
    }

    @Test
    void theAdminsAllowlistOpensOnlyItsNetworks() {
        UrlPolicy p = new UrlPolicy(false, List.of("10.20.0.0/16"), resolver);
        assertThat(p.refusal("https://10.20.3.4/hook", true)).isEmpty();
        assertThat(p.refusal("https://10.21.3.4/hook", true)).isPresent();
        assertThat(p.refusal("https://127.0.0.1/hook", true)).isPresent();
    }

    @Test
    void plainHttpOnlyToLocalhostAndOnlyWhenSwitchedOn() {
        assertThat(new UrlPolicy(false, List.of(), resolver).refusal("http://localhost:8080/x", false))
                .hasValueSatisfying(r -> assertThat(r).contains("https"));
        assertThat(new UrlPolicy(true, List.of(), resolver).refusal("http://localhost:8080/x", false))
                .isEmpty();
        assertThat(new UrlPolicy(true, List.of(), resolver).refusal("http://hooks.example.com/x", false))
                .isPresent();
        // http to localhost is still loopback: a team endpoint needs the allowlist for it
        assertThat(new UrlPolicy(true, List.of(), resolver).refusal("http://localhost:8080/x", true))
                .isPresent();
    }

    @Test
    void classifiesInternalAddresses() throws Exception {
        for (String a : List.of(
                "127.0.0.1",
                "10.1.1.1",
                "172.16.5.5",
                "192.168.0.1",
                "169.254.169.254",
                "100.64.1.1",
                "0.0.0.0",
                "::1",
                "fe80::1",
                "fd12::1",
                "::ffff:127.0.0.1",
                "224.0.0.1")) {
            assertThat(UrlPolicy.isInternal(InetAddress.getByName(a))).as(a).isTrue();
        }
        for (String a : List.of("93.184.216.34", "8.8.8.8", "2606:4700::1111")) {
            assertThat(UrlPolicy.isInternal(InetAddress.getByName(a))).as(a).isFalse();
        }
    }

    @Test
    void unresolvableHostsAndUserInfoAreRefused() {
        UrlPolicy p = new UrlPolicy(false, List.of(), resolver);
        assertThat(p.refusal("https://nowhere.example/", true))
                .hasValueSatisfying(r -> assertThat(r).contains("resolve"));
        assertThat(p.refusal("https://a:b@hooks.example.com/", false)).isPresent();
        assertThat(p.refusal("not a url", false)).isPresent();
    }
}
