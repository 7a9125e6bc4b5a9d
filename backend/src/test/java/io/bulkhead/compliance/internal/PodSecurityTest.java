package io.bulkhead.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.compliance.internal.PodSecurity.Level;
import io.bulkhead.compliance.internal.PodSecurity.Profile;
import io.bulkhead.compliance.internal.PodSecurity.Violation;
import io.bulkhead.inventory.PodTemplateFacts;
import io.bulkhead.inventory.internal.PodFacts;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Pod Security check on pods written as manifests, per level and policy version, against what
 * {@code k8s.io/pod-security-admission} v0.36.3 does: which fields it rejects, by exact path (empty = admitted).
 */
class PodSecurityTest {

    /** A container that passes every restricted check. */
    static final String OK = "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true,"
            + " seccompProfile: {type: RuntimeDefault}}";

    static String pod(String annotations, String spec) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {" + annotations + "}\nspec:\n"
                + spec.indent(2);
    }

    static List<String> paths(String level, String version, String annotations, String spec) {
        PodTemplateFacts facts = PodFacts.ofYaml(pod(annotations, spec));
        return PodSecurity.violations(facts, Profile.of(level, version), PodSecurity.Paths.of("Pod")).stream()
                .map(Violation::path)
                .toList();
    }

    static Arguments c(String level, String version, String spec, String... expected) {
        return Arguments.of(level, version, "", spec, List.of(expected));
    }

    static Arguments a(String level, String version, String annotations, String spec, String... expected) {
        return Arguments.of(level, version, annotations, spec, List.of(expected));
    }

    static Stream<Arguments> cases() {
        String app = "containers: [{name: app, image: x, securityContext: " + OK + "}]";
        return Stream.of(
                // hostNamespaces
                c("baseline", "latest", "hostNetwork: true\nhostIPC: true\n" + app, "spec.hostNetwork", "spec.hostIPC"),
                // privileged, in every container kind
                c(
                        "baseline",
                        "latest",
                        "initContainers: [{name: i0, image: x}, {name: i1, image: x, securityContext: {privileged: true}}]\n"
                                + app,
                        "spec.initContainers[1].securityContext.privileged"),
                c(
                        "baseline",
                        "latest",
                        app + "\nephemeralContainers: [{name: dbg, image: x, securityContext: {privileged: true}}]",
                        "spec.ephemeralContainers[0].securityContext.privileged"),
                c("baseline", "latest", "containers: [{name: a, image: x, securityContext: {privileged: false}}]"),
                // capabilities (baseline set)
                c(
                        "baseline",
                        "latest",
                        "containers: [{name: a, image: x, securityContext: {capabilities: {add: [CHOWN, SYS_ADMIN]}}}]",
                        "spec.containers[0].securityContext.capabilities.add[1]"),
                // windows hostProcess
                c(
                        "baseline",
                        "latest",
                        "securityContext: {windowsOptions: {hostProcess: true}}\n"
                                + "containers: [{name: a, image: x, securityContext: {windowsOptions: {hostProcess: true}}}]",
                        "spec.securityContext.windowsOptions.hostProcess",
                        "spec.containers[0].securityContext.windowsOptions.hostProcess"),
                // hostPath volumes; in restricted the volume-type check replaces it (one finding, not two)
                c(
                        "baseline",
                        "latest",
                        "volumes: [{name: t, emptyDir: {}}, {name: h, hostPath: {path: /}}]\n" + app,
                        "spec.volumes[1].hostPath"),
                c(
                        "restricted",
                        "latest",
                        "volumes: [{name: h, hostPath: {path: /}}, {name: n, nfs: {server: s, path: /}},"
                                + " {name: i, image: {reference: x}}, {name: p, persistentVolumeClaim: {claimName: c}}]\n"
                                + app,
                        "spec.volumes[0].hostPath",
                        "spec.volumes[1].nfs"),
                c("baseline", "latest", "volumes: [{name: n, nfs: {server: s, path: /}}]\n" + app),
                // host ports
                c(
                        "baseline",
                        "latest",
                        "containers: [{name: a, image: x, ports: [{containerPort: 80, hostPort: 8080}]}]",
                        "spec.containers[0].ports[*].hostPort"),
                c("baseline", "latest", "containers: [{name: a, image: x, ports: [{containerPort: 80, hostPort: 0}]}]"),
                // probe and lifecycle hosts: from v1.34
                c(
                        "baseline",
                        "latest",
                        "initContainers: [{name: i0, image: x}, {name: i1, image: x, restartPolicy: Always,"
                                + " livenessProbe: {httpGet: {port: 80, host: 10.0.0.1}}}]\n"
                                + "containers: [{name: a, image: x, lifecycle: {preStop: {tcpSocket: {port: 80, host: db}}}}]",
                        "spec.initContainers[1].livenessProbe.httpGet.host",
                        "spec.containers[0].lifecycle.preStop.tcpSocket.host"),
                c(
                        "baseline",
                        "v1.33",
                        "containers: [{name: a, image: x, readinessProbe: {httpGet: {port: 80, host: 10.0.0.1}}}]"),
                // AppArmor: fields and annotations
                c(
                        "baseline",
                        "latest",
                        "securityContext: {appArmorProfile: {type: Unconfined}}\n"
                                + "containers: [{name: a, image: x, securityContext: {appArmorProfile: {type: Localhost,"
                                + " localhostProfile: p}}}]",
                        "spec.securityContext.appArmorProfile.type"),
                a(
                        "baseline",
                        "latest",
                        "container.apparmor.security.beta.kubernetes.io/a: unconfined,"
                                + " container.apparmor.security.beta.kubernetes.io/b: localhost/p",
                        "containers: [{name: a, image: x}, {name: b, image: x}]",
                        "metadata.annotations[container.apparmor.security.beta.kubernetes.io/a]"),
                a(
                        "baseline",
                        "latest",
                        "container.apparmor.security.beta.kubernetes.io/a: runtime/default",
                        "containers: [{name: a, image: x}]"),
                // SELinux: type by version, user and role never
                c(
                        "baseline",
                        "latest",
                        "securityContext: {seLinuxOptions: {role: sysadm_r}}\n"
                                + "containers: [{name: a, image: x, securityContext: {seLinuxOptions: {type: container_engine_t,"
                                + " user: root}}}]",
                        "spec.securityContext.seLinuxOptions.role",
                        "spec.containers[0].securityContext.seLinuxOptions.user"),
                c(
                        "baseline",
                        "v1.30",
                        "containers: [{name: a, image: x, securityContext: {seLinuxOptions: {type: container_engine_t,"
                                + " level: 's0:c1'}}}]",
                        "spec.containers[0].securityContext.seLinuxOptions.type"),
                // procMount: baseline relaxes in a user namespace from v1.35, restricted never
                c(
                        "baseline",
                        "latest",
                        "containers: [{name: a, image: x, securityContext: {procMount: Unmasked}}]",
                        "spec.containers[0].securityContext.procMount"),
                c(
                        "baseline",
                        "latest",
                        "hostUsers: false\ncontainers: [{name: a, image: x, securityContext: {procMount: Unmasked}}]"),
                c(
                        "baseline",
                        "v1.34",
                        "hostUsers: false\ncontainers: [{name: a, image: x, securityContext: {procMount: Unmasked}}]",
                        "spec.containers[0].securityContext.procMount"),
                c(
                        "restricted",
                        "latest",
                        "hostUsers: false\ncontainers: [{name: a, image: x, securityContext: {procMount: Unmasked,"
                                + " allowPrivilegeEscalation: false, capabilities: {drop: [ALL]},"
                                + " seccompProfile: {type: RuntimeDefault}}}]",
                        "spec.containers[0].securityContext.procMount"),
                // seccomp: Unconfined is a baseline violation; restricted wants it set
                c(
                        "baseline",
                        "latest",
                        "containers: [{name: a, image: x, securityContext: {seccompProfile: {type: Unconfined}}}]",
                        "spec.containers[0].securityContext.seccompProfile.type"),
                c("baseline", "latest", "containers: [{name: a, image: x}]"),
                c(
                        "restricted",
                        "latest",
                        "securityContext: {runAsNonRoot: true}\ncontainers: [{name: a, image: x, securityContext:"
                                + " {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]",
                        "spec.containers[0].securityContext.seccompProfile.type"),
                c(
                        "restricted",
                        "latest",
                        "securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n"
                                + "containers: [{name: a, image: x, securityContext: {allowPrivilegeEscalation: false,"
                                + " capabilities: {drop: [ALL]}}}]"),
                // sysctls by version
                c(
                        "baseline",
                        "latest",
                        "securityContext: {sysctls: [{name: net.ipv4.tcp_rmem, value: '4096 87380 6291456'},"
                                + " {name: kernel.msgmax, value: '1'}]}\n" + app,
                        "spec.securityContext.sysctls[1].name"),
                c(
                        "baseline",
                        "v1.31",
                        "securityContext: {sysctls: [{name: net.ipv4.tcp_rmem, value: '4096 87380 6291456'}]}\n" + app,
                        "spec.securityContext.sysctls[0].name"),
                c(
                        "baseline",
                        "v1.26",
                        "securityContext: {sysctls: [{name: net.ipv4.ip_local_reserved_ports, value: '80'}]}\n" + app,
                        "spec.securityContext.sysctls[0].name"),
                // allowPrivilegeEscalation, capabilities, seccomp: windows pods exempt from v1.25
                c(
                        "restricted",
                        "latest",
                        "os: {name: windows}\nsecurityContext: {runAsNonRoot: true}\ncontainers: [{name: a, image: x}]"),
                c(
                        "restricted",
                        "v1.24",
                        "os: {name: windows}\nsecurityContext: {runAsNonRoot: true}\ncontainers: [{name: a, image: x}]",
                        "spec.containers[0].securityContext.allowPrivilegeEscalation",
                        "spec.containers[0].securityContext.seccompProfile.type",
                        "spec.containers[0].securityContext.capabilities.drop"),
                // runAsNonRoot and runAsUser, relaxed with hostUsers: false from v1.35
                c(
                        "restricted",
                        "latest",
                        "securityContext: {runAsNonRoot: true, runAsUser: 0}\ncontainers: [{name: a, image: x,"
                                + " securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]},"
                                + " runAsNonRoot: false, seccompProfile: {type: RuntimeDefault}}}]",
                        "spec.containers[0].securityContext.runAsNonRoot",
                        "spec.securityContext.runAsUser"),
                c(
                        "restricted",
                        "latest",
                        "hostUsers: false\nsecurityContext: {runAsUser: 0}\ncontainers: [{name: a, image: x,"
                                + " securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]},"
                                + " seccompProfile: {type: RuntimeDefault}}}]"),
                c(
                        "restricted",
                        "v1.34",
                        "hostUsers: false\nsecurityContext: {runAsUser: 0}\ncontainers: [{name: a, image: x,"
                                + " securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]},"
                                + " seccompProfile: {type: RuntimeDefault}}}]",
                        "spec.containers[0].securityContext.runAsNonRoot",
                        "spec.securityContext.runAsUser"),
                // capabilities (restricted): drop ALL, add only NET_BIND_SERVICE
                c(
                        "restricted",
                        "latest",
                        "securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n"
                                + "containers: [{name: a, image: x, securityContext: {allowPrivilegeEscalation: false,"
                                + " capabilities: {add: [NET_BIND_SERVICE, CHOWN]}}}]",
                        "spec.containers[0].securityContext.capabilities.drop",
                        "spec.containers[0].securityContext.capabilities.add[1]"),
                c("restricted", "latest", app));
    }

    @ParameterizedTest(name = "{0}:{1} {4}")
    @MethodSource("cases")
    void rejectsExactlyTheFieldsPodSecurityAdmissionRejects(
            String level, String version, String annotations, String spec, List<String> expected) {
        assertThat(paths(level, version, annotations, spec)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void restrictedIncludesEveryBaselineCheckItDoesNotReplace() {
        for (PodSecurity.Rule r : PodSecurity.RULES) {
            Profile restricted = new Profile(Level.RESTRICTED, PodSecurity.LATEST_MINOR);
            boolean replaced = PodSecurity.RULES.stream().anyMatch(x -> r.id().equals(x.overrides()));
            assertThat(r.runsIn(restricted)).as(r.id()).isEqualTo(!replaced);
            assertThat(r.runsIn(new Profile(Level.BASELINE, PodSecurity.LATEST_MINOR)))
                    .as(r.id())
                    .isEqualTo(r.level() == Level.BASELINE);
            assertThat(r.runsIn(new Profile(Level.PRIVILEGED, PodSecurity.LATEST_MINOR)))
                    .isFalse();
        }
    }

    @Test
    void violationsNameTheFoundAndAllowedValues() {
        var v = PodSecurity.violations(
                        PodFacts.ofYaml(pod(
                                "",
                                "initContainers: [{name: i0, image: x}, {name: i1, image: x, restartPolicy: Always,"
                                        + " livenessProbe: {httpGet: {port: 80, host: 10.0.0.1}}}]\n"
                                        + "containers: [{name: a, image: x}]")),
                        Profile.of("baseline", "latest"),
                        PodSecurity.Paths.of("Deployment"))
                .getFirst();
        assertThat(v.container()).isEqualTo("i1");
        assertThat(v.path()).isEqualTo("spec.template.spec.initContainers[1].livenessProbe.httpGet.host");
        assertThat(v.found()).isEqualTo("10.0.0.1");
        assertThat(v.allowed()).startsWith("unset");
    }

    @Test
    void versionsParseAndClamp() {
        assertThat(Profile.minor("latest")).isEqualTo(PodSecurity.LATEST_MINOR);
        assertThat(Profile.minor("v1.29")).isEqualTo(29);
        assertThat(Profile.minor("v1.99")).isEqualTo(PodSecurity.LATEST_MINOR);
        assertThat(Profile.of("restricted", null).version()).isEqualTo("latest");
    }
}
