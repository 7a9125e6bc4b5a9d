package io.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.bulkhead.archfixture.alpha.Alpha;
import io.bulkhead.archfixture.beta.Beta;
import io.bulkhead.archfixture.clusters.internal.KubeAccess;
import io.bulkhead.archfixture.db.GeneratedTable;
import io.bulkhead.archfixture.shop.Shop;
import io.bulkhead.archfixture.shop.internal.KubeInShop;
import io.bulkhead.archfixture.shop.internal.ShopStore;
import io.bulkhead.archfixture.ui.ShopView;
import io.bulkhead.archfixture.ui.TidyView;
import io.bulkhead.archfixture.ui.audit.TrailView;
import io.bulkhead.archfixture.ui.components.Badge;
import io.bulkhead.archfixture.ui.components.LeakyBadge;
import io.bulkhead.archfixture.ui.home.HubView;
import io.bulkhead.archfixture.ui.inventory.StrayView;
import org.junit.jupiter.api.Test;

/** Each architecture rule fails on a fixture that breaks it and passes on fixtures that keep it. */
class ArchitectureRulesSelfTest {

    private static final String BASE = "io.bulkhead.archfixture";

    private static EvaluationResult evaluate(ArchRule rule, Class<?>... fixtures) {
        JavaClasses classes = new ClassFileImporter().importClasses(fixtures);
        return rule.evaluate(classes);
    }

    @Test
    void jooqRuleFailsOutsideInternalAndAllowsInternalAndGeneratedCode() {
        ArchRule rule = ArchitectureRules.jooqOnlyInInternalPackages(BASE);

        EvaluationResult broken = evaluate(rule, Shop.class, GeneratedTable.class);
        assertThat(broken.hasViolation()).isTrue();
        assertThat(broken.getFailureReport().getDetails())
                .anyMatch(d -> d.contains(Shop.class.getName()) && d.contains("org.jooq.DSLContext"))
                .anyMatch(d -> d.contains(Shop.class.getName()) && d.contains(GeneratedTable.class.getName()));
        assertThat(evaluate(rule, ShopStore.class, GeneratedTable.class, TidyView.class)
                        .hasViolation())
                .isFalse();
    }

    @Test
    void fabric8RuleFailsOutsideKubernetesFacingInternals() {
        ArchRule rule = ArchitectureRules.fabric8OnlyInKubernetesFacingInternals(BASE);

        EvaluationResult broken = evaluate(rule, KubeInShop.class, KubeAccess.class);
        assertThat(broken.hasViolation()).isTrue();
        assertThat(broken.getFailureReport().getDetails()).allMatch(d -> d.contains(KubeInShop.class.getName()));
        assertThat(evaluate(rule, KubeAccess.class, ShopStore.class).hasViolation())
                .isFalse();
    }

    @Test
    void uiRuleFailsWhenAViewUsesAnInternalClass() {
        ArchRule rule = ArchitectureRules.uiUsesOnlyFeatureApis(BASE);

        assertThat(evaluate(rule, ShopView.class, ShopStore.class).hasViolation())
                .isTrue();
        assertThat(evaluate(rule, TidyView.class, Shop.class).hasViolation()).isFalse();
    }

    @Test
    void uiPackageRuleAllowsSharedComponentsAndListedLinksOnly() {
        ArchRule rule =
                ArchitectureRules.uiPackagesUseOnlyAllowedUiPackages(BASE, ArchitectureRules.UI_PACKAGE_DEPENDENCIES);

        assertThat(evaluate(rule, HubView.class, TrailView.class, Badge.class).hasViolation())
                .isFalse();

        EvaluationResult featureToFeature = evaluate(rule, StrayView.class, TrailView.class);
        assertThat(featureToFeature.getFailureReport().getDetails())
                .isNotEmpty()
                .allMatch(
                        d -> d.contains("ui.inventory may not use ui.audit") && d.contains(StrayView.class.getName()));

        EvaluationResult componentToFeature = evaluate(rule, LeakyBadge.class, TrailView.class);
        assertThat(componentToFeature.getFailureReport().getDetails())
                .isNotEmpty()
                .allMatch(d -> d.contains("ui.components may not use ui.audit"));

        EvaluationResult outsideAnyUiPackage = evaluate(rule, ShopView.class);
        assertThat(outsideAnyUiPackage.getFailureReport().getDetails())
                .singleElement()
                .satisfies(d -> assertThat(d).contains(ShopView.class.getName(), "is not in one of the UI packages"));
    }

    @Test
    void publicScreenRuleFailsOnAPublicScreenNoOtherUiPackageUses() {
        ArchRule rule = ArchitectureRules.featureScreensArePublicOnlyWhenUsedFromAnotherUiPackage(BASE);

        // StrayView is public and nothing uses it; TrailView is public and used by the landing page
        EvaluationResult result = evaluate(rule, StrayView.class, TrailView.class, HubView.class, Badge.class);
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(d -> d.contains(StrayView.class.getName() + " is public but no other UI package uses it"))
                .noneMatch(d -> d.contains(TrailView.class.getName()));
    }

    @Test
    void cycleRuleFailsOnACycleBetweenFeatures() {
        ArchRule rule = ArchitectureRules.noCyclesBetweenFeatures(BASE);

        assertThat(evaluate(rule, Alpha.class, Beta.class).hasViolation()).isTrue();
        assertThat(evaluate(rule, TidyView.class, Shop.class, ShopStore.class).hasViolation())
                .isFalse();
    }

    @Test
    void rulesAreNotVacuousOnAnEmptyImport() {
        // an empty selection fails the rule (archunit's failOnEmptyShould): a renamed package cannot silently pass
        JavaClasses noViews = new ClassFileImporter().importClasses(Alpha.class);

        assertThatThrownBy(() -> ArchitectureRules.uiUsesOnlyFeatureApis(BASE).check(noViews))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("failed to check any classes");
    }
}
