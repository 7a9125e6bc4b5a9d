package io.bulkhead.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.compliance.Control;
import io.bulkhead.compliance.Finding;
import io.bulkhead.compliance.Score;
import io.bulkhead.compliance.Waiver;
import io.bulkhead.inventory.ContainerFacts;
import io.bulkhead.inventory.ImageRef;
import io.bulkhead.inventory.PodTemplateFacts;
import io.bulkhead.inventory.WorkloadFacts;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each control on a compliant and a non-compliant pod template (or namespace), table-driven. */
class ControlCatalogTest {

    static final String DIGEST = "sha256:" + "a".repeat(64);

    /** A mutable template and namespace, compliant for every control of every tier until a case breaks it. */
    static final class Fixture {
        String tier = "sensitive";
        String enforce = "restricted";
        boolean quota = true;
        boolean limitRange = true;
        boolean denyIngress = true;
        boolean denyEgress = true;

        @Nullable
        String drift;

        Map<String, Boolean> saAutomount = new HashMap<>(Map.of("default", false));

        boolean hostNetwork;
        boolean hostPID;
        boolean hostIPC;

        @Nullable
        Boolean podRunAsNonRoot = true;

        @Nullable
        Long podRunAsUser = 1000L;

        @Nullable
        String podSeccomp = "RuntimeDefault";

        @Nullable
        String podAppArmor;

        @Nullable
        String podSeLinux;

        List<String> hostPaths = new ArrayList<>();
        Map<String, String> sysctls = new LinkedHashMap<>(Map.of("net.ipv4.tcp_syncookies", "1"));

        @Nullable
        Boolean automount;

        @Nullable
        String runtimeClass = "gvisor";

        String image = "ghcr.io/bulkhead-io/app@" + DIGEST;

        @Nullable
        Boolean privileged = false;

        List<String> capAdd = new ArrayList<>();
        List<String> capDrop = new ArrayList<>(List.of("ALL"));

        @Nullable
        Boolean allowPrivilegeEscalation = false;

        @Nullable
        Boolean runAsNonRoot;

        @Nullable
        Long runAsUser;

        @Nullable
        Boolean readOnlyRoot = true;

        @Nullable
        String seccomp;

        @Nullable
        String appArmor = "RuntimeDefault";

        @Nullable
        String seLinux = "container_t";

        @Nullable
        String procMount = "Default";

        List<Integer> hostPorts = new ArrayList<>();
        List<String> probeHosts = new ArrayList<>();
        List<String> volumes = new ArrayList<>(List.of("config=configMap", "tmp=emptyDir"));

        @Nullable
        Boolean hostProcess;

        @Nullable
        Boolean hostUsers;

        boolean cpuLimit = true;
        boolean memoryLimit = true;
        List<String> secretEnv = new ArrayList<>();
        List<String> widening = new ArrayList<>();

        NamespaceFacts ns() {
            return new NamespaceFacts(
                    "c1",
                    "ns1",
                    tier,
                    tier.equals("baseline") ? "baseline" : "restricted",
                    enforce,
                    quota,
                    limitRange,
                    denyIngress,
                    denyEgress,
                    drift,
                    List.of("ghcr.io/bulkhead-io", "registry.bulkhead.internal"),
                    tier.equals("sandboxed") ? List.of("gvisor", "kata") : List.of(),
                    saAutomount,
                    widening);
        }

        WorkloadFacts workload() {
            ContainerFacts c = new ContainerFacts(
                    "app",
                    false,
                    ImageRef.parse(image),
                    privileged,
                    capAdd,
                    capDrop,
                    allowPrivilegeEscalation,
                    runAsNonRoot,
                    runAsUser,
                    readOnlyRoot,
                    seccomp,
                    appArmor,
                    seLinux,
                    procMount,
                    hostPorts,
                    cpuLimit,
                    memoryLimit,
                    secretEnv,
                    null,
                    null,
                    null,
                    hostProcess,
                    probeHosts);
            List<String> allVolumes = new ArrayList<>(volumes);
            hostPaths.forEach(h -> allVolumes.add(h.substring(0, h.indexOf('=')) + "=hostPath"));
            PodTemplateFacts t = new PodTemplateFacts(
                    hostNetwork,
                    hostPID,
                    hostIPC,
                    podRunAsNonRoot,
                    podRunAsUser,
                    podSeccomp,
                    podAppArmor,
                    podSeLinux,
                    hostPaths,
                    sysctls,
                    automount,
                    null,
                    runtimeClass,
                    List.of(c),
                    null,
                    hostUsers,
                    null,
                    null,
                    null,
                    allVolumes,
                    Map.of());
            return new WorkloadFacts("c1", "ns1", "Deployment", "web", "uid-1", "1", t, Instant.EPOCH);
        }

