package io.bulkhead.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A neutral, fabric8-free snapshot of the security-relevant fields of a pod template (or bare pod): every field a
 * Pod Security Standards check reads, plus what the other controls need. This is all the inventory keeps of a
 * workload: a few hundred bytes instead of the whole object. Components added later are nullable (absent in facts
 * stored before them; the compact constructor makes absent lists and maps empty).
 *
 * @param podRunAsNonRoot {@code spec.securityContext.runAsNonRoot}
 * @param podRunAsUser {@code spec.securityContext.runAsUser}
 * @param podSeccompType {@code spec.securityContext.seccompProfile.type}
 * @param podAppArmorType {@code spec.securityContext.appArmorProfile.type}
 * @param podSeLinuxType {@code spec.securityContext.seLinuxOptions.type}
 * @param hostPathVolumes names of volumes of type hostPath, as {@code name=path}
 * @param sysctls {@code spec.securityContext.sysctls} name → value, in spec order
 * @param automountServiceAccountToken {@code spec.automountServiceAccountToken} (null: the service account's)
 * @param serviceAccountName null means {@code default}
 * @param containers init containers, then containers, then ephemeral containers, each in spec order
 * @param osName {@code spec.os.name} ({@code linux}, {@code windows}; null when unset)
 * @param hostUsers {@code spec.hostUsers} (false: the pod runs in its own user namespace)
 * @param podHostProcess {@code spec.securityContext.windowsOptions.hostProcess}
 * @param podSeLinuxUser {@code spec.securityContext.seLinuxOptions.user}
 * @param podSeLinuxRole {@code spec.securityContext.seLinuxOptions.role}
 * @param volumes every volume as {@code name=type}, type as the field that sets it ({@code configMap},
 *     {@code hostPath}, {@code nfs}, …; {@code unknown} when none is known)
 * @param securityAnnotations the pod's AppArmor and seccomp annotations
 *     ({@code container.apparmor.security.beta.kubernetes.io/*}, {@code seccomp.security.alpha.kubernetes.io/pod},
 *     {@code container.seccomp.security.alpha.kubernetes.io/*}); other annotations are not kept
 */
public record PodTemplateFacts(
        boolean hostNetwork,
        boolean hostPID,
        boolean hostIPC,
        @Nullable Boolean podRunAsNonRoot,
        @Nullable Long podRunAsUser,
        @Nullable String podSeccompType,
        @Nullable String podAppArmorType,
        @Nullable String podSeLinuxType,
        List<String> hostPathVolumes,
        Map<String, String> sysctls,
        @Nullable Boolean automountServiceAccountToken,
        @Nullable String serviceAccountName,
        @Nullable String runtimeClassName,
        List<ContainerFacts> containers,
        @Nullable String osName,
        @Nullable Boolean hostUsers,
        @Nullable Boolean podHostProcess,
        @Nullable String podSeLinuxUser,
        @Nullable String podSeLinuxRole,
        List<String> volumes,
        Map<String, String> securityAnnotations) {

    public PodTemplateFacts {
        hostPathVolumes = hostPathVolumes == null ? List.of() : List.copyOf(hostPathVolumes);
        sysctls = ordered(sysctls);
        containers = containers == null ? List.of() : List.copyOf(containers);
        volumes = volumes != null ? List.copyOf(volumes) : hostPathsAsVolumes(hostPathVolumes);
        securityAnnotations = securityAnnotations == null ? Map.of() : Map.copyOf(securityAnnotations);
    }

    /** The facts as recorded before the Pod Security fields were added (no os, user namespace, volumes list…). */
    public PodTemplateFacts(
            boolean hostNetwork,
            boolean hostPID,
            boolean hostIPC,
            @Nullable Boolean podRunAsNonRoot,
            @Nullable Long podRunAsUser,
            @Nullable String podSeccompType,
            @Nullable String podAppArmorType,
            @Nullable String podSeLinuxType,
            List<String> hostPathVolumes,
            Map<String, String> sysctls,
            @Nullable Boolean automountServiceAccountToken,
            @Nullable String serviceAccountName,
            @Nullable String runtimeClassName,
            List<ContainerFacts> containers) {
        this(
                hostNetwork,
                hostPID,
                hostIPC,
                podRunAsNonRoot,
                podRunAsUser,
                podSeccompType,
                podAppArmorType,
                podSeLinuxType,
                hostPathVolumes,
                sysctls,
                automountServiceAccountToken,
                serviceAccountName,
                runtimeClassName,
                containers,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of());
    }

    /** Every image of the template (init containers included), in container order. */
    public List<ImageRef> images() {
        return containers.stream().map(ContainerFacts::image).toList();
    }

    /** {@code spec.os.name: windows}. */
    public boolean windows() {
        return "windows".equals(osName);
    }

    /** Facts recorded without the volume list: at least their hostPath volumes are known. */
    private static List<String> hostPathsAsVolumes(List<String> hostPaths) {
        return hostPaths.stream()
                .map(v -> v.substring(0, Math.max(0, v.indexOf('='))) + "=hostPath")
                .toList();
    }

    private static Map<String, String> ordered(@Nullable Map<String, String> m) {
        if (m == null || m.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
