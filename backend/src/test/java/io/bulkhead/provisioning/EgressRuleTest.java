package io.bulkhead.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkhead.platform.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EgressRuleTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.0/24",
                "10.0.0.1/32",
                "0.0.0.0/0",
                "192.168.4.0/22",
                "2001:db8::/32",
                "2001:db8::1/128",
                "::/0",
                "fd00:abcd::/48"
            })
    void acceptsNetworksWithoutHostBits(String cidr) {
        assertThat(EgressRule.validate(cidr, 443, "TCP")).isEmpty();
        assertThat(new EgressRule(cidr, 443, "TCP").cidr()).isEqualTo(cidr);
    }

    @Test
    void rejectsHostBitsAndNamesTheNetworkAddress() {
        assertThat(EgressRule.validate("10.0.0.1/24", 443, "TCP"))
                .containsOnlyKeys("cidr")
                .containsEntry("cidr", "'10.0.0.1/24' has host bits set: use the network address 10.0.0.0/24.");
        assertThat(EgressRule.validate("2001:db8::1/32", 443, "TCP").get("cidr"))
                .contains("has host bits set")
                .endsWith("use the network address 2001:db8::/32.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            10.0.0.0/33        | Prefix length must be between 0 and 32, not '33'.
            2001:db8::/129     | Prefix length must be between 0 and 128, not '129'.
            10.0.0.0/-1        | Prefix length must be between 0 and 32, not '-1'.
            10.0.0.0/08        | Prefix length must be between 0 and 32, not '08'.
            10.0.0.0           | CIDR must be an address and a prefix length
            10.0.0.0/8/8       | CIDR must be an address and a prefix length
            256.0.0.0/8        | '256.0.0.0' is not an IPv4 or IPv6 address.
            010.0.0.0/8        | '010.0.0.0' is not an IPv4 or IPv6 address.
            10.0.0/24          | '10.0.0' is not an IPv4 or IPv6 address.
            example.com/32     | 'example.com' is not an IPv4 or IPv6 address.
            2001:db8:::/48     | '2001:db8:::' is not an IPv6 address.
            fe80::1%eth0/64    | 'fe80::1%eth0' is not an IPv4 or IPv6 address.
            """)
    void rejectsMalformedCidrs(String cidr, String message) {
        assertThat(EgressRule.validate(cidr, 443, "TCP").get("cidr")).startsWith(message);
    }

    @Test
    void requiresACidr() {
        assertThat(EgressRule.validate(null, 443, "TCP")).containsKey("cidr");
        assertThat(EgressRule.validate(" ", 443, "TCP")).containsKey("cidr");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 100000})
    void rejectsPortsOutside1To65535(int port) {
        assertThat(EgressRule.validate("10.0.0.0/8", port, "TCP"))
                .containsOnlyKeys("port")
                .containsEntry("port", "Port must be between 1 and 65535, not " + port + ".");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 53, 65535})
    void acceptsPortsAtTheBounds(int port) {
        assertThat(EgressRule.validate("10.0.0.0/8", port, "UDP")).isEmpty();
    }

    @Test
    void rejectsAMissingPort() {
        assertThat(EgressRule.validate("10.0.0.0/8", null, "TCP")).containsOnlyKeys("port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TCP", "UDP", "SCTP"})
    void acceptsTheThreeProtocols(String protocol) {
        assertThat(EgressRule.validate("10.0.0.0/8", 53, protocol)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ICMP", "HTTP", ""})
    void rejectsOtherProtocols(String protocol) {
        assertThat(EgressRule.validate("10.0.0.0/8", 53, protocol))
                .containsOnlyKeys("protocol")
                .containsEntry("protocol", "Protocol must be TCP, UDP or SCTP, not '" + protocol + "'.");
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        assertThat(EgressRule.validate("10.0.0.1/24", 0, "ICMP")).containsOnlyKeys("cidr", "port", "protocol");
    }

    @Test
    void constructorRejectsInvalidRulesWithFieldMessages() {
        assertThatThrownBy(() -> new EgressRule("10.0.0.0/33", 65536, "TCP"))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.fieldErrors()).containsOnlyKeys("cidr", "port"));
    }
}
