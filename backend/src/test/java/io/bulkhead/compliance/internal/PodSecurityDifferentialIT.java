package io.bulkhead.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.compliance.internal.PodSecurity.Level;
import io.bulkhead.compliance.internal.PodSecurity.Profile;
import io.bulkhead.inventory.PodTemplateFacts;
import io.bulkhead.inventory.internal.PodFacts;
import io.bulkhead.kube.KubeTestEnv;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The real API server is the oracle: generated pods over every Pod Security relevant field and value class are
 * created with server-side dry-run in namespaces enforcing {@code baseline} and {@code restricted} (version
 * {@code latest}) on the test kube-apiserver (1.36), and the engine's verdict per level ({@link PodSecurity#admits}
 * on the facts the inventory records of that pod) must equal admission's: admitted, or rejected with a Pod Security
 * "forbidden" message. Pods the API server rejects as invalid (422: e.g. a Windows pod with Linux-only fields) are
 * counted and skipped. A disagreement fails the property; jqwik shrinks it to a minimal pod (printed as YAML).
 *
 * <p>A pod is generated from a list of choices (integers), each picking a value class of one field; the first
 * option of every field is "unset", so shrinking towards zero removes what does not matter.
 */
class PodSecurityDifferentialIT {

    static final String BASELINE = "pss-diff-baseline";
    static final String RESTRICTED = "pss-diff-restricted";

    static KubernetesClient client;
    static final AtomicInteger pods = new AtomicInteger();
    static final AtomicInteger invalid = new AtomicInteger();
    static final AtomicInteger disagreed = new AtomicInteger();
    static final AtomicInteger admittedBaseline = new AtomicInteger();
    static final AtomicInteger admittedRestricted = new AtomicInteger();
    static long started;

