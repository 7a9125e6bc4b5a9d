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
import io.bulkhead.compliance.Severity;
import io.bulkhead.inventory.ContainerFacts;
import io.bulkhead.inventory.PodTemplateFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The control catalog as code: each control with the pure check that evaluates it. The Pod Security Standards
 * controls are Pod Security admission's own checks ({@link PodSecurity}, Kubernetes 1.36, versioned); the others
 * follow the NSA/CISA Kubernetes Hardening Guide v1.2 and CIS Kubernetes Benchmark v1.10 section 5.
 */
public final class ControlCatalog {

    /** The result of one check: whether it passed and what was found against what is wanted. */
    public record Outcome(boolean pass, String actual, String expected) {}

    /** A pure check; {@code pod} is null for namespace controls, {@code container} null unless CONTAINER scope. */
    @FunctionalInterface
    public interface Check {
        Outcome check(NamespaceFacts ns, @Nullable PodTemplateFacts pod, @Nullable ContainerFacts container);
    }

    /**
     * A control with its check: a {@link Check} for the catalog's own controls, a {@link PodSecurity.Rule} (one check
     * of Pod Security admission, evaluated on the whole pod, one finding per offending field) for the Pod Security
     * Standards controls.
     */
    public record Entry(
            Control control, @Nullable Check check, PodSecurity.@Nullable Rule pss, List<Citation> citations) {

        public Entry {
            citations = List.copyOf(citations);
        }

        public Entry(Control control, Check check) {
            this(control, check, null, List.of());
        }

        /**
         * This entry citing its sources; a Pod Security Standards citation takes the control's own level (baseline
         * or restricted, from the check it is).
         */
        public Entry cites(Citation... cited) {
            List<Citation> all = new ArrayList<>(citations);
            for (Citation c : cited) {
                boolean pssCitation = c.source() == PSS_BASELINE || c.source() == PSS_RESTRICTED;
                all.add(pssCitation ? new Citation(control.source(), c.section(), c.topic()) : c);
            }
            return new Entry(control, check, pss, all);
        }
    }

    /**
     * Where a control comes from, as data: the document and its section. For the Pod Security Standards the
     * section is the control's name in the standard (its level is the source); for the NSA/CISA Kubernetes
     * Hardening Guide v1.2 its chapter › section heading; for the CIS Kubernetes Benchmark v1.10 the recommendation
     * number in section 5.
     *
     * @param topic what the section is about, in short; null when the section says it
     */
    public record Citation(
            Control.Source source, String section, @Nullable String topic) {

        /** E.g. {@code CIS 5.2.7 (root containers)}, {@code NSA/CISA: Kubernetes Pod security › …}. */
        public String text() {
            String doc = switch (source) {
                case PSS_BASELINE -> "PSS baseline";
                case PSS_RESTRICTED -> "PSS restricted";
                case NSA_CISA -> "NSA/CISA v1.2";
                case CIS -> "CIS v1.10";
                case BULKHEAD -> "Bulkhead";
            };
            String sep = source == CIS ? " " : ": ";
            return doc + sep + section + (topic == null ? "" : " (" + topic + ")");
        }
    }

    private static Citation cis(String recommendation, String topic) {
        if (!recommendation.startsWith("5.")) {
            throw new IllegalArgumentException("CIS controls of workloads are in section 5: " + recommendation);
        }
        return new Citation(CIS, recommendation, topic);
    }

    private static Citation nsa(String chapter, String section) {
        return new Citation(NSA_CISA, chapter + " › " + section, null);
    }

    private static Citation pssSection(String name) {
        return new Citation(PSS_BASELINE, name, null);
    }

    private static Citation bulkhead(String what) {
        return new Citation(BULKHEAD, what, null);
    }

