package io.bulkhead.inventory;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The security-relevant fields of one container of a pod template, as written (null = not set; effective values
 * that fall back to the pod's security context are worked out by the evaluator).
 *
 * @param init an init container (ephemeral containers are not part of templates)
 * @param cpuLimit whether {@code resources.limits.cpu} is set
 * @param memoryLimit whether {@code resources.limits.memory} is set
 * @param secretEnv names of environment variables filled from Secrets ({@code valueFrom.secretKeyRef}), plus
 *     {@code envFrom:<secret>} for each {@code envFrom.secretRef}
 */
public record ContainerFacts(
        String name,
        boolean init,
        ImageRef image,
        @Nullable Boolean privileged,
        List<String> capabilitiesAdd,
        List<String> capabilitiesDrop,
        @Nullable Boolean allowPrivilegeEscalation,
        @Nullable Boolean runAsNonRoot,
        @Nullable Long runAsUser,
        @Nullable Boolean readOnlyRootFilesystem,
        @Nullable String seccompType,
        @Nullable String appArmorType,
        @Nullable String seLinuxType,
        @Nullable String procMount,
        List<Integer> hostPorts,
        boolean cpuLimit,
        boolean memoryLimit,
        List<String> secretEnv) {

    public ContainerFacts {
        capabilitiesAdd = List.copyOf(capabilitiesAdd);
        capabilitiesDrop = List.copyOf(capabilitiesDrop);
        hostPorts = List.copyOf(hostPorts);
        secretEnv = List.copyOf(secretEnv);
    }
}
