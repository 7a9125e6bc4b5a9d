package io.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The fences that keep the features apart, over the production classes of every module (frontend, backend, db):
 * Spring Modulith's module boundaries and the ArchUnit technology rules of {@link ArchitectureRules}.
 */
class ArchitectureTest {

    private static ApplicationModules modules;
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        modules = ApplicationModules.of(BulkheadApplication.class, ArchitectureRules.PRODUCTION_CLASSES);
        classes = new ClassFileImporter()
                .withImportOption(ArchitectureRules.PRODUCTION_CLASSES)
                .importPackages("io.bulkhead");
    }

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void modulesAreTheFeaturesAndTheSharedSchema() {
        assertThat(modules.stream().map(ApplicationModule::getName))
                .contains("audit", "identity", "tenancy", "clusters", "tiers", "platform", "db", "ui", "security");
        assertThat(modules.getModuleByName("db").orElseThrow().isOpen()).isTrue();
        assertThat(modules.getModuleByName("platform").orElseThrow().isOpen()).isTrue();
        assertThat(modules.getModuleByName("audit").orElseThrow().isOpen()).isFalse();
    }

    @Test
    void importsProductionClassesOfEveryModuleButNoTests() {
        assertThat(classes.contain("io.bulkhead.BulkheadApplication")).isTrue();
        assertThat(classes.contain("io.bulkhead.audit.internal.AuditStore")).isTrue();
        assertThat(classes.contain("io.bulkhead.db.jooq.Tables")).isTrue();
        assertThat(classes.contain("io.bulkhead.testsupport.BackendTestApplication"))
                .isFalse();
        assertThat(classes.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void jooqOnlyInInternalPackages() {
        ArchitectureRules.jooqOnlyInInternalPackages("io.bulkhead").check(classes);
    }

    @Test
    void fabric8OnlyInKubernetesFacingInternals() {
        ArchitectureRules.fabric8OnlyInKubernetesFacingInternals("io.bulkhead").check(classes);
    }

    @Test
    void uiUsesOnlyFeatureApis() {
        ArchitectureRules.uiUsesOnlyFeatureApis("io.bulkhead").check(classes);
    }

    @Test
    void apiUsesOnlyFeatureApis() {
        ArchitectureRules.apiUsesOnlyFeatureApis("io.bulkhead").check(classes);
    }

    @Test
    void uiPackagesUseOnlyAllowedUiPackages() {
        ArchitectureRules.uiPackagesUseOnlyAllowedUiPackages("io.bulkhead", ArchitectureRules.UI_PACKAGE_DEPENDENCIES)
                .check(classes);
    }

    @Test
    void featureScreensArePublicOnlyWhenUsedFromAnotherUiPackage() {
        ArchitectureRules.featureScreensArePublicOnlyWhenUsedFromAnotherUiPackage("io.bulkhead")
                .check(classes);
    }

    @Test
    void everyUiPackageOfTheRuleHasClasses() {
        // a package renamed or emptied must be renamed in the rule too, or the rule would guard nothing for it
        ArchitectureRules.UI_PACKAGE_DEPENDENCIES
                .keySet()
                .forEach(p -> assertThat(classes.stream()
                                .filter(c -> c.getPackageName().equals("io.bulkhead.ui." + p))
                                .filter(c -> !c.getSimpleName().equals("package-info")))
                        .as("classes in io.bulkhead.ui.%s", p)
                        .isNotEmpty());
    }

    @Test
    void noCyclesBetweenFeatures() {
        ArchitectureRules.noCyclesBetweenFeatures("io.bulkhead").check(classes);
    }
}
