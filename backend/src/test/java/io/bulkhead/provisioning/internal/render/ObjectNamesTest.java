package io.bulkhead.provisioning.internal.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkhead.provisioning.Exemption;
import io.bulkhead.tiers.TierBundle;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectNamesTest {
    private static final TierBundle.AdmissionRule RUNTIME_CLASS = new TierBundle.RequireRuntimeClass(List.of("gvisor"));

    @Test
    void buildsPolicyNamesFromTierVersionAndRule() {
        assertThat(ObjectNames.policy("sandboxed", 3, RUNTIME_CLASS))
                .isEqualTo("bulkhead-sandboxed-v3-require-runtime-class");
        assertThat(ObjectNames.exceptionPolicy("team-a-dev", RUNTIME_CLASS))
                .isEqualTo("bulkhead-exception-team-a-dev-require-runtime-class");
        assertThat(ObjectNames.exemptLabel(RUNTIME_CLASS)).isEqualTo("bulkhead.io/exempt-require-runtime-class");
    }

    @Test
    void readsTheRuleBackFromAnExceptionPolicyCopyWhoseNamespaceHasDashes() {
        String name = ObjectNames.exceptionPolicy("team-a-dev", RUNTIME_CLASS);

        assertThat(ObjectNames.ruleOfExceptionPolicy(name, "team-a-dev")).contains("require-runtime-class");
        assertThat(ObjectNames.ruleOfExceptionPolicy(name, "team-a")).contains("dev-require-runtime-class");
        assertThat(ObjectNames.ruleOfExceptionPolicy(name, "team-b-dev")).isEmpty();
        assertThat(ObjectNames.ruleOfExceptionPolicy("bulkhead-exception-team-a-dev-", "team-a-dev"))
                .isEmpty();
        assertThat(ObjectNames.ruleOfExceptionPolicy(name, "team-a-dev").map(ObjectNames::exemptLabel))
                .contains(ObjectNames.exemptLabel(RUNTIME_CLASS));
    }

    @Test
    void recognisesExemptLabelsOnly() {
        assertThat(ObjectNames.isExemptLabel("bulkhead.io/exempt-require-runtime-class"))
                .isTrue();
        assertThat(ObjectNames.isExemptLabel("bulkhead.io/exempt-")).isFalse();
        assertThat(ObjectNames.isExemptLabel("bulkhead.io/team")).isFalse();
    }

    @Test
    void admissionControlsRoundTrip() {
        String control = Exemption.admissionControl(TierBundle.RequireRuntimeClass.KEY);

        assertThat(control).isEqualTo("admission:" + TierBundle.RequireRuntimeClass.KEY);
        assertThat(Exemption.admissionRuleOf(control)).isEqualTo(TierBundle.RequireRuntimeClass.KEY);
        assertThat(Exemption.admissionRuleOf("admission:")).isNull();
        assertThat(Exemption.admissionRuleOf(Exemption.PSA_LEVEL)).isNull();
        assertThat(new Exemption(control, null).admissionRule()).isEqualTo(TierBundle.RequireRuntimeClass.KEY);
    }
}
