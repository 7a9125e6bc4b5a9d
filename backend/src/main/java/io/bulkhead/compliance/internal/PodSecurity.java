package io.bulkhead.compliance.internal;

import io.bulkhead.inventory.ContainerFacts;
import io.bulkhead.inventory.PodTemplateFacts;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Pod Security Standards checks, as Kubernetes' Pod Security admission implements them
 * ({@code k8s.io/pod-security-admission/policy}, v0.36.3 = Kubernetes 1.36): one {@link Rule} per upstream check,
 * with its level, the policy version it starts at, the version-dependent behaviour (allowed sysctls, SELinux types,
 * the {@code hostUsers: false} relaxations of 1.35, the {@code spec.os.name: windows} exemptions of 1.25) and the
 * baseline check it replaces in the restricted profile ({@code OverrideCheckIDs}). Init, regular and ephemeral
 * containers are all checked. Each violation names the exact field path, the value found and what is allowed.
 *
 * <p>Pure and allocation-free on a passing pod: violations are only built for what fails.
 */
public final class PodSecurity {

    /** The newest policy version these checks implement; {@code latest} means this. */
    public static final int LATEST_MINOR = 36;

    private PodSecurity() {}

    /** A Pod Security level that a namespace can enforce. */
    public enum Level {
        PRIVILEGED,
        BASELINE,
        RESTRICTED;

