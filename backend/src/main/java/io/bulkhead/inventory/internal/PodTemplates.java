package io.bulkhead.inventory.internal;

import io.bulkhead.inventory.ContainerFacts;
import io.bulkhead.inventory.ImageRef;
import io.bulkhead.inventory.PodTemplateFacts;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Maps a fabric8 pod template (metadata and spec) to its {@link PodTemplateFacts} (pure). */
final class PodTemplates {

    private PodTemplates() {}

    /** The facts of a workload's pod template (or of a bare pod: its metadata and spec). */
    static PodTemplateFacts facts(PodTemplateSpec template) {
        return facts(template.getMetadata(), template.getSpec());
    }

    static PodTemplateFacts facts(@Nullable ObjectMeta meta, PodSpec spec) {
        PodSecurityContext psc = spec.getSecurityContext();
        List<String> hostPaths = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        for (Volume v : nn(spec.getVolumes())) {
            if (v.getHostPath() != null) {
                hostPaths.add(v.getName() + "=" + v.getHostPath().getPath());
            }
            volumes.add(v.getName() + "=" + volumeType(v));
        }
        Map<String, String> annotations = new HashMap<>();
        if (meta != null && meta.getAnnotations() != null) {
            meta.getAnnotations().forEach((k, val) -> {
                if (k.startsWith(APPARMOR_PREFIX) || k.startsWith(SECCOMP_CONTAINER_PREFIX) || k.equals(SECCOMP_POD)) {
                    annotations.put(k, val == null ? "" : val);
                }
            });
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        if (psc != null) {
            nn(psc.getSysctls()).forEach(s -> sysctls.put(s.getName(), s.getValue() == null ? "" : s.getValue()));
        }
        List<ContainerFacts> containers = new ArrayList<>();
        nn(spec.getInitContainers()).forEach(c -> containers.add(container(c, true)));
        nn(spec.getContainers()).forEach(c -> containers.add(container(c, false)));
        for (EphemeralContainer e : nn(spec.getEphemeralContainers())) {
            containers.add(ephemeral(e));
        }
        var seLinux = psc == null ? null : psc.getSeLinuxOptions();
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
                containers,
                spec.getOs() == null ? null : spec.getOs().getName(),
                spec.getHostUsers(),
                psc == null || psc.getWindowsOptions() == null
                        ? null
                        : psc.getWindowsOptions().getHostProcess(),
                seLinux == null ? null : seLinux.getUser(),
                seLinux == null ? null : seLinux.getRole(),
                volumes,
                annotations);
    }

    static final String APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
    static final String SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
    static final String SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

    /** The volume's type as Pod Security names it: the field of the volume source that is set. */
    static String volumeType(Volume v) {
        if (v.getConfigMap() != null) return "configMap";
        if (v.getCsi() != null) return "csi";
        if (v.getDownwardAPI() != null) return "downwardAPI";
        if (v.getEmptyDir() != null) return "emptyDir";
        if (v.getEphemeral() != null) return "ephemeral";
        if (v.getImage() != null) return "image";
        if (v.getPersistentVolumeClaim() != null) return "persistentVolumeClaim";
        if (v.getProjected() != null) return "projected";
        if (v.getSecret() != null) return "secret";
        if (v.getHostPath() != null) return "hostPath";
        if (v.getGcePersistentDisk() != null) return "gcePersistentDisk";
        if (v.getAwsElasticBlockStore() != null) return "awsElasticBlockStore";
        if (v.getGitRepo() != null) return "gitRepo";
        if (v.getNfs() != null) return "nfs";
        if (v.getIscsi() != null) return "iscsi";
        if (v.getGlusterfs() != null) return "glusterfs";
        if (v.getRbd() != null) return "rbd";
        if (v.getFlexVolume() != null) return "flexVolume";
        if (v.getCinder() != null) return "cinder";
        if (v.getCephfs() != null) return "cephfs";
        if (v.getFlocker() != null) return "flocker";
        if (v.getFc() != null) return "fc";
        if (v.getAzureFile() != null) return "azureFile";
        if (v.getVsphereVolume() != null) return "vsphereVolume";
        if (v.getQuobyte() != null) return "quobyte";
        if (v.getAzureDisk() != null) return "azureDisk";
        if (v.getPhotonPersistentDisk() != null) return "photonPersistentDisk";
        if (v.getPortworxVolume() != null) return "portworxVolume";
        if (v.getScaleIO() != null) return "scaleIO";
        if (v.getStorageos() != null) return "storageos";
        return "unknown";
    }

    private static ContainerFacts ephemeral(EphemeralContainer e) {
        Container c = new Container();
        c.setName(e.getName());
        c.setImage(e.getImage());
        c.setSecurityContext(e.getSecurityContext());
        c.setPorts(e.getPorts());
        c.setEnv(e.getEnv());
        c.setEnvFrom(e.getEnvFrom());
        c.setResources(e.getResources());
        c.setLivenessProbe(e.getLivenessProbe());
        c.setReadinessProbe(e.getReadinessProbe());
        c.setStartupProbe(e.getStartupProbe());
        c.setLifecycle(e.getLifecycle());
        return container(c, false, true);
    }

    private static void probeHosts(List<String> out, String field, @Nullable Probe p) {
        if (p != null) {
            handlerHosts(out, field, p.getHttpGet(), p.getTcpSocket());
        }
    }

    private static void handlerHosts(
            List<String> out, String field, @Nullable HTTPGetAction http, @Nullable TCPSocketAction tcp) {
        if (http != null && http.getHost() != null && !http.getHost().isEmpty()) {
            out.add(field + ".httpGet.host=" + http.getHost());
        }
        if (tcp != null && tcp.getHost() != null && !tcp.getHost().isEmpty()) {
            out.add(field + ".tcpSocket.host=" + tcp.getHost());
        }
    }

    private static ContainerFacts container(Container c, boolean init) {
        return container(c, init, false);
    }

    private static ContainerFacts container(Container c, boolean init, boolean ephemeral) {
        SecurityContext sc = c.getSecurityContext();
        List<String> hosts = new ArrayList<>(0);
        probeHosts(hosts, "livenessProbe", c.getLivenessProbe());
        probeHosts(hosts, "readinessProbe", c.getReadinessProbe());
        probeHosts(hosts, "startupProbe", c.getStartupProbe());
        if (c.getLifecycle() != null) {
            LifecycleHandler post = c.getLifecycle().getPostStart();
            LifecycleHandler pre = c.getLifecycle().getPreStop();
            if (post != null) {
                handlerHosts(hosts, "lifecycle.postStart", post.getHttpGet(), post.getTcpSocket());
            }
            if (pre != null) {
                handlerHosts(hosts, "lifecycle.preStop", pre.getHttpGet(), pre.getTcpSocket());
            }
        }
        var seLinux = sc == null ? null : sc.getSeLinuxOptions();
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
                secretEnv,
                ephemeral ? Boolean.TRUE : null,
                seLinux == null ? null : seLinux.getUser(),
                seLinux == null ? null : seLinux.getRole(),
                sc == null || sc.getWindowsOptions() == null
                        ? null
                        : sc.getWindowsOptions().getHostProcess(),
                hosts);
    }

    private static <T> List<T> nn(@Nullable List<T> l) {
        return l == null ? List.of() : l;
    }
}
