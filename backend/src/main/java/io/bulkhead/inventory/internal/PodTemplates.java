package io.bulkhead.inventory.internal;

import io.bulkhead.inventory.ContainerFacts;
import io.bulkhead.inventory.ImageRef;
import io.bulkhead.inventory.PodTemplateFacts;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Maps a fabric8 pod spec to its {@link PodTemplateFacts} (pure). */
final class PodTemplates {

    private PodTemplates() {}

    static PodTemplateFacts facts(PodSpec spec) {
        PodSecurityContext psc = spec.getSecurityContext();
        List<String> hostPaths = new ArrayList<>();
        for (Volume v : nn(spec.getVolumes())) {
            if (v.getHostPath() != null) {
                hostPaths.add(v.getName() + "=" + v.getHostPath().getPath());
            }
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        if (psc != null) {
            nn(psc.getSysctls()).forEach(s -> sysctls.put(s.getName(), s.getValue() == null ? "" : s.getValue()));
        }
        List<ContainerFacts> containers = new ArrayList<>();
        nn(spec.getInitContainers()).forEach(c -> containers.add(container(c, true)));
        nn(spec.getContainers()).forEach(c -> containers.add(container(c, false)));
        return new PodTemplateFacts(
                Boolean.TRUE.equals(spec.getHostNetwork()),
                Boolean.TRUE.equals(spec.getHostPID()),
                Boolean.TRUE.equals(spec.getHostIPC()),
                psc == null ? null : psc.getRunAsNonRoot(),
                psc == null ? null : psc.getRunAsUser(),
                psc == null || psc.getSeccompProfile() == null
                        ? null
                        : psc.getSeccompProfile().getType(),
                psc == null || psc.getAppArmorProfile() == null
                        ? null
                        : psc.getAppArmorProfile().getType(),
                psc == null || psc.getSeLinuxOptions() == null
                        ? null
                        : psc.getSeLinuxOptions().getType(),
                hostPaths,
                sysctls,
                spec.getAutomountServiceAccountToken(),
                spec.getServiceAccountName(),
                spec.getRuntimeClassName(),
                containers);
    }

    private static ContainerFacts container(Container c, boolean init) {
        SecurityContext sc = c.getSecurityContext();
        Capabilities caps = sc == null ? null : sc.getCapabilities();
        List<Integer> hostPorts = new ArrayList<>();
        for (ContainerPort p : nn(c.getPorts())) {
            if (p.getHostPort() != null && p.getHostPort() != 0) {
                hostPorts.add(p.getHostPort());
            }
        }
        List<String> secretEnv = new ArrayList<>();
        for (EnvVar e : nn(c.getEnv())) {
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                secretEnv.add(e.getName());
            }
        }
        for (EnvFromSource e : nn(c.getEnvFrom())) {
            if (e.getSecretRef() != null) {
                secretEnv.add("envFrom:" + e.getSecretRef().getName());
            }
        }
        var limits = c.getResources() == null ? null : c.getResources().getLimits();
        return new ContainerFacts(
                c.getName(),
                init,
                ImageRef.parse(c.getImage() == null ? "" : c.getImage()),
                sc == null ? null : sc.getPrivileged(),
                caps == null ? List.of() : nn(caps.getAdd()),
                caps == null ? List.of() : nn(caps.getDrop()),
                sc == null ? null : sc.getAllowPrivilegeEscalation(),
                sc == null ? null : sc.getRunAsNonRoot(),
                sc == null ? null : sc.getRunAsUser(),
                sc == null ? null : sc.getReadOnlyRootFilesystem(),
                sc == null || sc.getSeccompProfile() == null
                        ? null
                        : sc.getSeccompProfile().getType(),
                sc == null || sc.getAppArmorProfile() == null
                        ? null
                        : sc.getAppArmorProfile().getType(),
                sc == null || sc.getSeLinuxOptions() == null
                        ? null
                        : sc.getSeLinuxOptions().getType(),
                sc == null ? null : sc.getProcMount(),
                hostPorts,
                limits != null && limits.containsKey("cpu"),
                limits != null && limits.containsKey("memory"),
                secretEnv);
    }

    private static <T> List<T> nn(@Nullable List<T> l) {
        return l == null ? List.of() : l;
    }
}
