package io.bulkhead;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The technology fences of STYLE.md as ArchUnit rules over a base package ({@code io.bulkhead} for the real
 * code; {@code ArchitectureRulesSelfTest} runs them on deliberately broken fixtures to prove they bite).
 */
final class ArchitectureRules {

    private ArchitectureRules() {}

    /** Production classes only: not test classes, whether from a directory or from a module's test-jar. */
    static final ImportOption PRODUCTION_CLASSES = new ImportOption() {
        private final ImportOption notTests = new ImportOption.DoNotIncludeTests();

        @Override
        public boolean includes(Location location) {
            return notTests.includes(location)
                    && !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar!/.*"));
        }
    };

    /** jOOQ and the generated schema classes only in a feature's {@code internal} package. */
    static ArchRule jooqOnlyInInternalPackages(String base) {
        return noClasses()
                .that()
                .resideInAPackage(base + "..")
                .and()
                .resideOutsideOfPackages("..internal..", base + ".db..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.jooq..", base + ".db..")
                .as("jOOQ and the generated schema are used only in a feature's internal package");
    }

    /** Kubernetes clients only where clusters are talked to. */
    static ArchRule fabric8OnlyInKubernetesFacingInternals(String base) {
        return noClasses()
                .that()
                .resideInAPackage(base + "..")
                .and()
                .resideOutsideOfPackages(
                        base + ".provisioning.internal..",
                        base + ".inventory.internal..",
                        base + ".clusters.internal..",
                        base + ".kube..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fabric8..")
                .as("fabric8 is used only in provisioning, inventory and clusters internals (and kube test support)");
    }

    /** Views call feature APIs, never their internals. */
    static ArchRule uiUsesOnlyFeatureApis(String base) {
        return noClasses()
                .that()
                .resideInAPackage(base + ".ui..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..internal..")
                .as("UI classes depend only on the features' APIs, never on their internal packages");
    }

    /** No cycles between the top-level packages (features, ui, security, platform, ...). */
    static ArchRule noCyclesBetweenFeatures(String base) {
        return slices().matching(base + ".(*)..").should().beFreeOfCycles().as("features are free of cycles");
    }
}
