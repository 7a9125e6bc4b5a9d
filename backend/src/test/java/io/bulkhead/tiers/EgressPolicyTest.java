package io.bulkhead.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.tiers.EgressPolicy.Outcome;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

class EgressPolicyTest {

    static final List<String> SHIPPED = TierFixtures.SHIPPED;

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            baseline   | 10.0.0.0/8        | AUTO_APPROVE | Inside the tier's automatically approved ranges.
            baseline   | 10.20.0.0/16      | AUTO_APPROVE | Inside
            baseline   | 192.168.1.7/32    | AUTO_APPROVE | Inside
            baseline   | fd12:3456::/32    | AUTO_APPROVE | Inside
            baseline   | fc00::/7          | AUTO_APPROVE | Inside
            baseline   | 0.0.0.0/0         | REVIEW       | Egress to 0.0.0.0/0 opens the whole IPv4 internet; it is never approved automatically.
            baseline   | ::/0              | REVIEW       | Egress to ::/0 opens the whole IPv6 internet
            baseline   | 8.0.0.0/7         | REVIEW       | Egress to 8.0.0.0/7 (/7) is wider than /8, which is never approved automatically.
            baseline   | 203.0.113.0/24    | REVIEW       | Egress to 203.0.113.0/24 is outside the IPv4 ranges the Baseline tier approves automatically [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16].
            baseline   | 172.0.0.0/8       | REVIEW       | outside the IPv4 ranges
            baseline   | 2001:db8::/32     | REVIEW       | outside the IPv6 ranges the Baseline tier approves automatically [fc00::/7]
            restricted | 10.20.0.0/16      | AUTO_APPROVE | Inside
            restricted | 10.0.0.0/8        | REVIEW       | Egress to 10.0.0.0/8 (/8) is wider than /16, the widest IPv4 network the Restricted tier approves automatically.
            restricted | fd00::/8          | REVIEW       | wider than /48, the widest IPv6 network
            restricted | 0.0.0.0/0         | REVIEW       | never approved automatically
            sandboxed  | 10.1.2.0/24       | AUTO_APPROVE | Inside
            sandboxed  | 10.1.0.0/16       | REVIEW       | wider than /24
            sandboxed  | 203.0.113.0/24    | REVIEW       | outside the IPv4 ranges
            sandboxed  | 0.0.0.0/0         | REFUSE       | The Sandboxed tier refuses egress to networks wider than /8 (IPv4); 0.0.0.0/0 is /0.
            sandboxed  | ::/0              | REFUSE       | The Sandboxed tier refuses egress to networks wider than /32 (IPv6); ::/0 is /0.
            sandboxed  | 0.0.0.0/1         | REFUSE       | wider than /8
            sandboxed  | 2000::/3          | REFUSE       | wider than /32
            sandboxed  | 4.0.0.0/8         | REVIEW       | outside
            sensitive  | 10.1.2.0/24       | REVIEW       | outside the IPv4 ranges the Sensitive tier approves automatically (none)
            """)
    void classifiesEgressByTheTiersData(String tier, String cidr, Outcome outcome, String reason) {
        EgressPolicy.Verdict v = TierFixtures.shipped(tier).classifyEgress(cidr);

        assertThat(v.outcome()).isEqualTo(outcome);
        assertThat(v.reason()).contains(reason);
    }

    @ParameterizedTest
    @FieldSource("SHIPPED")
    void noShippedTierApprovesTheWholeInternetAutomatically(String tier) {
        TierBundle b = TierFixtures.shipped(tier);
        for (String cidr : List.of("0.0.0.0/0", "::/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/7", "::/1", "fc00::/6")) {
            assertThat(b.classifyEgress(cidr).outcome()).as(tier + " " + cidr).isNotEqualTo(Outcome.AUTO_APPROVE);
        }
    }

    @ParameterizedTest
    @CsvSource({"::ffff:10.0.0.0/104", "::ffff:0:0/96"})
    void anIpv4MappedIpv6NetworkIsNotTakenForItsIpv4Twin(String cidr) {
        assertThat(TierFixtures.baseline().classifyEgress(cidr).outcome()).isEqualTo(Outcome.REVIEW);
    }
}
