package io.bulkhead.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

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

    static ExceptionRequest valid() {
        return new ExceptionRequest(
                UUID.randomUUID(),
                "admission:requireRuntimeClass",
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
        return Controls.validate(r, SANDBOXED, SANDBOXED.defaultQuotaPreset());
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
    void rejectsUnknownControls() {
        assertThat(check(with("admission:noSuchRule", null, ExceptionScope.NAMESPACE, List.of()))
                        .get("control"))
                .startsWith("Unknown control 'admission:noSuchRule'");
        assertThat(check(with("root", null, ExceptionScope.NAMESPACE, List.of()))
                        .get("control"))
                .startsWith("Unknown control 'root'");
        assertThat(check(with(null, null, ExceptionScope.NAMESPACE, List.of())))
                .containsEntry("control", "Choose the control to except.");
    }

    @Test
    void rejectsAdmissionRulesTheTierDoesNotHave() {
        TierBundle baseline = TierFixtures.baseline();
        var errors = Controls.validate(
                with("admission:requireRuntimeClass", null, ExceptionScope.NAMESPACE, List.of()),
                baseline,
                baseline.defaultQuotaPreset());
        assertThat(errors.get("control")).startsWith("The " + baseline.title() + " tier has no admission rule");
    }

    @Test
    void rejectsAScopeSelectingNothingTooManyOrInvalidWorkloads() {
        assertThat(check(with("admission:requireRuntimeClass", null, ExceptionScope.WORKLOADS, List.of())))
                .containsKey("workloads");
        assertThat(check(with("admission:requireRuntimeClass", null, ExceptionScope.WORKLOADS, List.of(" ", ""))))
                .containsKey("workloads");
        assertThat(check(with(
                                "admission:requireRuntimeClass",
                                null,
                                ExceptionScope.WORKLOADS,
                                IntStream.range(0, 21).mapToObj(i -> "w" + i).toList()))
                        .get("workloads"))
                .isEqualTo("At most 20 workloads (these are 21).");
        assertThat(check(with("admission:requireRuntimeClass", null, ExceptionScope.WORKLOADS, List.of("Legacy_App")))
                        .get("workloads"))
                .startsWith("'Legacy_App' is not a workload name");
        assertThat(check(with("admission:requireRuntimeClass", null, null, List.of())))
                .containsKey("scope");
    }

    @Test
    void onlyAdmissionRulesTakeNamedWorkloads() {
        assertThat(check(with("psa-level", "baseline", ExceptionScope.WORKLOADS, List.of("legacy"))))
                .containsKey("scope");
        assertThat(check(with("psa-level", "baseline", ExceptionScope.NAMESPACE, List.of("legacy"))))
                .containsKey("workloads");
    }

    @Test
    void checksTheValueOfEachControl() {
        assertThat(check(with("psa-level", "baseline", ExceptionScope.NAMESPACE, List.of())))
                .isEmpty();
        assertThat(check(with("psa-level", "restricted", ExceptionScope.NAMESPACE, List.of())))
                .containsKey("value");
        assertThat(check(with("egress", "203.0.113.0/24,443,TCP", ExceptionScope.NAMESPACE, List.of())))
                .isEmpty();
        assertThat(check(with("egress", "203.0.113.1/24,443,TCP", ExceptionScope.NAMESPACE, List.of())))
                .containsKey("value");
        assertThat(check(with("egress", "203.0.113.0/24", ExceptionScope.NAMESPACE, List.of())))
                .containsKey("value");
        // the tier's egress rule, the same as for a namespace request: the sandboxed tier refuses the internet
        assertThat(check(with("egress", "0.0.0.0/0,443,TCP", ExceptionScope.NAMESPACE, List.of())))
                .containsEntry(
                        "value",
                        "The Sandboxed tier refuses egress to networks wider than /8 (IPv4); 0.0.0.0/0 is /0.");
        assertThat(check(with("egress", "::/0,443,TCP", ExceptionScope.NAMESPACE, List.of())))
                .containsKey("value");
        String larger = List.copyOf(SANDBOXED.quotaPresets().keySet())
                .get(List.copyOf(SANDBOXED.quotaPresets().keySet()).indexOf(SANDBOXED.defaultQuotaPreset()) + 1);
        assertThat(check(with("quota", larger, ExceptionScope.NAMESPACE, List.of())))
                .isEmpty();
        assertThat(check(with("quota", SANDBOXED.defaultQuotaPreset(), ExceptionScope.NAMESPACE, List.of())))
                .containsKey("value");
        assertThat(check(with("admission:requireRuntimeClass", "x", ExceptionScope.NAMESPACE, List.of())))
                .containsKey("value");
    }

    @Test
    void catalogHasOneControlPerAdmissionRuleOfTheTier() {
        assertThat(Controls.applicable(SANDBOXED, SANDBOXED.defaultQuotaPreset()).stream()
                        .map(Controls.Control::id))
                .contains("psa-level", "admission:requireRuntimeClass", "egress");
    }
}