    /**
     * Version of the catalog and scoring rule, recorded on every score snapshot: 2 = Pod Security admission's own
     * checks, scored against the tier's promise (restricted-only findings are advice in baseline tiers).
     */
    public static final int VERSION = 2;

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
                                ns.expectedEnforce() + " or stricter"))
                .cites(
                        cis("5.2.1", "active policy control mechanism"),
                        nsa("Kubernetes Pod security", "Pod security enforcement")));
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
                        (ns, pod, c) ->
                                new Outcome(ns.resourceQuota(), ns.resourceQuota() ? "present" : "none", "present"))
                .cites(nsa("Network separation and hardening", "Resource policies")));
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
                        (ns, pod, c) -> new Outcome(ns.limitRange(), ns.limitRange() ? "present" : "none", "present"))
                .cites(nsa("Network separation and hardening", "Resource policies")));
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
                                "ingress denied, egress denied"))
                .cites(
                        cis("5.3.2", "all namespaces have NetworkPolicies"),
                        nsa("Network separation and hardening", "Network policies")));
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
                                "none"))
                .cites(bulkhead("tier bundle: network.tenantPolicies (what a team may add)")));
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
                                new Outcome(ns.drift() == null, ns.drift() == null ? "in sync" : ns.drift(), "in sync"))
                .cites(bulkhead("tier bundle: every object of the tier applied")));

        // --- Pod Security Standards: one control per check of Pod Security admission (see PodSecurity)
        pss(e);

        // --- pod level
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
                            boolean effective = set != null
                                    ? set
                                    : ns.serviceAccountAutomount().getOrDefault(sa, true);
                            String actual = set != null
                                    ? set.toString()
                                    : "unset (service account " + sa + ": " + effective + ")";
                            return new Outcome(!effective, actual, "false");
                        })
                .cites(
                        cis("5.1.6", "service account tokens mounted only where necessary"),
                        nsa("Kubernetes Pod security", "Protecting Pod service account tokens")));
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
                                ns.runtimeClasses().isEmpty() ? "any" : "one of " + ns.runtimeClasses()))
                .cites(
                        bulkhead("sandboxed tier: runtimeClassName"),
                        nsa("Kubernetes Pod security", "Hardening container environments")));

        // --- container level
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
                                Boolean.TRUE.equals(c.readOnlyRootFilesystem()),
                                str(c.readOnlyRootFilesystem()),
                                "true"))
                .cites(nsa("Kubernetes Pod security", "Immutable container file systems")));
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
                                "cpu " + (c.cpuLimit() ? "set" : "unset") + ", memory "
                                        + (c.memoryLimit() ? "set" : "unset"),
                                "cpu set, memory set"))
                .cites(nsa("Network separation and hardening", "Resource policies")));
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
                                c.image().pinnedByDigest(),
                                c.image().reference(),
                                "<registry>/<repository>@sha256:<64 hex>"))
                .cites(
                        cis("5.5.1", "image provenance"),
                        nsa("Kubernetes Pod security", "Building secure container images")));
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
                                ns.allowedRegistries().isEmpty() ? "any" : "one of " + ns.allowedRegistries()))
                .cites(
                        cis("5.5.1", "image provenance"),
                        nsa("Kubernetes Pod security", "Building secure container images")));
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
                        (ns, pod, c) -> new Outcome(c.secretEnv().isEmpty(), list(c.secretEnv()), "none"))
                .cites(cis("5.4.1", "secrets as files, not environment variables")));
        return List.copyOf(e);
    }

    /**
     * The Pod Security Standards controls, one per check of Pod Security admission (ids of the controls that existed
     * before are kept: exceptions refer to them). Each counts in the score of a namespace whose tier enforces its
     * level (baseline checks in every tier, restricted checks in restricted tiers); elsewhere its failures are
     * advice. Which ones run, and how, depends on the tier's Pod Security version.
     */
    private static void pss(List<Entry> e) {
        e.add(pss(
                        "pss-host-namespaces",
                        "No host namespaces",
                        CRITICAL,
                        "hostNamespaces",
                        "PSS baseline: Host Namespaces; CIS 5.2.3, 5.2.4, 5.2.5",
                        "spec.hostNetwork, spec.hostPID, spec.hostIPC",
                        "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).")
                .cites(
                        pssSection("Host Namespaces"),
                        cis("5.2.3", "hostPID"),
                        cis("5.2.4", "hostIPC"),
                        cis("5.2.5", "hostNetwork")));
        e.add(pss(
                        "pss-privileged",
                        "Not privileged",
                        CRITICAL,
                        "privileged",
                        "PSS baseline: Privileged Containers; CIS 5.2.2",
                        "spec.{initContainers,containers,ephemeralContainers}[*].securityContext.privileged",
                        "Remove securityContext.privileged (or set it to false).")
                .cites(pssSection("Privileged Containers"), cis("5.2.2", "privileged containers")));
        e.add(pss(
                        "pss-windows-host-process",
                        "No Windows HostProcess",
                        CRITICAL,
                        "windowsHostProcess",
                        "PSS baseline: HostProcess",
                        "spec.securityContext.windowsOptions.hostProcess, spec.*containers[*].securityContext.windowsOptions"
                                + ".hostProcess",
                        "Remove windowsOptions.hostProcess (or set it to false) on the pod and its containers.")
                .cites(pssSection("HostProcess")));
        e.add(pss(
                        "pss-capabilities-baseline",
                        "Only baseline capabilities added",
                        HIGH,
                        "capabilities_baseline",
                        "PSS baseline: Capabilities; CIS 5.2.8, 5.2.9",
                        "spec.*containers[*].securityContext.capabilities.add",
                        "Do not add capabilities beyond the baseline set (no SYS_ADMIN, NET_ADMIN, NET_RAW, …).")
                .cites(
                        pssSection("Capabilities"),
                        cis("5.2.8", "NET_RAW capability"),
                        cis("5.2.9", "added capabilities")));
        e.add(pss(
                        "pss-host-path",
                        "No hostPath volumes",
                        HIGH,
                        "hostPathVolumes",
                        "PSS baseline: HostPath Volumes; CIS 5.2.12",
                        "spec.volumes[*].hostPath",
                        "Replace hostPath volumes with emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim.")
                .cites(pssSection("HostPath Volumes"), cis("5.2.12", "HostPath volumes")));
        e.add(pss(
                        "pss-host-ports",
                        "No host ports",
                        MEDIUM,
                        "hostPorts",
                        "PSS baseline: Host Ports; CIS 5.2.13",
                        "spec.*containers[*].ports[*].hostPort",
                        "Remove hostPort from the container's ports; expose the port with a Service.")
                .cites(pssSection("Host Ports"), cis("5.2.13", "HostPorts")));
        e.add(pss(
                        "pss-host-probes",
                        "Probes and lifecycle hooks target the pod",
                        MEDIUM,
                        "hostProbesAndHostLifecycle",
                        "PSS baseline: Host Probes / Lifecycle Hooks (v1.34+)",
                        "spec.*containers[*].{liveness,readiness,startup}Probe.{httpGet,tcpSocket}.host,"
                                + " lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host",
                        "Remove host from the probe or lifecycle handler: it then targets the pod's own IP.")
                .cites(pssSection("Host Probes / Lifecycle Hooks")));
        e.add(pss(
                        "pss-apparmor",
                        "AppArmor not disabled",
                        MEDIUM,
                        "appArmorProfile",
                        "PSS baseline: AppArmor",
                        "spec.securityContext.appArmorProfile.type, spec.*containers[*].securityContext.appArmorProfile.type,"
                                + " metadata.annotations[container.apparmor.security.beta.kubernetes.io/*]",
                        "Use AppArmor type RuntimeDefault or Localhost (or leave it unset); remove Unconfined annotations.")
                .cites(pssSection("AppArmor")));
        e.add(pss(
                        "pss-selinux",
                        "SELinux options not changed",
                        MEDIUM,
                        "seLinuxOptions",
                        "PSS baseline: SELinux",
                        "spec.securityContext.seLinuxOptions.{type,user,role},"
                                + " spec.*containers[*].securityContext.seLinuxOptions.{type,user,role}",
                        "Remove seLinuxOptions.user and .role; leave type unset or use container_t, container_init_t,"
                                + " container_kvm_t or container_engine_t.")
                .cites(pssSection("SELinux")));
        e.add(pss(
                        "pss-proc-mount",
                        "Default /proc mount",
                        MEDIUM,
                        "procMount",
                        "PSS baseline: /proc Mount Type",
                        "spec.*containers[*].securityContext.procMount",
                        "Remove securityContext.procMount (or set it to Default); from v1.35 baseline allows Unmasked in a"
                                + " pod with hostUsers: false.")
                .cites(pssSection("/proc Mount Type")));
        e.add(pss(
                        "pss-seccomp-baseline",
                        "Seccomp not disabled",
                        HIGH,
                        "seccompProfile_baseline",
                        "PSS baseline: Seccomp",
                        "spec.securityContext.seccompProfile.type, spec.*containers[*].securityContext.seccompProfile.type",
                        "Remove the Unconfined seccomp profile (use RuntimeDefault or Localhost).")
                .cites(pssSection("Seccomp")));
        e.add(pss(
                        "pss-sysctls",
                        "Only safe sysctls",
                        MEDIUM,
                        "sysctls",
                        "PSS baseline: Sysctls",
                        "spec.securityContext.sysctls[*].name",
                        "Remove sysctls outside the safe set of the tier's Pod Security version.")
                .cites(pssSection("Sysctls")));
        e.add(pss(
                        "pss-volume-types",
                        "Only restricted volume types",
                        MEDIUM,
                        "restrictedVolumes",
                        "PSS restricted: Volume Types",
                        "spec.volumes[*]",
                        "Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected"
                                + " and secret volumes (a PersistentVolumeClaim for other storage).")
                .cites(pssSection("Volume Types")));
        e.add(pss(
                        "pss-privilege-escalation",
                        "No privilege escalation",
                        HIGH,
                        "allowPrivilegeEscalation",
                        "PSS restricted: Privilege Escalation; CIS 5.2.6",
                        "spec.*containers[*].securityContext.allowPrivilegeEscalation",
                        "Set securityContext.allowPrivilegeEscalation: false on every container.")
                .cites(pssSection("Privilege Escalation"), cis("5.2.6", "allowPrivilegeEscalation")));
        e.add(pss(
                        "pss-run-as-non-root",
                        "Runs as non-root",
                        HIGH,
                        "runAsNonRoot",
                        "PSS restricted: Running as Non-root; CIS 5.2.7",
                        "spec.securityContext.runAsNonRoot, spec.*containers[*].securityContext.runAsNonRoot",
                        "Set securityContext.runAsNonRoot: true on the pod (and never false on a container); build the image"
                                + " with a numeric non-root USER.")
                .cites(pssSection("Running as Non-root"), cis("5.2.7", "root containers")));
        e.add(pss(
                        "pss-run-as-user",
                        "Not running as UID 0",
                        HIGH,
                        "runAsUser",
                        "PSS restricted: Running as Non-root user (v1.23+)",
                        "spec.securityContext.runAsUser, spec.*containers[*].securityContext.runAsUser",
                        "Remove runAsUser: 0 from the pod and its containers (use a non-zero UID).")
                .cites(pssSection("Running as Non-root user")));
        e.add(pss(
                        "pss-seccomp",
                        "Seccomp profile RuntimeDefault",
                        HIGH,
                        "seccompProfile_restricted",
                        "PSS restricted: Seccomp (v1.19+); CIS 5.7.2",
                        "spec.securityContext.seccompProfile.type, spec.*containers[*].securityContext.seccompProfile.type",
                        "Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or Localhost).")
                .cites(pssSection("Seccomp"), cis("5.7.2", "seccomp profile RuntimeDefault")));
        e.add(pss(
                        "pss-capabilities-drop-all",
                        "Drops ALL capabilities",
                        MEDIUM,
                        "capabilities_restricted",
                        "PSS restricted: Capabilities (v1.22+); CIS 5.2.10",
                        "spec.*containers[*].securityContext.capabilities.{drop,add}",
                        "Set securityContext.capabilities.drop: [ALL]; add back NET_BIND_SERVICE only if needed.")
                .cites(pssSection("Capabilities"), cis("5.2.10", "capabilities assigned")));
        e.add(pss(
                        "pss-proc-mount-restricted",
                        "Default /proc mount (restricted)",
                        MEDIUM,
                        "procMount_restricted",
                        "PSS restricted: /proc Mount Type (v1.35+, also in user namespaces)",
                        "spec.*containers[*].securityContext.procMount",
                        "Remove securityContext.procMount (or set it to Default).")
                .cites(pssSection("/proc Mount Type")));
    }

    private static Entry pss(
            String id, String title, Severity severity, String check, String reference, String field, String fix) {
        PodSecurity.Rule rule = PodSecurity.rule(check);
        Control.Source source = rule.level() == PodSecurity.Level.BASELINE ? PSS_BASELINE : PSS_RESTRICTED;
        return new Entry(
                new Control(id, title, severity, POD, ALL_TIERS, source, reference, field, fix), null, rule, List.of());
    }

    private static Entry entry(
            String id,
            String title,
            Severity severity,
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

    private static String str(@Nullable Object o) {
        return o == null ? "unset" : o.toString();
    }

    private static String list(List<String> l) {
        return l.isEmpty() ? "[]" : l.toString();
    }
}
