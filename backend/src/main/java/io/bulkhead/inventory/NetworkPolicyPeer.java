package io.bulkhead.inventory;

import org.jspecify.annotations.Nullable;

/**
 * One peer of a rule of a NetworkPolicy that Bulkhead did not make (no {@code app.kubernetes.io/managed-by=bulkhead}
 * label): what it lets in or out. Compliance compares these with the tier.
 *
 * @param policy the NetworkPolicy's name
 * @param ingress true for an ingress rule ({@code from}), false for egress ({@code to})
 * @param peer {@code anywhere} (a rule without peers), {@code ipBlock}, {@code sameNamespace} (podSelector alone) or
 *     {@code otherNamespaces} (a namespaceSelector)
 * @param cidr the ipBlock's CIDR, for {@code ipBlock}
 */
public record NetworkPolicyPeer(
        String policy,
        boolean ingress,
        String peer,
        @Nullable String cidr) {
    public static final String ANYWHERE = "anywhere";
    public static final String IP_BLOCK = "ipBlock";
    public static final String SAME_NAMESPACE = "sameNamespace";
    public static final String OTHER_NAMESPACES = "otherNamespaces";
}