        List<Finding> evaluate() {
            return Evaluator.evaluate(ns(), List.of(workload()), Set.of());
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("ns-pod-security-labels", "sensitive", f -> f.enforce = "baseline"),
                c("ns-pod-security-labels", "sensitive", f -> f.enforce = null),
                c("ns-resource-quota", "baseline", f -> f.quota = false),
                c("ns-limit-range", "baseline", f -> f.limitRange = false),
                c("ns-default-deny", "baseline", f -> f.denyEgress = false),
                c("ns-no-drift", "baseline", f -> f.drift = "NetworkPolicy bulkhead-default-deny: FAILED"),
                c("ns-no-tenant-widening", "baseline", f -> f.widening.add("allow-all: egress to anywhere")),
                c("pss-host-namespaces", "baseline", f -> f.hostNetwork = true),
                c("pss-host-namespaces", "baseline", f -> f.hostPID = true),
                c("pss-host-namespaces", "baseline", f -> f.hostIPC = true),
                c("pss-host-path", "baseline", f -> f.hostPaths.add("docker=/var/run/docker.sock")),
                c("pss-sysctls", "baseline", f -> f.sysctls.put("kernel.msgmax", "1")),
                c("cis-token-automount", "baseline", f -> f.automount = true),
                c("cis-token-automount", "baseline", f -> f.saAutomount.put("default", true)),
                c("tier-runtime-class", "sandboxed", f -> f.runtimeClass = null),
                c("tier-runtime-class", "sandboxed", f -> f.runtimeClass = "runc"),
                c("pss-privileged", "baseline", f -> f.privileged = true),
                c("pss-windows-host-process", "baseline", f -> f.hostProcess = true),
                c("pss-capabilities-baseline", "baseline", f -> f.capAdd.add("SYS_ADMIN")),
                c("pss-host-ports", "baseline", f -> f.hostPorts.add(8080)),
                c("pss-host-probes", "baseline", f -> f.probeHosts.add("livenessProbe.httpGet.host=10.0.0.1")),
                c("pss-apparmor", "baseline", f -> f.appArmor = "Unconfined"),
                c("pss-apparmor", "baseline", f -> {
                    f.appArmor = null;
                    f.podAppArmor = "Unconfined";
                }),
                c("pss-selinux", "baseline", f -> f.seLinux = "spc_t"),
                c("pss-proc-mount", "baseline", f -> f.procMount = "Unmasked"),
                c("pss-seccomp-baseline", "baseline", f -> f.seccomp = "Unconfined"),
                c("pss-seccomp-baseline", "baseline", f -> f.podSeccomp = "Unconfined"),
                c("pss-volume-types", "restricted", f -> f.volumes.add("data=nfs")),
                c("pss-volume-types", "restricted", f -> f.hostPaths.add("docker=/var/run/docker.sock")),
                c("pss-proc-mount-restricted", "restricted", f -> f.procMount = "Unmasked"),
                c("pss-seccomp", "restricted", f -> f.podSeccomp = null),
                c("pss-seccomp", "restricted", f -> f.seccomp = "Unconfined"),
                c("pss-privilege-escalation", "restricted", f -> f.allowPrivilegeEscalation = null),
                c("pss-run-as-non-root", "restricted", f -> f.podRunAsNonRoot = null),
                c("pss-run-as-non-root", "restricted", f -> f.runAsNonRoot = false),
                c("pss-run-as-user", "restricted", f -> f.runAsUser = 0L),
                c("pss-capabilities-drop-all", "restricted", f -> f.capDrop.clear()),
                c("pss-capabilities-drop-all", "restricted", f -> f.capAdd.add("CHOWN")),
                c("nsa-read-only-root-fs", "baseline", f -> f.readOnlyRoot = null),
                c("nsa-resource-limits", "baseline", f -> f.memoryLimit = false),
                c("img-digest", "baseline", f -> f.image = "nginx:1.27"),
                c("img-digest", "baseline", f -> f.image = "ghcr.io/bulkhead-io/app"),
                c("img-allowed-registry", "restricted", f -> f.image = "docker.io/library/nginx@" + DIGEST),
                c("img-allowed-registry", "restricted", f -> f.image = "ghcr.io/bulkhead-io-evil/app@" + DIGEST),
                c("cis-secrets-as-files", "sensitive", f -> f.secretEnv.add("DB_PASSWORD")));
    }

    static Arguments c(String control, String tier, Consumer<Fixture> breakIt) {
        return Arguments.of(control, tier, breakIt);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cases")
    void controlPassesOnCompliantTemplateAndFailsOnNonCompliantOne(
            String control, String tier, Consumer<Fixture> breakIt) {
        Fixture good = new Fixture();
        good.tier = tier;
        List<Finding> ok = only(good.evaluate(), control);
        assertThat(ok)
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.result())
                        .as("%s %s: %s", f.workload(), f.field(), f.actual())
                        .isEqualTo(Finding.Result.PASS));

