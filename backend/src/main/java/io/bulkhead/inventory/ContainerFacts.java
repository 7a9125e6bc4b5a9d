package io.bulkhead.inventory;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The security-relevant fields of one container of a pod template, as written (null = not set; effective values
 * that fall back to the pod's security context are worked out by the evaluator). Components added later are
 * nullable (absent in facts stored before them).
 *
 * @param init an init container ({@code spec.initContainers})
 * @param cpuLimit whether {@code resources.limits.cpu} is set
 * @param memoryLimit whether {@code resources.limits.memory} is set
 * @param secretEnv names of environment variables filled from Secrets ({@code valueFrom.secretKeyRef}), plus
 *     {@code envFrom:<secret>} for each {@code envFrom.secretRef}
 * @param ephemeral an ephemeral container ({@code spec.ephemeralContainers}, bare pods only)
 * @param seLinuxUser {@code securityContext.seLinuxOptions.user}
 * @param seLinuxRole {@code securityContext.seLinuxOptions.role}
 * @param hostProcess {@code securityContext.windowsOptions.hostProcess}
 * @param probeHosts each {@code host} set on a probe or lifecycle handler, as {@code <field path in the
 *     container>=<host>}, e.g. {@code livenessProbe.httpGet.host=10.0.0.1}
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
        List<String> secretEnv,
        @Nullable Boolean ephemeral,
        @Nullable String seLinuxUser,
        @Nullable String seLinuxRole,
        @Nullable Boolean hostProcess,
        List<String> probeHosts) {

    public ContainerFacts {
        capabilitiesAdd = capabilitiesAdd == null ? List.of() : List.copyOf(capabilitiesAdd);
        capabilitiesDrop = capabilitiesDrop == null ? List.of() : List.copyOf(capabilitiesDrop);
        hostPorts = hostPorts == null ? List.of() : List.copyOf(hostPorts);
        secretEnv = secretEnv == null ? List.of() : List.copyOf(secretEnv);
        probeHosts = probeHosts == null ? List.of() : List.copyOf(probeHosts);
    }

    /** A container as recorded before the Pod Security fields were added. */
    public ContainerFacts(
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
        this(
                name,
                init,
                image,
                privileged,
                capabilitiesAdd,
                capabilitiesDrop,
                allowPrivilegeEscalation,
                runAsNonRoot,
                runAsUser,
                readOnlyRootFilesystem,
                seccompType,
                appArmorType,
                seLinuxType,
                procMount,
                hostPorts,
                cpuLimit,
                memoryLimit,
                secretEnv,
                null,
                null,
                null,
                null,
                List.of());
    }

    /** The pod spec list the container is in: {@code initContainers}, {@code containers} or {@code ephemeralContainers}. */
    public String list() {
        return Boolean.TRUE.equals(ephemeral) ? "ephemeralContainers" : init ? "initContainers" : "containers";
    }
}
