package io.bulkhead.compliance.internal;

import static io.bulkhead.compliance.Control.ALL_TIERS;
import static io.bulkhead.compliance.Control.Scope.CONTAINER;
import static io.bulkhead.compliance.Control.Scope.NAMESPACE;
import static io.bulkhead.compliance.Control.Scope.POD;
import static io.bulkhead.compliance.Control.Source.BULKHEAD;
import static io.bulkhead.compliance.Control.Source.CIS;
import static io.bulkhead.compliance.Control.Source.NSA_CISA;
import static io.bulkhead.compliance.Control.Source.PSS_BASELINE;
import static io.bulkhead.compliance.Control.Source.PSS_RESTRICTED;
import static io.bulkhead.compliance.Severity.CRITICAL;
import static io.bulkhead.compliance.Severity.HIGH;
import static io.bulkhead.compliance.Severity.LOW;
import static io.bulkhead.compliance.Severity.MEDIUM;

import io.bulkhead.compliance.Control;
import io.bulkhead.inventory.ContainerFacts;
import io.bulkhead.inventory.PodTemplateFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The control catalog as code: each control with the pure check that evaluates it. Field lists follow the Pod
 * Security Standards (Kubernetes v1.33), the NSA/CISA Kubernetes Hardening Guide v1.2 and CIS Kubernetes
 * Benchmark v1.10 section 5.
 */
public final class ControlCatalog {