        /** {@code privileged}, {@code baseline}, {@code restricted} (case-insensitive); null or unknown: null. */
        public static @Nullable Level parse(@Nullable String s) {
            if (s == null) {
                return null;
            }
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "privileged" -> PRIVILEGED;
                case "baseline" -> BASELINE;
                case "restricted" -> RESTRICTED;
                default -> null;
            };
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A level at a policy version: what {@code pod-security.kubernetes.io/enforce} and {@code enforce-version} pin.
     *
     * @param minor the Kubernetes 1.x minor version of the policy ({@code latest} = {@link #LATEST_MINOR})
     */
    public record Profile(Level level, int minor) {

        /** From a tier's level and version ({@code latest} or {@code v1.N}); versions after the newest known clamp. */
        public static Profile of(String level, @Nullable String version) {
            Level l = Level.parse(level);
            return new Profile(l == null ? Level.RESTRICTED : l, minor(version));
        }

        /** {@code latest}, null or blank: {@link #LATEST_MINOR}; {@code v1.N}: N (at most {@link #LATEST_MINOR}). */
        public static int minor(@Nullable String version) {
            if (version == null || version.isBlank() || version.equals("latest")) {
                return LATEST_MINOR;
            }
            String v = version.startsWith("v") ? version.substring(1) : version;
            if (!v.startsWith("1.")) {
                throw new IllegalArgumentException("Pod Security version must be latest or v1.N: " + version);
            }
            int n = Integer.parseInt(v.substring(2));
            return Math.min(n, LATEST_MINOR);
        }

        public String version() {
            return minor == LATEST_MINOR ? "latest" : "v1." + minor;
        }
    }

    /**
     * One offending field.
     *
     * @param container the container's name; null for a pod-level field
     * @param path the field's full path in the object, e.g. {@code spec.initContainers[1].livenessProbe.httpGet.host}
     */
    public record Violation(@Nullable String container, String path, String found, String allowed) {}

    /** Where a workload kind keeps its pod template: the path prefixes of the pod's metadata and spec. */
    public record Paths(String metadata, String spec) {
        static final Paths POD = new Paths("metadata", "spec");
        static final Paths TEMPLATE = new Paths("spec.template.metadata", "spec.template.spec");
        static final Paths CRON_JOB =
                new Paths("spec.jobTemplate.spec.template.metadata", "spec.jobTemplate.spec.template.spec");

        public static Paths of(String kind) {
            return switch (kind) {
                case "Pod" -> POD;
                case "CronJob" -> CRON_JOB;
                default -> TEMPLATE;
            };
        }

        /** {@code <spec>.<list>[<index>]} of a container of {@code pod}. */
        String container(PodTemplateFacts pod, ContainerFacts c) {
            String list = c.list();
            int index = 0;
            for (ContainerFacts x : pod.containers()) {
                if (x == c) {
                    break;
                }
                if (x.list().equals(list)) {
                    index++;
                }
            }
            return spec + "." + list + "[" + index + "]";
        }
    }

    /** Body of a check: adds a violation for each offending field of {@code pod} at policy version {@code minor}. */
    @FunctionalInterface
    interface Body {
        void check(PodTemplateFacts pod, int minor, Paths paths, List<Violation> out);
    }

    /**
     * One upstream check.
     *
     * @param id the upstream check id ({@code hostNamespaces}, {@code seccompProfile_restricted}, …)
     * @param since the first policy version (minor) the check exists in
     * @param overrides the baseline check this one replaces in the restricted profile, or null
     */
    public record Rule(
            String id, Level level, int since, @Nullable String overrides, Body body) {

        /** Whether the check exists in the policy at {@code minor}. */
        public boolean existsAt(int minor) {
            return minor >= since;
        }

        /** Whether the check runs when {@code profile} is enforced (its level, its version, not overridden). */
        public boolean runsIn(Profile profile) {
            if (!existsAt(profile.minor()) || level.ordinal() > profile.level().ordinal()) {
                return false;
            }
            return profile.level() != Level.RESTRICTED || !overridden(id, profile.minor());
        }

        public void check(PodTemplateFacts pod, int minor, Paths paths, List<Violation> out) {
            body.check(pod, minor, paths, out);
        }
    }

    // ---------------------------------------------------------------- value sets, per version

    static final Set<String> CAPABILITIES_BASELINE = Set.of(
            "AUDIT_WRITE",
            "CHOWN",
            "DAC_OVERRIDE",
            "FOWNER",
            "FSETID",
            "KILL",
            "MKNOD",
            "NET_BIND_SERVICE",
            "SETFCAP",
            "SETGID",
            "SETPCAP",
            "SETUID",
            "SYS_CHROOT");

    static final Set<String> SYSCTLS_1_0 = Set.of(
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_unprivileged_port_start");
    static final Set<String> SYSCTLS_1_27 = union(SYSCTLS_1_0, Set.of("net.ipv4.ip_local_reserved_ports"));
    static final Set<String> SYSCTLS_1_29 = union(
            SYSCTLS_1_27,
            Set.of(
                    "net.ipv4.tcp_keepalive_time",
                    "net.ipv4.tcp_fin_timeout",
                    "net.ipv4.tcp_keepalive_intvl",
                    "net.ipv4.tcp_keepalive_probes"));
    static final Set<String> SYSCTLS_1_32 = union(SYSCTLS_1_29, Set.of("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"));

    static Set<String> sysctls(int minor) {
        return minor >= 32 ? SYSCTLS_1_32 : minor >= 29 ? SYSCTLS_1_29 : minor >= 27 ? SYSCTLS_1_27 : SYSCTLS_1_0;
    }

    private static final Map<Set<String>, String> SYSCTLS_TEXT = Map.of(
            SYSCTLS_1_0, text(SYSCTLS_1_0),
            SYSCTLS_1_27, text(SYSCTLS_1_27),
            SYSCTLS_1_29, text(SYSCTLS_1_29),
            SYSCTLS_1_32, text(SYSCTLS_1_32));

    private static String text(Set<String> s) {
        return String.join(", ", new java.util.TreeSet<>(s));
    }

    static final Set<String> SELINUX_TYPES_1_0 = Set.of("", "container_t", "container_init_t", "container_kvm_t");
    static final Set<String> SELINUX_TYPES_1_31 = union(SELINUX_TYPES_1_0, Set.of("container_engine_t"));

    static Set<String> seLinuxTypes(int minor) {
        return minor >= 31 ? SELINUX_TYPES_1_31 : SELINUX_TYPES_1_0;
    }

    /** Volume types the restricted profile allows (as of the 1.36 policy, which includes image volumes). */
    static final Set<String> RESTRICTED_VOLUMES = Set.of(
            "configMap",
            "csi",
            "downwardAPI",
            "emptyDir",
            "ephemeral",
            "image",
            "persistentVolumeClaim",
            "projected",
            "secret");

    static final String APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
    static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
    static final String SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

    // ---------------------------------------------------------------- the checks

    static final Rule HOST_NAMESPACES = new Rule("hostNamespaces", Level.BASELINE, 0, null, (p, m, at, out) -> {
        if (p.hostNetwork()) {
            out.add(new Violation(null, at.spec() + ".hostNetwork", "true", "false or unset"));
        }
        if (p.hostPID()) {
            out.add(new Violation(null, at.spec() + ".hostPID", "true", "false or unset"));
        }
        if (p.hostIPC()) {
            out.add(new Violation(null, at.spec() + ".hostIPC", "true", "false or unset"));
        }
    });

    static final Rule PRIVILEGED = new Rule("privileged", Level.BASELINE, 0, null, (p, m, at, out) -> {
        for (ContainerFacts c : p.containers()) {
            if (Boolean.TRUE.equals(c.privileged())) {
                out.add(new Violation(
                        c.name(), at.container(p, c) + ".securityContext.privileged", "true", "false or unset"));
            }
        }
    });

    static final Rule CAPABILITIES_BASELINE_RULE =
            new Rule("capabilities_baseline", Level.BASELINE, 0, null, (p, m, at, out) -> {
                for (ContainerFacts c : p.containers()) {
                    List<String> add = c.capabilitiesAdd();
                    for (int i = 0; i < add.size(); i++) {
                        if (!CAPABILITIES_BASELINE.contains(add.get(i))) {
                            out.add(new Violation(
                                    c.name(),
                                    at.container(p, c) + ".securityContext.capabilities.add[" + i + "]",
                                    add.get(i),
                                    "AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE,"
                                            + " SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT"));
                        }
                    }
                }
            });

    static final Rule WINDOWS_HOST_PROCESS =
            new Rule("windowsHostProcess", Level.BASELINE, 0, null, (p, m, at, out) -> {
                if (Boolean.TRUE.equals(p.podHostProcess())) {
                    out.add(new Violation(
                            null, at.spec() + ".securityContext.windowsOptions.hostProcess", "true", "false or unset"));
                }
                for (ContainerFacts c : p.containers()) {
                    if (Boolean.TRUE.equals(c.hostProcess())) {
                        out.add(new Violation(
                                c.name(),
                                at.container(p, c) + ".securityContext.windowsOptions.hostProcess",
                                "true",
                                "false or unset"));
                    }
                }
            });

    static final Rule HOST_PATH_VOLUMES = new Rule("hostPathVolumes", Level.BASELINE, 0, null, (p, m, at, out) -> {
        List<String> volumes = p.volumes();
        for (int i = 0; i < volumes.size(); i++) {
            String v = volumes.get(i);
            if (v.endsWith("=hostPath")) {
                out.add(new Violation(
                        null,
                        at.spec() + ".volumes[" + i + "].hostPath",
                        "hostPath volume " + v.substring(0, v.length() - "=hostPath".length()),
                        "no hostPath volumes"));
            }
        }
    });

    static final Rule HOST_PORTS = new Rule("hostPorts", Level.BASELINE, 0, null, (p, m, at, out) -> {
        for (ContainerFacts c : p.containers()) {
            List<Integer> ports = c.hostPorts();
            boolean any = false;
            for (int i = 0; i < ports.size() && !any; i++) {
                any = ports.get(i) != 0;
            }
            if (any) {
                StringBuilder found = new StringBuilder();
                for (Integer port : ports) {
                    if (port != 0) {
                        found.append(found.isEmpty() ? "" : ", ").append(port);
                    }
                }
                out.add(new Violation(
                        c.name(), at.container(p, c) + ".ports[*].hostPort", found.toString(), "unset or 0"));
            }
        }
    });

    static final Rule HOST_PROBES =
            new Rule("hostProbesAndHostLifecycle", Level.BASELINE, 34, null, (p, m, at, out) -> {
                for (ContainerFacts c : p.containers()) {
                    for (String h : c.probeHosts()) {
                        int eq = h.indexOf('=');
                        out.add(new Violation(
                                c.name(),
                                at.container(p, c) + "." + h.substring(0, eq),
                                h.substring(eq + 1),
                                "unset (the pod's own IP)"));
                    }
                }
            });

    static final Rule APPARMOR = new Rule("appArmorProfile", Level.BASELINE, 0, null, (p, m, at, out) -> {
        if (p.podAppArmorType() != null && !appArmorType(p.podAppArmorType())) {
            out.add(new Violation(
                    null,
                    at.spec() + ".securityContext.appArmorProfile.type",
                    p.podAppArmorType(),
                    "RuntimeDefault, Localhost or unset"));
        }
        for (ContainerFacts c : p.containers()) {
            if (c.appArmorType() != null && !appArmorType(c.appArmorType())) {
                out.add(new Violation(
                        c.name(),
                        at.container(p, c) + ".securityContext.appArmorProfile.type",
                        c.appArmorType(),
                        "RuntimeDefault, Localhost or unset"));
            }
        }
        if (!p.securityAnnotations().isEmpty()) {
            for (Map.Entry<String, String> a : new java.util.TreeMap<>(p.securityAnnotations()).entrySet()) {
                String v = a.getValue();
                if (a.getKey().startsWith(APPARMOR_ANNOTATION_PREFIX)
                        && !(v.isEmpty() || v.equals("runtime/default") || v.startsWith("localhost/"))) {
                    String container = a.getKey().substring(APPARMOR_ANNOTATION_PREFIX.length());
                    out.add(new Violation(
                            container,
                            at.metadata() + ".annotations[" + a.getKey() + "]",
                            v,
                            "runtime/default, localhost/<profile> or unset"));
                }
            }
        }
    });

    static boolean appArmorType(String t) {
        return t.equals("RuntimeDefault") || t.equals("Localhost");
    }

    static final Rule SELINUX = new Rule("seLinuxOptions", Level.BASELINE, 0, null, (p, m, at, out) -> {
        Set<String> types = seLinuxTypes(m);
        seLinux(
                null,
                at.spec() + ".securityContext.seLinuxOptions",
                p.podSeLinuxType(),
                p.podSeLinuxUser(),
                p.podSeLinuxRole(),
                types,
                out);
        for (ContainerFacts c : p.containers()) {
            if (c.seLinuxType() != null || c.seLinuxUser() != null || c.seLinuxRole() != null) {
                seLinux(
                        c.name(),
                        at.container(p, c) + ".securityContext.seLinuxOptions",
                        c.seLinuxType(),
                        c.seLinuxUser(),
                        c.seLinuxRole(),
                        types,
                        out);
            }
        }
    });

    private static void seLinux(
            @Nullable String container,
            String path,
            @Nullable String type,
            @Nullable String user,
            @Nullable String role,
            Set<String> types,
            List<Violation> out) {
        if (type != null && !types.contains(type)) {
            out.add(new Violation(
                    container,
                    path + ".type",
                    type,
                    types == SELINUX_TYPES_1_31
                            ? "container_t, container_init_t, container_kvm_t, container_engine_t or unset"
                            : "container_t, container_init_t, container_kvm_t or unset"));
        }
        if (user != null && !user.isEmpty()) {
            out.add(new Violation(container, path + ".user", user, "unset"));
        }
        if (role != null && !role.isEmpty()) {
            out.add(new Violation(container, path + ".role", role, "unset"));
        }
    }

    /** Unmasked (or any non-Default) /proc mounts; the baseline check relaxes for user-namespaced pods from 1.35. */
    private static void procMount(PodTemplateFacts p, Paths at, List<Violation> out) {
        for (ContainerFacts c : p.containers()) {
            if (c.procMount() != null && !c.procMount().equals("Default")) {
                out.add(new Violation(
                        c.name(),
                        at.container(p, c) + ".securityContext.procMount",
                        c.procMount(),
                        "Default or unset"));
            }
        }
    }

    static final Rule PROC_MOUNT = new Rule("procMount", Level.BASELINE, 0, null, (p, m, at, out) -> {
        if (m >= 35 && userNamespace(p)) {
            return;
        }
        procMount(p, at, out);
    });

    static final Rule SECCOMP_BASELINE =
            new Rule("seccompProfile_baseline", Level.BASELINE, 0, null, (p, m, at, out) -> {
                if (m < 19) {
                    seccompAnnotations(p, at, out);
                    return;
                }
                if (p.podSeccompType() != null && !seccompType(p.podSeccompType())) {
                    out.add(new Violation(
                            null,
                            at.spec() + ".securityContext.seccompProfile.type",
                            p.podSeccompType(),
                            "RuntimeDefault, Localhost or unset"));
                }
                for (ContainerFacts c : p.containers()) {
                    if (c.seccompType() != null && !seccompType(c.seccompType())) {
                        out.add(new Violation(
                                c.name(),
                                at.container(p, c) + ".securityContext.seccompProfile.type",
                                c.seccompType(),
                                "RuntimeDefault, Localhost or unset"));
                    }
                }
            });

    /** The policy before 1.19 read the seccomp annotations (pod, and those of containers that exist). */
    private static void seccompAnnotations(PodTemplateFacts p, Paths at, List<Violation> out) {
        Map<String, String> a = p.securityAnnotations();
        if (a.isEmpty()) {
            return;
        }
        String pod = a.get(SECCOMP_POD_ANNOTATION);
        if (pod != null && !seccompAnnotation(pod)) {
            out.add(new Violation(
                    null,
                    at.metadata() + ".annotations[" + SECCOMP_POD_ANNOTATION + "]",
                    pod,
                    "runtime/default, docker/default or localhost/<profile>"));
        }
        for (ContainerFacts c : p.containers()) {
            String key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name();
            String v = a.get(key);
            if (v != null && !seccompAnnotation(v)) {
                out.add(new Violation(
                        c.name(),
                        at.metadata() + ".annotations[" + key + "]",
                        v,
                        "runtime/default, docker/default or localhost/<profile>"));
            }
        }
    }

    static boolean seccompAnnotation(String v) {
        return v.equals("runtime/default") || v.equals("docker/default") || v.startsWith("localhost/");
    }

    static boolean seccompType(String t) {
        return t.equals("RuntimeDefault") || t.equals("Localhost");
    }

    static final Rule SYSCTLS = new Rule("sysctls", Level.BASELINE, 0, null, (p, m, at, out) -> {
        if (p.sysctls().isEmpty()) {
            return;
        }
        Set<String> allowed = sysctls(m);
        int i = 0;
        for (String name : p.sysctls().keySet()) {
            if (!allowed.contains(name)) {
                out.add(new Violation(
                        null, at.spec() + ".securityContext.sysctls[" + i + "].name", name, SYSCTLS_TEXT.get(allowed)));
            }
            i++;
        }
    });

    // restricted

    static final Rule RESTRICTED_VOLUMES_RULE =
            new Rule("restrictedVolumes", Level.RESTRICTED, 0, "hostPathVolumes", (p, m, at, out) -> {
                List<String> volumes = p.volumes();
                for (int i = 0; i < volumes.size(); i++) {
                    String v = volumes.get(i);
                    int eq = v.lastIndexOf('=');
                    String type = v.substring(eq + 1);
                    if (!RESTRICTED_VOLUMES.contains(type)) {
                        out.add(new Violation(
                                null,
                                at.spec() + ".volumes[" + i + "]" + (type.equals("unknown") ? "" : "." + type),
                                type + " volume " + v.substring(0, eq),
                                "configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim,"
                                        + " projected, secret"));
                    }
                }
            });

    static final Rule ALLOW_PRIVILEGE_ESCALATION =
            new Rule("allowPrivilegeEscalation", Level.RESTRICTED, 8, null, (p, m, at, out) -> {
                if (m >= 25 && p.windows()) {
                    return;
                }
                for (ContainerFacts c : p.containers()) {
                    if (!Boolean.FALSE.equals(c.allowPrivilegeEscalation())) {
                        out.add(new Violation(
                                c.name(),
                                at.container(p, c) + ".securityContext.allowPrivilegeEscalation",
                                str(c.allowPrivilegeEscalation()),
                                "false"));
                    }
                }
            });

    static final Rule RUN_AS_NON_ROOT = new Rule("runAsNonRoot", Level.RESTRICTED, 0, null, (p, m, at, out) -> {
        if (m >= 35 && userNamespace(p)) {
            return;
        }
        boolean podTrue = Boolean.TRUE.equals(p.podRunAsNonRoot());
        if (Boolean.FALSE.equals(p.podRunAsNonRoot())) {
            out.add(new Violation(null, at.spec() + ".securityContext.runAsNonRoot", "false", "true"));
        }
        for (ContainerFacts c : p.containers()) {
            if (c.runAsNonRoot() != null) {
                if (!c.runAsNonRoot()) {
                    out.add(new Violation(
                            c.name(), at.container(p, c) + ".securityContext.runAsNonRoot", "false", "true"));
                }
            } else if (!podTrue) {
                out.add(new Violation(
                        c.name(),
                        at.container(p, c) + ".securityContext.runAsNonRoot",
                        "unset (pod: " + str(p.podRunAsNonRoot()) + ")",
                        "true, on the container or the pod"));
            }
        }
    });

    static final Rule RUN_AS_USER = new Rule("runAsUser", Level.RESTRICTED, 23, null, (p, m, at, out) -> {
        if (m >= 35 && userNamespace(p)) {
            return;
        }
        if (p.podRunAsUser() != null && p.podRunAsUser() == 0) {
            out.add(new Violation(null, at.spec() + ".securityContext.runAsUser", "0", "non-zero or unset"));
        }
        for (ContainerFacts c : p.containers()) {
            if (c.runAsUser() != null && c.runAsUser() == 0) {
                out.add(new Violation(
                        c.name(), at.container(p, c) + ".securityContext.runAsUser", "0", "non-zero or unset"));
            }
        }
    });

    static final Rule SECCOMP_RESTRICTED =
            new Rule("seccompProfile_restricted", Level.RESTRICTED, 19, "seccompProfile_baseline", (p, m, at, out) -> {
                if (m >= 25 && p.windows()) {
                    return;
                }
                boolean podSet = false;
                if (p.podSeccompType() != null) {
                    if (seccompType(p.podSeccompType())) {
                        podSet = true;
                    } else {
                        out.add(new Violation(
                                null,
                                at.spec() + ".securityContext.seccompProfile.type",
                                p.podSeccompType(),
                                "RuntimeDefault or Localhost"));
                    }
                }
                for (ContainerFacts c : p.containers()) {
                    if (c.seccompType() != null) {
                        if (!seccompType(c.seccompType())) {
                            out.add(new Violation(
                                    c.name(),
                                    at.container(p, c) + ".securityContext.seccompProfile.type",
                                    c.seccompType(),
                                    "RuntimeDefault or Localhost"));
                        }
                    } else if (!podSet) {
                        out.add(new Violation(
                                c.name(),
                                at.container(p, c) + ".securityContext.seccompProfile.type",
                                "unset (pod: " + str(p.podSeccompType()) + ")",
                                "RuntimeDefault or Localhost, on the container or the pod"));
                    }
                }
            });

    static final Rule CAPABILITIES_RESTRICTED =
            new Rule("capabilities_restricted", Level.RESTRICTED, 22, "capabilities_baseline", (p, m, at, out) -> {
                if (m >= 25 && p.windows()) {
                    return;
                }
                for (ContainerFacts c : p.containers()) {
                    if (!c.capabilitiesDrop().contains("ALL")) {
                        out.add(new Violation(
                                c.name(),
                                at.container(p, c) + ".securityContext.capabilities.drop",
                                c.capabilitiesDrop().isEmpty()
                                        ? "unset"
                                        : c.capabilitiesDrop().toString(),
                                "[ALL]"));
                    }
                    List<String> add = c.capabilitiesAdd();
                    for (int i = 0; i < add.size(); i++) {
                        if (!add.get(i).equals("NET_BIND_SERVICE")) {
                            out.add(new Violation(
                                    c.name(),
                                    at.container(p, c) + ".securityContext.capabilities.add[" + i + "]",
                                    add.get(i),
                                    "NET_BIND_SERVICE only"));
                        }
                    }
                }
            });

    static final Rule PROC_MOUNT_RESTRICTED = new Rule(
            "procMount_restricted", Level.RESTRICTED, 35, "procMount", (p, m, at, out) -> procMount(p, at, out));

    /** Every check, baseline first, in the order of the Pod Security Standards page. */
    public static final List<Rule> RULES = List.of(
            HOST_NAMESPACES,
            PRIVILEGED,
            WINDOWS_HOST_PROCESS,
            CAPABILITIES_BASELINE_RULE,
            HOST_PATH_VOLUMES,
            HOST_PORTS,
            HOST_PROBES,
            APPARMOR,
            SELINUX,
            PROC_MOUNT,
            SECCOMP_BASELINE,
            SYSCTLS,
            RESTRICTED_VOLUMES_RULE,
            ALLOW_PRIVILEGE_ESCALATION,
            RUN_AS_NON_ROOT,
            RUN_AS_USER,
            SECCOMP_RESTRICTED,
            CAPABILITIES_RESTRICTED,
            PROC_MOUNT_RESTRICTED);

    /** Whether a restricted check replaces the baseline check {@code id} at {@code minor}. */
    static boolean overridden(String id, int minor) {
        return switch (id) {
            case "hostPathVolumes" -> true;
            case "seccompProfile_baseline" -> minor >= 19;
            case "capabilities_baseline" -> minor >= 22;
            case "procMount" -> minor >= 35;
            default -> false;
        };
    }

    public static Rule rule(String id) {
        for (Rule r : RULES) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no Pod Security check " + id);
    }

    /**
     * What Pod Security admission would say of a pod with these facts when {@code profile} is enforced: the
     * violations of every check that runs in it (empty = admitted).
     */
    public static List<Violation> violations(PodTemplateFacts pod, Profile profile, Paths paths) {
        List<Violation> out = new java.util.ArrayList<>();
        for (Rule r : RULES) {
            if (r.runsIn(profile)) {
                r.check(pod, profile.minor(), paths, out);
            }
        }
        return out;
    }

    /** Whether Pod Security admission admits a pod with these facts under {@code profile}. */
    public static boolean admits(PodTemplateFacts pod, Profile profile) {
        return violations(pod, profile, Paths.POD).isEmpty();
    }

    /** {@code spec.hostUsers: false}: the pod has its own user namespace (the 1.35 relaxations). */
    static boolean userNamespace(PodTemplateFacts p) {
        return Boolean.FALSE.equals(p.hostUsers());
    }

    private static String str(@Nullable Object o) {
        return o == null ? "unset" : o.toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
