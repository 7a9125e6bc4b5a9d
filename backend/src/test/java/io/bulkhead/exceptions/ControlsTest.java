package io.bulkhead.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.compliance.internal.ControlCatalog;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.TierFixtures;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlsTest {
    static final String WHY = "Legacy image needs the default runtime until the vendor ships a fix.";
    static final TierBundle SANDBOXED = TierFixtures.sandboxed();
    static final List<io.bulkhead.compliance.Control> CATALOG = ControlCatalog.controls();

    static ExceptionRequest valid() {
        return new ExceptionRequest(
                UUID.randomUUID(),
                "tier-runtime-class",
                null,
                ExceptionScope.WORKLOADS,
                List.of("legacy"),
                WHY,
                "https://tickets.example.com/SEC-1",
                3);
    }

    static ExceptionRequest with(String control, String value, ExceptionScope scope, List<String> workloads) {
        return new ExceptionRequest(UUID.randomUUID(), control, value, scope, workloads, WHY, null, 3);
    }

    static ExceptionRequest days(Integer d) {
        var v = valid();
        return new ExceptionRequest(v.namespaceId(), v.control(), null, v.scope(), v.workloads(), WHY, null, d);
    }

    static ExceptionRequest justification(String j) {
        var v = valid();
        return new ExceptionRequest(v.namespaceId(), v.control(), null, v.scope(), v.workloads(), j, null, 3);
    }

    static ExceptionRequest ticket(String t) {
        var v = valid();
        return new ExceptionRequest(v.namespaceId(), v.control(), null, v.scope(), v.workloads(), WHY, t, 3);
    }

    static java.util.Map<String, String> check(ExceptionRequest r) {
        return Controls.validate(r, SANDBOXED, SANDBOXED.defaultQuotaPreset(), CATALOG);
    }

    @Test
    void acceptsAValidWorkloadsException() {
        assertThat(check(valid())).isEmpty();
    }

    @Test
    void rejectsMissingEmptyAndOversizedJustification() {
        assertThat(check(justification(null))).containsKey("justification");
        assertThat(check(justification("   ")))
                .containsEntry("justification", "Explain why the exception is needed (at least 20 characters).");
        assertThat(check(justification("too short")))
                .containsEntry("justification", "At least 20 characters (this one has 9).");
        assertThat(check(justification("x".repeat(2001))))
                .containsEntry("justification", "At most 2000 characters (this one has 2001).");
        assertThat(check(justification("x".repeat(2000)))).doesNotContainKey("justification");
    }

    @Test
    void rejectsDurationZeroNegativeAndBeyondTheTiersMaximum() {
        assertThat(check(days(0))).containsEntry("durationDays", "The duration must be at least 1 day, not 0.");
        assertThat(check(days(-3))).containsEntry("durationDays", "The duration must be at least 1 day, not -3.");
        int max = SANDBOXED.exceptions().maxDays();
        assertThat(check(days(max + 1)))
                .containsEntry(
                        "durationDays",
                        "The " + SANDBOXED.title() + " tier allows exceptions of at most " + max + " days, not "
                                + (max + 1) + ".");
        assertThat(check(days(max))).isEmpty();
        assertThat(check(days(null))).containsKey("durationDays");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://tickets.example.com/1", "https://", "javascript:alert(1)", "//x/y"})
    void rejectsMalformedTicketUrls(String url) {
        assertThat(check(ticket(url)))
                .containsEntry(
                        "ticketUrl", "Enter an http(s) link to the ticket, e.g. https://tickets.example.com/SEC-123.");
    }

    @Test
    void rejectsTicketUrlsLongerThan500Characters() {
        assertThat(check(ticket("https://t.example.com/" + "a".repeat(480))))
                .containsEntry("ticketUrl", "At most 500 characters (this one has 502).");
        assertThat(check(ticket(""))).doesNotContainKey("ticketUrl");
    }

    @Test
    void rejectsUnknownControlsAndMechanismsNamedAsControls() {
        assertThat(check(with("root", null, ExceptionScope.NAMESPACE, List.of()))
                        .get("control"))
                .startsWith("Unknown control 'root'");
        assertThat(check(with("admission:requireRuntimeClass", null, ExceptionScope.NAMESPACE, List.of()))
                        .get("control"))
                .startsWith("Choose the control as the findings name it");
        assertThat(check(with("psa-level", "baseline", ExceptionScope.NAMESPACE, List.of()))
                        .get("control"))
                .startsWith("Choose the control as the findings name it");
        assertThat(check(with(null, null, ExceptionScope.NAMESPACE, List.of())))
                .containsEntry("control", "Choose the control to except, as the finding names it.");
    }

    @Test
    void rejectsControlsTheTierDoesNotScore() {
        TierBundle baseline = TierFixtures.baseline();
        var runtime = Controls.validate(
                with("tier-runtime-class", null, ExceptionScope.NAMESPACE, List.of()),
                baseline,
                baseline.defaultQuotaPreset(),
                CATALOG);
        assertThat(runtime.get("control")).contains("is not checked in the " + baseline.title() + " tier");
        // a restricted-only check is advice in a baseline tier: nothing to except
        var advice = Controls.validate(
                with("pss-run-as-non-root", null, ExceptionScope.NAMESPACE, List.of()),
                baseline,
                baseline.defaultQuotaPreset(),
                CATALOG);
        assertThat(advice.get("control")).startsWith("Runs as non-root is advice in the");
        // Bulkhead's own namespace objects are re-synced, not excepted
        assertThat(check(with("ns-default-deny", null, ExceptionScope.NAMESPACE, List.of()))
                        .get("control"))
                .contains("re-sync");
    }

    @Test
    void rejectsAScopeSelectingNothingTooManyOrInvalidWorkloads() {
        assertThat(check(with("tier-runtime-class", null, ExceptionScope.WORKLOADS, List.of())))
                .containsKey("workloads");
        assertThat(check(with("tier-runtime-class", null, ExceptionScope.WORKLOADS, List.of(" ", ""))))
                .containsKey("workloads");
        assertThat(check(with(
                                "tier-runtime-class",
                                null,
                                ExceptionScope.WORKLOADS,
                                IntStream.range(0, 21).mapToObj(i -> "w" + i).toList()))
                        .get("workloads"))
                .isEqualTo("At most 20 workloads (these are 21).");
        assertThat(check(with("tier-runtime-class", null, ExceptionScope.WORKLOADS, List.of("Legacy_App")))
                        .get("workloads"))
                .startsWith("'Legacy_App' is not a workload name");
        assertThat(check(with("tier-runtime-class", null, null, List.of()))).containsKey("scope");
    }

    @Test
    void aContainerNeedsExactlyOneWorkloadAndAKnownKind() {
        var one = valid().forWorkload("Deployment", "legacy", "app");
        assertThat(check(one)).isEmpty();
        var two = new ExceptionRequest(
                one.namespaceId(),
                one.control(),
                null,
                ExceptionScope.WORKLOADS,
                List.of("a", "b"),
                WHY,
                null,
                3,
                null,
                "Deployment",
                "app");
        assertThat(check(two)).containsKey("container");
        assertThat(check(valid().forWorkload("Deploymnet", "legacy", null))).containsKey("workloadKind");
        assertThat(check(valid().forWorkload("Deployment", "legacy", "App_1"))).containsKey("container");
    }

    @Test
    void namespaceControlsTakeNoWorkloads() {
        assertThat(check(with("egress", "203.0.113.0/24,443,TCP", ExceptionScope.WORKLOADS, List.of("legacy"))))
                .containsKey("scope");
        assertThat(check(with("egress", "203.0.113.0/24,443,TCP", ExceptionScope.NAMESPACE, List.of("legacy"))))
                .containsKey("workloads");
    }

    @Test
    void checksTheValueOfEachControl() {
        assertThat(check(with("egress", "203.0.113.0/24,443,TCP", ExceptionScope.NAMESPACE, List.of())))
                .isEmpty();
        assertThat(check(with("egress", "203.0.113.0/24,443,tcp", ExceptionScope.NAMESPACE, List.of())))
                .isEmpty();
        assertThat(check(with("egress", "203.0.113.1/24,443,TCP", ExceptionScope.NAMESPACE, List.of())))
                .containsKey("value.cidr");
        assertThat(check(with("egress", "203.0.113.0/24", ExceptionScope.NAMESPACE, List.of())))
                .containsKeys("value.port", "value.protocol")
                .doesNotContainKey("value.cidr");
        assertThat(check(with("egress", "203.0.113.0/24,70000,ICMP", ExceptionScope.NAMESPACE, List.of())))
                .containsKeys("value.port", "value.protocol");
        // the tier's egress rule, the same as for a namespace request: the sandboxed tier refuses the internet
        assertThat(check(with("egress", "0.0.0.0/0,443,TCP", ExceptionScope.NAMESPACE, List.of())))
                .containsEntry(
                        "value.cidr",
                        "The Sandboxed tier refuses egress to networks wider than /8 (IPv4); 0.0.0.0/0 is /0.");
        assertThat(check(with("egress", "::/0,443,TCP", ExceptionScope.NAMESPACE, List.of())))
                .containsKey("value.cidr");
        String larger = List.copyOf(SANDBOXED.quotaPresets().keySet())
                .get(List.copyOf(SANDBOXED.quotaPresets().keySet()).indexOf(SANDBOXED.defaultQuotaPreset()) + 1);
        assertThat(check(with("quota", larger, ExceptionScope.NAMESPACE, List.of())))
                .isEmpty();
        assertThat(check(with("quota", SANDBOXED.defaultQuotaPreset(), ExceptionScope.NAMESPACE, List.of())))
                .containsKey("value");
        // the cluster change of a finding's control is Bulkhead's mapping, never a value the requester types
        assertThat(check(with("tier-runtime-class", "x", ExceptionScope.NAMESPACE, List.of())))
                .containsKey("value");
    }

    @Test
    void offersTheControlsAsTheFindingsNameThemNeverMechanisms() {
        TierBundle restricted = TierFixtures.restricted();
        List<Controls.Control> offered = Controls.applicable(restricted, restricted.defaultQuotaPreset(), CATALOG);
        assertThat(offered)
                .anySatisfy(c -> {
                    assertThat(c.id()).isEqualTo("pss-run-as-non-root");
                    assertThat(c.title()).isEqualTo("Runs as non-root");
                    assertThat(c.allowsWorkloads()).isTrue();
                    assertThat(c.description()).contains("restricted to baseline");
                })
                .anySatisfy(c -> assertThat(c.id()).isEqualTo("egress"))
                .noneMatch(c -> c.id().equals("psa-level") || c.id().startsWith("admission:"));
        TierBundle baseline = TierFixtures.baseline();
        assertThat(Controls.applicable(baseline, baseline.defaultQuotaPreset(), CATALOG))
                .noneMatch(c -> c.id().equals("pss-run-as-non-root"))
                .anyMatch(c -> c.id().equals("pss-privileged"));
    }

    static Controls.Mechanism mechanism(String control, TierBundle bundle) {
        return Controls.mechanism(
                CATALOG.stream().filter(c -> c.id().equals(control)).findFirst().orElseThrow(), bundle);
    }

    @Test
    void mapsEachControlToTheClusterChangeThatMakesItTrue() {
        TierBundle restricted = TierFixtures.restricted();
        TierBundle baseline = TierFixtures.baseline();
        assertThat(mechanism("pss-run-as-non-root", restricted))
                .isEqualTo(new Controls.Mechanism("psa-level", "baseline"));
        assertThat(mechanism("pss-privileged", restricted))
                .isEqualTo(new Controls.Mechanism("psa-level", "privileged"));
        assertThat(mechanism("pss-privileged", baseline)).isEqualTo(new Controls.Mechanism("psa-level", "privileged"));
        assertThat(mechanism("nsa-resource-limits", restricted))
                .isEqualTo(new Controls.Mechanism("admission:resourceLimits", null));
        assertThat(mechanism("img-allowed-registry", restricted))
                .isEqualTo(new Controls.Mechanism("admission:imageDigestAndRegistry", null));
        assertThat(mechanism("tier-runtime-class", SANDBOXED))
                .isEqualTo(new Controls.Mechanism("admission:requireRuntimeClass", null));
        assertThat(mechanism("cis-token-automount", restricted).changesCluster())
                .isFalse();
    }

    @Test
    void previewOfALoweredLevelSaysItWorksPerNamespaceAndWaivesOnlyTheScope() {
        TierBundle restricted = TierFixtures.restricted();
        ClusterChange c = Controls.clusterChange(
                new Controls.Mechanism("psa-level", "baseline"),
                restricted,
                "payments-web",
                "Runs as non-root",
                "Deployment/api, container app",
                List.of("api"),
                "app",
                "M");
        assertThat(c.kind()).isEqualTo(ClusterChange.Kind.POD_SECURITY_LEVEL);
        assertThat(c.summary()).isEqualTo("Pod Security enforce level of payments-web: restricted → baseline");
        assertThat(c.changes()).singleElement().asString().contains("pod-security.kubernetes.io/enforce=baseline");
        assertThat(c.notes()).singleElement().asString().contains("Deployment/api, container app");
        ClusterChange egress = Controls.clusterChange(
                new Controls.Mechanism("egress", "203.0.113.0/24,443,TCP"),
                restricted,
                "payments-web",
                "Egress destination",
                "the whole namespace",
                List.of(),
                null,
                "M");
        assertThat(egress.summary()).isEqualTo("Egress from payments-web to 203.0.113.0/24 port 443/TCP");
    }
}