    /** Capabilities the PSS baseline profile allows a container to add. */
    static final Set<String> BASELINE_CAPABILITIES = Set.of(
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

    /** Sysctls the PSS baseline profile allows. */
    static final Set<String> SAFE_SYSCTLS = Set.of(
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl",
            "net.ipv4.tcp_keepalive_probes");

    static final Set<String> SELINUX_TYPES =
            Set.of("container_t", "container_init_t", "container_kvm_t", "container_engine_t");

    /** The result of one check: whether it passed and what was found against what is wanted. */
    public record Outcome(boolean pass, String actual, String expected) {}

    /** A pure check; {@code pod} is null for namespace controls, {@code container} null unless CONTAINER scope. */
    @FunctionalInterface
    public interface Check {
        Outcome check(NamespaceFacts ns, @Nullable PodTemplateFacts pod, @Nullable ContainerFacts container);
    }

    /** A control with its check. */
    public record Entry(Control control, Check check) {}

    private static final List<Entry> ENTRIES = build();

    private ControlCatalog() {}

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static List<Control> controls() {
        return ENTRIES.stream().map(Entry::control).toList();
    }

    public static Optional<Control> find(String id) {
        return ENTRIES.stream()
                .map(Entry::control)
                .filter(c -> c.id().equals(id))
                .findFirst();
    }

    private static List<Entry> build() {
        List<Entry> e = new ArrayList<>();
        Set<String> registryTiers = Set.of("restricted", "sensitive");

        // --- namespace level
        e.add(entry(
                "ns-pod-security-labels",
                "Pod Security Admission enforces the tier's level",
                HIGH,
                NAMESPACE,
                ALL_TIERS,
                CIS,
                "CIS 5.2.1 (active policy control mechanism)",
                "metadata.labels[pod-security.kubernetes.io/enforce]",
                "Re-sync the namespace in Bulkhead: the tier sets the label; do not edit it by hand.",
                (ns, pod, c) -> new Outcome(
                        level(ns.enforceLabel()) >= level(ns.expectedEnforce()),
                        str(ns.enforceLabel()),
                        ns.expectedEnforce() + " or stricter")));
        e.add(entry(
                "ns-resource-quota",
                "Namespace has a ResourceQuota",
                MEDIUM,
                NAMESPACE,
                ALL_TIERS,
                NSA_CISA,
                "NSA/CISA: Resource policies",
                "ResourceQuota",
                "Re-sync the namespace in Bulkhead so its quota preset is applied.",
                (ns, pod, c) -> new Outcome(ns.resourceQuota(), ns.resourceQuota() ? "present" : "none", "present")));
        e.add(entry(
                "ns-limit-range",
                "Namespace has a LimitRange",
                LOW,
                NAMESPACE,
                ALL_TIERS,
                NSA_CISA,
                "NSA/CISA: Resource policies",
                "LimitRange",
                "Re-sync the namespace in Bulkhead so the tier's LimitRange is applied.",
                (ns, pod, c) -> new Outcome(ns.limitRange(), ns.limitRange() ? "present" : "none", "present")));
        e.add(entry(
                "ns-default-deny",
                "Network traffic is denied by default",
                HIGH,
                NAMESPACE,
                ALL_TIERS,
                CIS,
                "CIS 5.3.2 (all namespaces have NetworkPolicies)",
                "NetworkPolicy (podSelector {}, Ingress+Egress)",
                "Re-sync the namespace in Bulkhead: the tier's default-deny NetworkPolicy must select every pod"
                        + " for ingress and egress; open traffic with additional policies.",
                (ns, pod, c) -> new Outcome(
                        ns.defaultDenyIngress() && ns.defaultDenyEgress(),
                        (ns.defaultDenyIngress() ? "ingress denied" : "ingress open") + ", "
                                + (ns.defaultDenyEgress() ? "egress denied" : "egress open"),
                        "ingress denied, egress denied")));
        e.add(entry(
                "ns-no-tenant-widening",
                "No NetworkPolicy made by the team widens the tier's isolation",
                HIGH,
                NAMESPACE,
                ALL_TIERS,
                BULKHEAD,
                "Bulkhead tier bundle (network, tenantPolicies)",
                "NetworkPolicy (not labelled app.kubernetes.io/managed-by=bulkhead)",
                "Delete the NetworkPolicy or narrow it to what the tier already allows (no ipBlock, a peer in every"
                        + " rule); ask for more egress in Bulkhead (the allowlist or an exception).",
                (ns, pod, c) -> new Outcome(
                        ns.wideningNetworkPolicies().isEmpty(),
                        ns.wideningNetworkPolicies().isEmpty()
                                ? "none"
                                : String.join("; ", ns.wideningNetworkPolicies()),
                        "none")));
        e.add(entry(
                "ns-no-drift",
                "Namespace matches its tier (no drift)",
                MEDIUM,
                NAMESPACE,
                ALL_TIERS,
                BULKHEAD,
                "Bulkhead tier bundle",
                "objects of the tier",
                "Re-sync the namespace; change its objects through Bulkhead, not kubectl.",
                (ns, pod, c) ->
                        new Outcome(ns.drift() == null, ns.drift() == null ? "in sync" : ns.drift(), "in sync")));

        // --- pod level
        e.add(entry(
                "pss-host-namespaces",
                "No host namespaces",
                CRITICAL,
                POD,
                ALL_TIERS,
                PSS_BASELINE,
                "PSS baseline: Host Namespaces; CIS 5.2.3, 5.2.4, 5.2.5",
                "spec.hostNetwork, spec.hostPID, spec.hostIPC",
                "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).",
                (ns, pod, c) -> {
                    List<String> on = new ArrayList<>();
                    if (pod.hostNetwork()) {
                        on.add("hostNetwork");
                    }
                    if (pod.hostPID()) {
                        on.add("hostPID");
                    }
                    if (pod.hostIPC()) {
                        on.add("hostIPC");
                    }
                    return new Outcome(on.isEmpty(), on.isEmpty() ? "none" : String.join(", ", on) + " true", "false");
                }));
        e.add(entry(
                "pss-host-path",
                "No hostPath volumes",
                HIGH,
                POD,
                ALL_TIERS,
                PSS_BASELINE,
                "PSS baseline: HostPath Volumes; CIS 5.2.12",
                "spec.volumes[*].hostPath",
                "Replace hostPath volumes with emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim.",
                (ns, pod, c) -> new Outcome(
                        pod.hostPathVolumes().isEmpty(),
                        pod.hostPathVolumes().isEmpty() ? "none" : String.join(", ", pod.hostPathVolumes()),
                        "none")));
        e.add(entry(
                "pss-sysctls",
                "Only safe sysctls",
                MEDIUM,
                POD,
                ALL_TIERS,
                PSS_BASELINE,
                "PSS baseline: Sysctls",
                "spec.securityContext.sysctls[*].name",
                "Remove sysctls outside the safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, …).",
                (ns, pod, c) -> {
                    var unsafe = new TreeSet<>(pod.sysctls().keySet());
                    unsafe.removeAll(SAFE_SYSCTLS);
                    return new Outcome(
                            unsafe.isEmpty(), unsafe.isEmpty() ? "safe" : String.join(", ", unsafe), "safe set only");
                }));
        e.add(entry(
                "cis-token-automount",
                "Service account token not mounted",
                MEDIUM,
                POD,
                ALL_TIERS,
                CIS,
                "CIS 5.1.6; NSA/CISA: Pod security",
                "spec.automountServiceAccountToken",
                "Set automountServiceAccountToken: false on the pod (or its service account) unless it calls the"
                        + " Kubernetes API.",
                (ns, pod, c) -> {
                    Boolean set = pod.automountServiceAccountToken();
                    String sa = pod.serviceAccountName() == null ? "default" : pod.serviceAccountName();
                    boolean effective =
                            set != null ? set : ns.serviceAccountAutomount().getOrDefault(sa, true);
                    String actual =
                            set != null ? set.toString() : "unset (service account " + sa + ": " + effective + ")";
                    return new Outcome(!effective, actual, "false");
                }));
        e.add(entry(
                "tier-runtime-class",
                "Sandboxed RuntimeClass",
                HIGH,
                POD,
                Set.of("sandboxed"),
                BULKHEAD,
                "Bulkhead sandboxed tier; NSA/CISA: Pod security (sandboxing)",
                "spec.runtimeClassName",
                "Set runtimeClassName to one of the tier's sandbox RuntimeClasses (e.g. gvisor).",
                (ns, pod, c) -> new Outcome(
                        ns.runtimeClasses().isEmpty()
                                || (pod.runtimeClassName() != null
                                        && ns.runtimeClasses().contains(pod.runtimeClassName())),
                        str(pod.runtimeClassName()),
                        ns.runtimeClasses().isEmpty() ? "any" : "one of " + ns.runtimeClasses())));

        // --- container level
        e.add(entry(
                "pss-privileged",
                "Not privileged",
                CRITICAL,
                CONTAINER,
                ALL_TIERS,
                PSS_BASELINE,
                "PSS baseline: Privileged Containers; CIS 5.2.2",
                "securityContext.privileged",
                "Remove securityContext.privileged (or set it to false).",
                (ns, pod, c) ->
                        new Outcome(!Boolean.TRUE.equals(c.privileged()), str(c.privileged()), "false or unset")));
        e.add(entry(
                "pss-capabilities-baseline",
                "Only baseline capabilities added",
                HIGH,
                CONTAINER,
                ALL_TIERS,
                PSS_BASELINE,
                "PSS baseline: Capabilities; CIS 5.2.8, 5.2.9",
                "securityContext.capabilities.add",
                "Do not add capabilities beyond the baseline set (no SYS_ADMIN, NET_ADMIN, NET_RAW, …).",
                (ns, pod, c) -> {
                    var extra = new TreeSet<>(c.capabilitiesAdd());
                    extra.removeAll(BASELINE_CAPABILITIES);
                    return new Outcome(extra.isEmpty(), list(c.capabilitiesAdd()), "baseline set only");
                }));
        e.add(entry(
                "pss-host-ports",
                "No host ports",
                MEDIUM,
                CONTAINER,
                ALL_TIERS,
                PSS_BASELINE,
                "PSS baseline: Host Ports; CIS 5.2.13",
                "ports[*].hostPort",
                "Remove hostPort from the container's ports; expose the port with a Service.",
                (ns, pod, c) -> new Outcome(
                        c.hostPorts().stream().allMatch(p -> p == 0),
                        c.hostPorts().isEmpty() ? "none" : c.hostPorts().toString(),
                        "none")));
        e.add(entry(
                "pss-apparmor",
                "AppArmor not disabled",
                MEDIUM,
                CONTAINER,
                ALL_TIERS,
                PSS_BASELINE,
                "PSS baseline: AppArmor",
                "securityContext.appArmorProfile.type",
                "Remove the Unconfined AppArmor profile (use RuntimeDefault or a Localhost profile).",
                (ns, pod, c) -> {
                    String t = first(c.appArmorType(), pod.podAppArmorType());
                    return new Outcome(!"Unconfined".equals(t), str(t), "RuntimeDefault, Localhost or unset");
                }));
        e.add(entry(
                "pss-selinux",
                "SELinux type not changed",
                MEDIUM,
                CONTAINER,
                ALL_TIERS,
                PSS_BASELINE,
                "PSS baseline: SELinux",
                "securityContext.seLinuxOptions.type",
                "Remove seLinuxOptions.type or use container_t, container_init_t, container_kvm_t or"
                        + " container_engine_t.",
                (ns, pod, c) -> {
                    String t = first(c.seLinuxType(), pod.podSeLinuxType());
                    return new Outcome(
                            t == null || t.isEmpty() || SELINUX_TYPES.contains(t), str(t), "unset or container_t");
                }));
        e.add(entry(
                "pss-proc-mount",
                "Default /proc mount",
                MEDIUM,
                CONTAINER,
                ALL_TIERS,
                PSS_BASELINE,
                "PSS baseline: /proc Mount Type",
                "securityContext.procMount",
                "Remove securityContext.procMount (or set it to Default).",
                (ns, pod, c) -> new Outcome(
                        c.procMount() == null || c.procMount().equals("Default"),
                        str(c.procMount()),
                        "Default or unset")));
        e.add(entry(
                "pss-seccomp",
                "Seccomp profile RuntimeDefault",
                HIGH,
                CONTAINER,
                ALL_TIERS,
                PSS_RESTRICTED,
                "PSS restricted: Seccomp; CIS 5.7.2",
                "securityContext.seccompProfile.type",
                "Set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.",
                (ns, pod, c) -> {
                    String t = first(c.seccompType(), pod.podSeccompType());
                    return new Outcome(
                            "RuntimeDefault".equals(t) || "Localhost".equals(t), str(t), "RuntimeDefault or Localhost");
                }));
        e.add(entry(
                "pss-privilege-escalation",
                "No privilege escalation",
                HIGH,
                CONTAINER,
                ALL_TIERS,
                PSS_RESTRICTED,
                "PSS restricted: Privilege Escalation; CIS 5.2.6",
                "securityContext.allowPrivilegeEscalation",
                "Set securityContext.allowPrivilegeEscalation: false on the container.",
                (ns, pod, c) -> new Outcome(
                        Boolean.FALSE.equals(c.allowPrivilegeEscalation()),
                        str(c.allowPrivilegeEscalation()),
                        "false")));
        e.add(entry(
                "pss-run-as-non-root",
                "Runs as non-root",
                HIGH,
                CONTAINER,
                ALL_TIERS,
                PSS_RESTRICTED,
                "PSS restricted: Running as Non-root (and user); CIS 5.2.7",
                "securityContext.runAsNonRoot / runAsUser",
                "Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser; build the image"
                        + " with a numeric non-root USER.",
                (ns, pod, c) -> {
                    Boolean nonRoot = c.runAsNonRoot() != null ? c.runAsNonRoot() : pod.podRunAsNonRoot();
                    Long user = c.runAsUser() != null ? c.runAsUser() : pod.podRunAsUser();
                    boolean pass = Boolean.TRUE.equals(nonRoot) && (user == null || user != 0);
                    return new Outcome(
                            pass,
                            "runAsNonRoot=" + str(nonRoot) + ", runAsUser=" + str(user),
                            "runAsNonRoot=true, runAsUser≠0");
                }));
        e.add(entry(
                "pss-capabilities-drop-all",
                "Drops ALL capabilities",
                MEDIUM,
                CONTAINER,
                ALL_TIERS,
                PSS_RESTRICTED,
                "PSS restricted: Capabilities; CIS 5.2.10",
                "securityContext.capabilities.drop",
                "Set securityContext.capabilities.drop: [ALL]; add back NET_BIND_SERVICE only if needed.",
                (ns, pod, c) -> {
                    boolean dropsAll = c.capabilitiesDrop().contains("ALL");
                    boolean addsOnlyBind = c.capabilitiesAdd().stream().allMatch(a -> a.equals("NET_BIND_SERVICE"));
                    return new Outcome(
                            dropsAll && addsOnlyBind,
                            "drop=" + list(c.capabilitiesDrop()) + ", add=" + list(c.capabilitiesAdd()),
                            "drop=[ALL], add ⊆ [NET_BIND_SERVICE]");
                }));
        e.add(entry(
                "nsa-read-only-root-fs",
                "Read-only root filesystem",
                MEDIUM,
                CONTAINER,
                ALL_TIERS,
                NSA_CISA,
                "NSA/CISA: Immutable container file systems",
                "securityContext.readOnlyRootFilesystem",
                "Set securityContext.readOnlyRootFilesystem: true; mount an emptyDir where the app must write.",
                (ns, pod, c) -> new Outcome(
                        Boolean.TRUE.equals(c.readOnlyRootFilesystem()), str(c.readOnlyRootFilesystem()), "true")));
        e.add(entry(
                "nsa-resource-limits",
                "CPU and memory limits set",
                MEDIUM,
                CONTAINER,
                ALL_TIERS,
                NSA_CISA,
                "NSA/CISA: Resource policies",
                "resources.limits.cpu / resources.limits.memory",
                "Set resources.limits.cpu and resources.limits.memory on the container.",
                (ns, pod, c) -> new Outcome(
                        c.cpuLimit() && c.memoryLimit(),
                        "cpu " + (c.cpuLimit() ? "set" : "unset") + ", memory " + (c.memoryLimit() ? "set" : "unset"),
                        "cpu set, memory set")));
        e.add(entry(
                "img-digest",
                "Image pinned by digest",
                HIGH,
                CONTAINER,
                ALL_TIERS,
                CIS,
                "CIS 5.5.1 (image provenance); NSA/CISA: Image scanning",
                "image",
                "Reference the image by digest: <registry>/<repository>@sha256:<digest>.",
                (ns, pod, c) -> new Outcome(
                        c.image().pinnedByDigest(), c.image().reference(), "<registry>/<repository>@sha256:<64 hex>")));
        e.add(entry(
                "img-allowed-registry",
                "Image from an allowed registry",
                HIGH,
                CONTAINER,
                registryTiers,
                CIS,
                "CIS 5.5.1 (image provenance); NSA/CISA: Supply chain",
                "image",
                "Push the image to one of the tier's registries and reference it from there.",
                (ns, pod, c) -> new Outcome(
                        ns.allowedRegistries().isEmpty()
                                || ns.allowedRegistries().stream()
                                        .anyMatch(r -> c.image().name().startsWith(r + "/")),
                        c.image().registry(),
                        ns.allowedRegistries().isEmpty() ? "any" : "one of " + ns.allowedRegistries())));
        e.add(entry(
                "cis-secrets-as-files",
                "Secrets as files, not environment variables",
                MEDIUM,
                CONTAINER,
                Set.of("sensitive"),
                CIS,
                "CIS 5.4.1",
                "env[*].valueFrom.secretKeyRef / envFrom[*].secretRef",
                "Mount the Secret as a volume and read it from a file instead of an environment variable.",
                (ns, pod, c) -> new Outcome(c.secretEnv().isEmpty(), list(c.secretEnv()), "none")));
        return List.copyOf(e);
    }

    private static Entry entry(
            String id,
            String title,
            io.bulkhead.compliance.Severity severity,
            Control.Scope scope,
            Set<String> tiers,
            Control.Source source,
            String reference,
            String field,
            String fix,
            Check check) {
        return new Entry(new Control(id, title, severity, scope, tiers, source, reference, field, fix), check);
    }

    private static int level(@Nullable String psa) {
        if (psa == null) {
            return -1;
        }
        return switch (psa) {
            case "privileged" -> 0;
            case "baseline" -> 1;
            case "restricted" -> 2;
            default -> -1;
        };
    }

    private static @Nullable String first(@Nullable String a, @Nullable String b) {
        return a != null ? a : b;
    }

    private static String str(@Nullable Object o) {
        return o == null ? "unset" : o.toString();
    }

    private static String list(List<String> l) {
        return l.isEmpty() ? "[]" : l.toString();
    }
}
