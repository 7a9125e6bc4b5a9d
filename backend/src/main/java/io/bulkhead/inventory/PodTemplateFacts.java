package io.bulkhead.inventory;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A neutral, fabric8-free snapshot of the security-relevant fields of a pod template (or bare pod). This is all
 * the inventory keeps of a workload: a few hundred bytes instead of the whole object.
 *
 * @param podRunAsNonRoot {@code spec.securityContext.runAsNonRoot}
 * @param podRunAsUser {@code spec.securityContext.runAsUser}
 * @param podSeccompType {@code spec.securityContext.seccompProfile.type}
 * @param podAppArmorType {@code spec.securityContext.appArmorProfile.type}
 * @param podSeLinuxType {@code spec.securityContext.seLinuxOptions.type}
 * @param hostPathVolumes names of volumes of type hostPath, as {@code name=path}
 * @param sysctls {@code spec.securityContext.sysctls} name → value
 * @param automountServiceAccountToken {@code spec.automountServiceAccountToken} (null: the service account's)
 * @param serviceAccountName null means {@code default}
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
        List<ContainerFacts> containers) {

    public PodTemplateFacts {
        hostPathVolumes = List.copyOf(hostPathVolumes);
        sysctls = Map.copyOf(sysctls);
        containers = List.copyOf(containers);
    }

    /** Every image of the template (init containers included), in container order. */
    public List<ImageRef> images() {
        return containers.stream().map(ContainerFacts::image).toList();
    }
}