        Fixture bad = new Fixture();
        bad.tier = tier;
        breakIt.accept(bad);
        List<Finding> failed = only(bad.evaluate(), control);
        assertThat(failed).anySatisfy(f -> {
            assertThat(f.result()).isEqualTo(Finding.Result.FAIL);
            assertThat(f.fix()).isNotBlank();
            assertThat(f.actual()).isNotEqualTo(f.expected());
        });
    }

    @Test
    void everyControlHasACase() {
        Set<String> covered = new java.util.HashSet<>();
        cases().forEach(a -> covered.add((String) a.get()[0]));
        assertThat(covered)
                .containsExactlyInAnyOrderElementsOf(
                        ControlCatalog.controls().stream().map(Control::id).toList());
    }

    @Test
    void compliantTemplateScoresHundredInEveryTier() {
        for (String tier : Control.ALL_TIERS) {
            Fixture f = new Fixture();
            f.tier = tier;
            List<Finding> all = f.evaluate();
            assertThat(all)
                    .allSatisfy(x -> assertThat(x.result())
                            .as(tier + " " + x.controlId())
                            .isEqualTo(Finding.Result.PASS));
            assertThat(Score.of(all).value()).isEqualByComparingTo("100");
        }
    }

    @Test
    void controlsApplyOnlyToTheirTiers() {
        Fixture f = new Fixture();
        f.tier = "baseline";
        assertThat(f.evaluate())
                .extracting(Finding::controlId)
                .doesNotContain("tier-runtime-class", "img-allowed-registry", "cis-secrets-as-files");
    }

    @Test
    void findingNamesWorkloadContainerFieldAndFix() {
        Fixture f = new Fixture();
        f.tier = "restricted";
        f.runAsNonRoot = null;
        f.podRunAsNonRoot = null;
        Finding x = only(f.evaluate(), "pss-run-as-non-root").getFirst();
        assertThat(x.workloadKind()).isEqualTo("Deployment");
        assertThat(x.workloadName()).isEqualTo("web");
        assertThat(x.container()).isEqualTo("app");
        assertThat(x.field()).isEqualTo("spec.template.spec.containers[0].securityContext.runAsNonRoot");
        assertThat(x.actual()).isEqualTo("unset (pod: unset)");
        assertThat(x.expected()).isEqualTo("true, on the container or the pod");
        assertThat(x.fix()).contains("runAsNonRoot: true");
    }

    @Test
    void scoreIsWeightedPassRatioAndWaivedIsExcluded() {
        Fixture f = new Fixture();
        f.tier = "baseline";
        f.privileged = true; // CRITICAL, weight 10
        f.readOnlyRoot = false; // MEDIUM, weight 3
        List<Finding> all = f.evaluate();
        long den = all.stream().mapToLong(x -> x.severity().weight()).sum();
        Score s = Score.of(all);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.value())
                .isEqualByComparingTo(
                        BigDecimal.valueOf((den - 13) * 100.0 / den).setScale(1, java.math.RoundingMode.HALF_UP));

        List<Finding> waived = Evaluator.evaluate(
                f.ns(), List.of(f.workload()), Set.of(new Waiver("pss-privileged", "Deployment", "web")));
        Score w = Score.of(waived);
        assertThat(w.failed()).isEqualTo(1);
        assertThat(w.waived()).isEqualTo(1);
        assertThat(only(waived, "pss-privileged").getFirst().result()).isEqualTo(Finding.Result.WAIVED);
        assertThat(w.value())
                .isEqualByComparingTo(BigDecimal.valueOf((den - 13) * 100.0 / (den - 10))
                        .setScale(1, java.math.RoundingMode.HALF_UP));
        assertThat(Score.of(Evaluator.evaluate(
                                f.ns(),
                                List.of(f.workload()),
                                Set.of(new Waiver("pss-privileged", "Deployment", "other"))))
                        .waived())
                .isZero();
    }

    @Test
    void anExceptionWaivesExactlyTheFindingsOfItsControlAndScope() {
        Fixture f = new Fixture();
        f.tier = "restricted";
        f.image = "nginx:1.27";
        f.readOnlyRoot = null;
        String container = f.workload().template().containers().getFirst().name();
        var waivers = Set.of(
                new Waiver("img-digest", null, "web", container),
                new Waiver("nsa-read-only-root-fs", null, "other"),
                new Waiver("nsa-read-only-root-fs", "Deployment", "web", "not-" + container));
        List<Finding> all = Evaluator.evaluate(f.ns(), List.of(f.workload()), waivers);
        assertThat(only(all, "img-digest").getFirst().result()).isEqualTo(Finding.Result.WAIVED);
        // the same admission rule enforces the registry, but the exception names only the digest
        assertThat(only(all, "img-allowed-registry").getFirst().result()).isEqualTo(Finding.Result.FAIL);
        // another workload's and another container's exceptions waive nothing here
        assertThat(only(all, "nsa-read-only-root-fs").getFirst().result()).isEqualTo(Finding.Result.FAIL);
        assertThat(only(all, "ns-default-deny").getFirst().result()).isEqualTo(Finding.Result.PASS);
        Score s = Score.of(all);
        assertThat(s.waived()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(2);
        // waiving a failed finding takes it out of the ratio: the score rises, never drops
        assertThat(s.value())
                .isGreaterThan(Score.of(Evaluator.evaluate(f.ns(), List.of(f.workload()), Set.of()))
                        .value());
    }

    @Test
    void baselineTierShowsRestrictedOnlyFindingsAsAdviceOutsideTheScore() {
        Fixture f = new Fixture();
        f.tier = "baseline";
        f.allowPrivilegeEscalation = null; // restricted only
        f.volumes.add("data=nfs"); // restricted only
        List<Finding> all = f.evaluate();
        assertThat(only(all, "pss-privilege-escalation")).singleElement().satisfies(x -> {
            assertThat(x.result()).isEqualTo(Finding.Result.ADVICE);
            assertThat(x.field())
                    .isEqualTo("spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation");
        });
        assertThat(only(all, "pss-volume-types"))
                .singleElement()
                .satisfies(x -> assertThat(x.field()).isEqualTo("spec.template.spec.volumes[2].nfs"));
        Score s = Score.of(all);
        assertThat(s.failed()).isZero();
        assertThat(s.value()).isEqualByComparingTo("100");
        // a restricted-only check that passes is not counted in a baseline tier
        Fixture good = new Fixture();
        good.tier = "baseline";
        assertThat(good.evaluate()).extracting(Finding::controlId).doesNotContain("pss-seccomp", "pss-volume-types");

        // the same workload in a restricted tier fails those controls
        f.tier = "restricted";
        assertThat(only(f.evaluate(), "pss-privilege-escalation"))
                .singleElement()
                .extracting(Finding::result)
                .isEqualTo(Finding.Result.FAIL);
    }

    @Test
    void restrictedTierReplacesBaselineChecksWithItsOwn() {
        Fixture f = new Fixture();
        f.tier = "restricted";
        f.hostPaths.add("docker=/var/run/docker.sock");
        f.capAdd.add("SYS_ADMIN");
        List<Finding> all = f.evaluate();
        assertThat(all)
                .extracting(Finding::controlId)
                .doesNotContain("pss-host-path", "pss-capabilities-baseline", "pss-seccomp-baseline", "pss-proc-mount")
                .contains("pss-volume-types", "pss-capabilities-drop-all");
    }

    @Test
    void olderPodSecurityVersionLeavesOutChecksItDoesNotHave() {
        Fixture f = new Fixture();
        f.tier = "baseline";
        f.probeHosts.add("readinessProbe.tcpSocket.host=example.com");
        f.sysctls.put("net.ipv4.tcp_rmem", "4096 87380 6291456");
        var latest = Evaluator.evaluate(
                f.ns(), PodSecurity.Profile.of("baseline", "latest"), List.of(f.workload()), Set.of());
        assertThat(only(latest, "pss-host-probes")).extracting(Finding::result).containsExactly(Finding.Result.FAIL);
        assertThat(only(latest, "pss-sysctls")).extracting(Finding::result).containsExactly(Finding.Result.PASS);
        var v131 = Evaluator.evaluate(
                f.ns(), PodSecurity.Profile.of("baseline", "v1.31"), List.of(f.workload()), Set.of());
        assertThat(only(v131, "pss-host-probes")).isEmpty();
        assertThat(only(v131, "pss-sysctls")).singleElement().satisfies(x -> {
            assertThat(x.result()).isEqualTo(Finding.Result.FAIL);
            assertThat(x.field()).isEqualTo("spec.template.spec.securityContext.sysctls[1].name");
            assertThat(x.actual()).isEqualTo("net.ipv4.tcp_rmem");
        });
    }

    @Test
    void imageReferencesAreSplitLikeContainerRuntimesDo() {
        assertThat(ImageRef.parse("nginx"))
                .isEqualTo(new ImageRef("nginx", "docker.io", "library/nginx", "latest", null));
        assertThat(ImageRef.parse("localhost:5000/a/b:1@" + DIGEST))
                .isEqualTo(new ImageRef("localhost:5000/a/b:1@" + DIGEST, "localhost:5000", "a/b", "1", DIGEST));
        assertThat(ImageRef.parse("registry.k8s.io/pause:3.10").pinnedByDigest())
                .isFalse();
    }

    static List<Finding> only(List<Finding> all, String control) {
        return all.stream().filter(f -> f.controlId().equals(control)).toList();
    }
}