    @BeforeContainer
    static void namespaces() {
        client = KubeTestEnv.get().admin();
        for (var e : Map.of(BASELINE, "baseline", RESTRICTED, "restricted").entrySet()) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(e.getKey())
                            .addToLabels("pod-security.kubernetes.io/enforce", e.getValue())
                            .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                            .endMetadata()
                            .build())
                    .createOr(x -> x.update());
        }
        started = System.nanoTime();
    }

    @AfterContainer
    static void report() {
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "[pss-differential] %d pods generated, %d invalid (skipped), %d judged per level = %d admission"
                        + " decisions in %d ms; admitted: baseline %d, restricted %d; engine disagreed on %d"
                        + " (shrinking included)%n",
                pods.get(),
                invalid.get(),
                pods.get() - invalid.get(),
                2 * (pods.get() - invalid.get()),
                ms,
                admittedBaseline.get(),
                admittedRestricted.get(),
                disagreed.get());
        if (client != null) {
            client.close();
        }
    }

    /** Pods per run: bounded for CI (two dry-run creates each). */
    static final int TRIES = 2000;

    @Property(tries = TRIES, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.FULL)
    void engineAgreesWithPodSecurityAdmission(@ForAll("pods") Pod pod) {
        agree(pod);
    }

    /**
     * Fixed examples: each of the gaps issue 12 lists, with the verdicts the API server gives (asserted, so a
     * server that behaves otherwise fails here too), and the engine agreeing.
     */
    @net.jqwik.api.Example
    void fixedExamplesFromTheIssue() {
        String ok = "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true,"
                + " seccompProfile: {type: RuntimeDefault}}";
        Map<String, boolean[]> examples = new java.util.LinkedHashMap<>();
        examples.put("containers: [{name: a, image: x, securityContext: " + ok + "}]", new boolean[] {true, true});
        examples.put(
                "containers: [{name: a, image: x, securityContext: " + ok
                        + ", livenessProbe: {httpGet: {port: 80, host: 10.0.0.1}}}]",
                new boolean[] {false, false});
        examples.put(
                "initContainers: [{name: i, image: x, restartPolicy: Always, securityContext: " + ok
                        + ", startupProbe: {tcpSocket: {port: 80, host: db}}}]\ncontainers: [{name: a, image: x,"
                        + " securityContext: " + ok + "}]",
                new boolean[] {false, false});
        examples.put(
                "os: {name: windows}\nhostNetwork: true\nsecurityContext: {runAsNonRoot: true, windowsOptions:"
                        + " {hostProcess: true}}\ncontainers: [{name: a, image: x}]",
                new boolean[] {false, false});
        examples.put(
                "os: {name: windows}\nsecurityContext: {runAsNonRoot: true}\ncontainers: [{name: a, image: x}]",
                new boolean[] {true, true});
        examples.put(
                "volumes: [{name: n, nfs: {server: s, path: /}}]\ncontainers: [{name: a, image: x, securityContext: "
                        + ok + "}]",
                new boolean[] {true, false});
        examples.put(
                "containers: [{name: a, image: x, securityContext: {seccompProfile: {type: Unconfined}}}]",
                new boolean[] {false, false});
        examples.put(
                "securityContext: {seLinuxOptions: {user: system_u}}\ncontainers: [{name: a, image: x}]",
                new boolean[] {false, false});
        examples.put(
                "securityContext: {sysctls: [{name: net.ipv4.tcp_rmem, value: '4096 87380 6291456'}]}\n"
                        + "containers: [{name: a, image: x, securityContext: " + ok + "}]",
                new boolean[] {true, true});
        examples.put(
                "hostUsers: false\ncontainers: [{name: a, image: x, securityContext: {procMount: Unmasked}}]",
                new boolean[] {true, false});
        examples.put(
                "hostUsers: false\nsecurityContext: {runAsUser: 0, seccompProfile: {type: RuntimeDefault}}\n"
                        + "containers: [{name: a, image: x, securityContext: {allowPrivilegeEscalation: false,"
                        + " capabilities: {drop: [ALL]}}}]",
                new boolean[] {true, true});
        examples.forEach((spec, expected) -> {
            Pod pod = Serialization.unmarshal(
                    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n" + spec.indent(2), Pod.class);
            assertThat(admitted(pod, BASELINE))
                    .as("baseline admission of %s", spec)
                    .isEqualTo(expected[0]);
            assertThat(admitted(pod, RESTRICTED))
                    .as("restricted admission of %s", spec)
                    .isEqualTo(expected[1]);
            assertThat(agree(pod)).isTrue();
        });
        Pod annotated = Serialization.unmarshal(
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations:"
                        + " {container.apparmor.security.beta.kubernetes.io/a: unconfined}}\nspec:\n"
                        + "  containers: [{name: a, image: x}]",
                Pod.class);
        assertThat(admitted(annotated, BASELINE)).isFalse();
        assertThat(agree(annotated)).isTrue();
    }

    @Provide
    Arbitrary<Pod> pods() {
        return Arbitraries.integers().between(0, 9999).list().ofSize(CHOICES).map(PodSecurityDifferentialIT::pod);
    }

    /** Submits the pod to both namespaces and compares the verdicts; returns false when the pod is invalid. */
    static boolean agree(Pod pod) {
        pods.incrementAndGet();
        PodTemplateFacts facts = PodFacts.of(pod);
        Boolean baseline = admitted(pod, BASELINE);
        if (baseline == null) {
            invalid.incrementAndGet();
            return false;
        }
        Boolean restricted = admitted(pod, RESTRICTED);
        if (restricted == null) {
            invalid.incrementAndGet();
            return false;
        }
        String yaml = Serialization.asYaml(pod);
        boolean engineBaseline = PodSecurity.admits(facts, new Profile(Level.BASELINE, PodSecurity.LATEST_MINOR));
        boolean engineRestricted = PodSecurity.admits(facts, new Profile(Level.RESTRICTED, PodSecurity.LATEST_MINOR));
        if (engineBaseline != baseline || engineRestricted != restricted) {
            disagreed.incrementAndGet();
        }
        assertThat(PodSecurity.admits(facts, new Profile(Level.BASELINE, PodSecurity.LATEST_MINOR)))
                .as(
                        "baseline verdict (admission: %s; engine violations %s) of%n%s",
                        baseline, violations(facts, Level.BASELINE), yaml)
                .isEqualTo(baseline);
        assertThat(PodSecurity.admits(facts, new Profile(Level.RESTRICTED, PodSecurity.LATEST_MINOR)))
                .as(
                        "restricted verdict (admission: %s; engine violations %s) of%n%s",
                        restricted, violations(facts, Level.RESTRICTED), yaml)
                .isEqualTo(restricted);
        if (baseline) {
            admittedBaseline.incrementAndGet();
        }
        if (Boolean.TRUE.equals(restricted)) {
            admittedRestricted.incrementAndGet();
        }
        return true;
    }

    static List<String> violations(PodTemplateFacts facts, Level level) {
        return PodSecurity.violations(facts, new Profile(level, PodSecurity.LATEST_MINOR), PodSecurity.Paths.of("Pod"))
                .stream()
                .map(v -> v.path() + "=" + v.found())
                .toList();
    }

    /** True admitted, false rejected by Pod Security, null invalid (422). */
    static Boolean admitted(Pod pod, String namespace) {
        try {
            client.pods().inNamespace(namespace).resource(pod).dryRun().create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 && e.getMessage().contains("violates PodSecurity")) {
                return false;
            }
            if (e.getCode() == 422) {
                if (Boolean.getBoolean("pss.diff.debug")) {
                    String m = e.getMessage();
                    System.out.println("[pss-invalid] " + m.substring(Math.max(0, m.indexOf("Invalid value") - 0)));
                }
                return null;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ the generator

    static final int CHOICES = 160;

    /** Reads choices in order; each field takes one. */
    static final class Choices {
        final List<Integer> values;
        int next;

        Choices(List<Integer> values) {
            this.values = values;
        }

        int raw() {
            return next < values.size() ? values.get(next++) : 0;
        }

        /** One of the options; 0 = the first. */
        @SafeVarargs
        final <T> T pick(T... options) {
            return options[raw() % options.length];
        }

        /** True rarely (1 in {@code n}); shrinks to false. */
        boolean rarely(int n) {
            int v = raw();
            return v != 0 && v % n == 0;
        }

        /** Null (most often), false or true. */
        Boolean tri() {
            int v = raw() % 6;
            return v < 4 ? null : v == 4 ? Boolean.FALSE : Boolean.TRUE;
        }
    }

    static final String[] SYSCTLS = {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
        "net.ipv4.tcp_rmem",
        "net.ipv4.tcp_wmem",
        "kernel.msgmax",
        "net.core.somaxconn",
        "vm.swappiness"
    };

    static final String[] SYSCTL_VALUES = {
        "1",
        "1024 65535",
        "1024",
        "1",
        "0 2147483647",
        "8080",
        "600",
        "30",
        "30",
        "5",
        "4096 87380 6291456",
        "4096 16384 4194304",
        "8192",
        "1024",
        "10"
    };

    /**
     * Builds a pod from the choices. One choice sets the mode: mostly a restricted-compliant pod with a few
     * deviations (so each check's boundary is crossed one field at a time), otherwise free combinations; a second
     * picks Windows, where Linux-only fields are left out and hostProcess is all-or-nothing (the API server rejects
     * the other combinations as invalid, which would only be skipped).
     */
    static Pod pod(List<Integer> values) {
        Choices c = new Choices(values);
        Gen g = new Gen();
        g.strict = c.pick(true, true, true, false);
        String os = c.pick(null, null, null, null, "linux", "windows");
        g.windows = "windows".equals(os);
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
        int initCount = c.pick(0, 0, 1, 2);
        int mainCount = c.pick(1, 1, 2);
        g.hostProcess = g.windows && c.rarely(3);
        g.hostNetwork = g.hostProcess || c.rarely(10);
        StringBuilder ann = new StringBuilder();
        if (!g.windows) {
            for (int i = 0; i < mainCount; i++) {
                String v = c.rarely(4) ? c.pick("runtime/default", "localhost/p", "unconfined", "") : null;
                if (v != null) {
                    g.annotated.add("c" + i);
                    ann.append("    container.apparmor.security.beta.kubernetes.io/c")
                            .append(i)
                            .append(": '")
                            .append(v)
                            .append("'\n");
                }
            }
        }
        if (!ann.isEmpty()) {
            y.append("  annotations:\n").append(ann);
        }
        y.append("spec:\n");
        if (os != null) {
            y.append("  os: {name: ").append(os).append("}\n");
        }
        if (g.hostNetwork) {
            y.append("  hostNetwork: true\n");
        }
        for (String f : new String[] {"hostPID", "hostIPC"}) {
            if (c.rarely(10)) {
                y.append("  ").append(f).append(": true\n");
                g.hostNamespace = true;
            }
        }
        if (!g.windows && !g.hostNetwork && !g.hostNamespace && c.rarely(3)) {
            g.userNamespace = c.pick(true, false);
            y.append("  hostUsers: ").append(!g.userNamespace).append('\n');
        }
        String psc = securityContext(c, g, null);
        if (!psc.isEmpty()) {
            y.append("  securityContext: {").append(psc).append("}\n");
        }
        int volumes = c.pick(0, 0, 1, 2);
        if (volumes > 0) {
            y.append("  volumes:\n");
            for (int i = 0; i < volumes; i++) {
                y.append("  - {name: v")
                        .append(i)
                        .append(", ")
                        .append(c.pick(
                                "emptyDir: {}",
                                "configMap: {name: cm}",
                                "secret: {secretName: s}",
                                "persistentVolumeClaim: {claimName: pvc}",
                                "projected: {sources: [{configMap: {name: cm}}]}",
                                "downwardAPI: {items: [{path: l, fieldRef: {fieldPath: metadata.labels}}]}",
                                "csi: {driver: csi.example.com}",
                                "image: {reference: 'registry.example/data:1'}",
                                "ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce],"
                                        + " resources: {requests: {storage: 1Gi}}}}}",
                                "hostPath: {path: /var/run}",
                                "nfs: {server: nfs.example, path: /}",
                                "gitRepo: {repository: 'https://example.com/r.git'}",
                                "iscsi: {targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0}",
                                "cephfs: {monitors: ['10.0.0.1:6789']}",
                                "fc: {targetWWNs: ['500a0982991b8dc5'], lun: 0}"))
                        .append("}\n");
            }
        }
        if (initCount > 0) {
            y.append("  initContainers:\n");
            for (int i = 0; i < initCount; i++) {
                container(c, g, y, "i" + i, true);
            }
        }
        y.append("  containers:\n");
        for (int i = 0; i < mainCount; i++) {
            container(c, g, y, "c" + i, false);
        }
        return Serialization.unmarshal(y.toString(), Pod.class);
    }

    /** What the pod being generated already decided. */
    static final class Gen {
        boolean strict;
        boolean windows;
        boolean hostProcess;
        boolean hostNetwork;
        boolean hostNamespace;
        boolean userNamespace;
        java.util.Set<String> annotated = new java.util.HashSet<>();
    }

    /** In strict mode the compliant value, deviating rarely; else any of the values (unset first). */
    @SafeVarargs
    static <T> T field(Choices c, Gen g, T compliant, T... others) {
        if (g.strict) {
            return c.rarely(25) ? c.pick(others) : compliant;
        }
        int v = c.raw() % (others.length + 1);
        return v == others.length ? compliant : others[v];
    }

    /**
     * The fields of a pod ({@code container} null) or container security context, as a flow mapping's body; empty
     * when none.
     */
    static String securityContext(Choices c, Gen g, String container) {
        boolean pod = container == null;
        StringBuilder s = new StringBuilder();
        Boolean nonRoot = pod ? field(c, g, Boolean.TRUE, null, false) : field(c, g, null, true, false);
        if (nonRoot != null) {
            s.append("runAsNonRoot: ").append(nonRoot).append(", ");
        }
        if (!g.windows) {
            Long user = field(c, g, null, 0L, 1000L);
            if (user != null) {
                s.append("runAsUser: ").append(user).append(", ");
            }
            String seccomp = pod
                    ? field(c, g, "RuntimeDefault", null, "Localhost", "Unconfined")
                    : field(c, g, null, "RuntimeDefault", "Localhost", "Unconfined");
            if (seccomp != null) {
                s.append("seccompProfile: {type: ")
                        .append(seccomp)
                        .append(seccomp.equals("Localhost") ? ", localhostProfile: p.json" : "")
                        .append("}, ");
            }
            if (pod ? g.annotated.isEmpty() : !g.annotated.contains(container)) {
                String apparmor = field(c, g, null, "RuntimeDefault", "Localhost", "Unconfined");
                if (apparmor != null) {
                    s.append("appArmorProfile: {type: ")
                            .append(apparmor)
                            .append(apparmor.equals("Localhost") ? ", localhostProfile: p" : "")
                            .append("}, ");
                }
            }
            if (c.rarely(g.strict ? 10 : 4)) {
                StringBuilder se = new StringBuilder();
                String type = c.pick(
                        null,
                        "container_t",
                        "container_init_t",
                        "container_kvm_t",
                        "container_engine_t",
                        "spc_t",
                        "unconfined_t");
                if (type != null) {
                    se.append("type: ").append(type).append(", ");
                }
                if (c.rarely(3)) {
                    se.append("user: system_u, ");
                }
                if (c.rarely(3)) {
                    se.append("role: system_r, ");
                }
                if (c.rarely(3)) {
                    se.append("level: 's0:c123,c456', ");
                }
                s.append("seLinuxOptions: {").append(trim(se)).append("}, ");
            }
        } else {
            // hostProcess is all-or-nothing: the pod's flag, or every container's (needs hostNetwork either way)
            if (g.hostProcess && (pod ? c.pick(true, false) : true)) {
                s.append("windowsOptions: {hostProcess: true}, ");
            } else if (!g.hostProcess && c.rarely(6)) {
                s.append("windowsOptions: {hostProcess: false}, ");
            }
        }
        if (pod) {
            int n = g.windows || g.hostNetwork ? 0 : c.pick(0, 0, 0, 1, 2);
            if (n > 0) {
                s.append("sysctls: [");
                int first = -1;
                for (int i = 0; i < n; i++) {
                    int k = c.raw() % SYSCTLS.length;
                    if (k == first) {
                        continue; // no duplicate names
                    }
                    s.append(first == -1 ? "" : ", ")
                            .append("{name: ")
                            .append(SYSCTLS[k])
                            .append(", value: '")
                            .append(SYSCTL_VALUES[k])
                            .append("'}");
                    first = k;
                }
                s.append("], ");
            }
        } else if (!g.windows) {
            Boolean privileged = field(c, g, null, false, true);
            if (privileged != null) {
                s.append("privileged: ").append(privileged).append(", ");
            }
            Boolean escalation =
                    Boolean.TRUE.equals(privileged) ? field(c, g, null, true) : field(c, g, Boolean.FALSE, null, true);
            if (escalation != null) {
                s.append("allowPrivilegeEscalation: ").append(escalation).append(", ");
            }
            String drop = field(c, g, "ALL", null, "NET_RAW", "ALL, NET_RAW");
            String add =
                    field(c, g, null, "NET_BIND_SERVICE", "CHOWN", "SYS_ADMIN", "NET_RAW", "NET_BIND_SERVICE, KILL");
            if (drop != null || add != null) {
                s.append("capabilities: {");
                if (drop != null) {
                    s.append("drop: [").append(drop).append("], ");
                }
                if (add != null) {
                    s.append("add: [").append(add).append("], ");
                }
                trimInto(s);
                s.append("}, ");
            }
            String procMount =
                    g.userNamespace ? field(c, g, null, "Default", "Unmasked") : field(c, g, null, "Default");
            if (procMount != null) {
                s.append("procMount: ").append(procMount).append(", ");
            }
        }
        return trim(s);
    }

    static void container(Choices c, Gen g, StringBuilder y, String name, boolean init) {
        y.append("  - name: ").append(name).append('\n');
        y.append("    image: registry.example/app:1\n");
        boolean sidecar = init && c.rarely(3);
        if (sidecar) {
            y.append("    restartPolicy: Always\n");
        }
        String sc = securityContext(c, g, name);
        if (!sc.isEmpty()) {
            y.append("    securityContext: {").append(sc).append("}\n");
        }
        if (c.rarely(5)) {
            y.append("    ports: [{containerPort: 8080")
                    .append(
                            g.hostNetwork
                                    ? c.pick("", ", hostPort: 8080")
                                    : c.pick("", ", hostPort: 0", ", hostPort: 8080", ", hostPort: 9090"))
                    .append("}]\n");
        }
        // probes exist on regular containers and restartable init containers (sidecars) only
        if (!init || sidecar) {
            for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
                if (c.rarely(6)) {
                    y.append("    ")
                            .append(probe)
                            .append(": {")
                            .append(handler(c))
                            .append("}\n");
                }
            }
            if (c.rarely(6)) {
                y.append("    lifecycle: {")
                        .append(c.pick("postStart", "preStop"))
                        .append(": {")
                        .append(handler(c))
                        .append("}}\n");
            }
        }
    }

    static String handler(Choices c) {
        String kind = c.pick("httpGet", "tcpSocket", "exec");
        if (kind.equals("exec")) {
            return "exec: {command: [\"true\"]}";
        }
        return kind + ": {port: 8080" + c.pick("", "", ", host: 10.0.0.1", ", host: localhost", ", host: ''") + "}";
    }

    private static String trim(StringBuilder s) {
        trimInto(s);
        return s.toString();
    }

    private static void trimInto(StringBuilder s) {
        if (s.length() >= 2 && s.charAt(s.length() - 2) == ',') {
            s.setLength(s.length() - 2);
        }
    }
}
