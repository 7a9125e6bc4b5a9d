package io.bulkhead.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.inventory.NetworkPolicyPeer;
import io.bulkhead.tiers.TierFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a NetworkPolicy not made by Bulkhead opens beyond the tier, by the tier's own rule. */
class TenantNetworkPolicyWideningTest {

    static NetworkPolicyPeer peer(String policy, boolean ingress, String peer, String cidr) {
        return new NetworkPolicyPeer(policy, ingress, peer, cidr);
    }

    @Test
    void onBaselineOnlyRulesWithoutPeersAndIpBlocksWiden() {
        var net = TierFixtures.baseline().network();
        List<NetworkPolicyPeer> peers = List.of(
                peer("allow-all", true, NetworkPolicyPeer.ANYWHERE, null),
                peer("allow-all", false, NetworkPolicyPeer.ANYWHERE, null),
                peer("internet", false, NetworkPolicyPeer.IP_BLOCK, "0.0.0.0/0"),
                peer("internet", false, NetworkPolicyPeer.IP_BLOCK, "::/0"),
                peer("web", true, NetworkPolicyPeer.SAME_NAMESPACE, null),
                peer("web", true, NetworkPolicyPeer.OTHER_NAMESPACES, null),
                peer("web", false, NetworkPolicyPeer.OTHER_NAMESPACES, null));

        assertThat(Compliance.widening(net, peers))
                .containsExactly(
                        "allow-all: ingress from anywhere",
                        "allow-all: egress to anywhere",
                        "internet: egress to 0.0.0.0/0, ::/0");
    }

    @Test
    void onSandboxedOtherNamespacesWidenBothWaysAndPodsOfTheNamespaceDoNot() {
        var net = TierFixtures.sandboxed().network();
        List<NetworkPolicyPeer> peers = List.of(
                peer("mesh", true, NetworkPolicyPeer.OTHER_NAMESPACES, null),
                peer("mesh", false, NetworkPolicyPeer.OTHER_NAMESPACES, null),
                peer("mesh", false, NetworkPolicyPeer.SAME_NAMESPACE, null));

        assertThat(Compliance.widening(net, peers))
                .containsExactly("mesh: ingress from other namespaces", "mesh: egress to other namespaces");
        assertThat(Compliance.widening(net, List.of(peer("local", true, NetworkPolicyPeer.SAME_NAMESPACE, null))))
                .isEmpty();
    }
}
