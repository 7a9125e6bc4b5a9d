package io.bulkhead;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Set;

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

    /**
     * The REST API's controllers call the features' facades (the same authorization as the UI), never their
     * internals, and never the UI.
     */
    static ArchRule apiUsesOnlyFeatureApis(String base) {
        return noClasses()
                .that()
                .resideInAPackage(base + ".api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..internal..", base + ".ui..", "org.jooq..", "io.fabric8..")
                .as("API classes depend only on the features' APIs: no internals, jOOQ, fabric8 or UI");
    }

    /**
     * Which UI package may use which other UI package (keys and values are the package names below {@code ui}).
     * The bottom is {@code components} (shared components; uses no other UI package), then {@code shell} (layout,
     * navigation, error pages). Feature screens use those two and, to link to another feature's screen, only what
     * is listed: the landing page links into every feature, a namespace's page links to its compliance findings.
     */
    static final Map<String, Set<String>> UI_PACKAGE_DEPENDENCIES = Map.ofEntries(
            Map.entry("components", Set.of()),
            Map.entry("shell", Set.of("components")),
            Map.entry(
                    "home", Set.of("components", "shell", "namespaces", "exceptions", "compliance", "audit", "admin")),
            Map.entry("namespaces", Set.of("components", "shell", "compliance", "exceptions")),
            Map.entry("exceptions", Set.of("components", "shell")),
            Map.entry("compliance", Set.of("components", "shell", "exceptions")),
            Map.entry("inventory", Set.of("components", "shell")),
            Map.entry("audit", Set.of("components", "shell")),
            Map.entry("admin", Set.of("components", "shell")),
            Map.entry("tokens", Set.of("components", "shell")),
            Map.entry("webhooks", Set.of("components", "shell")),
            Map.entry("teams", Set.of("components", "shell")));

    /**
     * Every UI class lives in one of the UI packages of {@code allowed} (none directly in {@code ui}) and uses other
     * UI packages only as listed there: the feature screens stay apart except through the shared components and
     * the shell.
     */
    static ArchRule uiPackagesUseOnlyAllowedUiPackages(String base, Map<String, Set<String>> allowed) {
        String ui = base + ".ui.";
        ArchCondition<JavaClass> condition =
                new ArchCondition<>("live in a known UI package and use only the UI packages it may use") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        String own = uiPackage(ui, item.getPackageName());
                        Set<String> mayUse = allowed.get(own);
                        if (mayUse == null) {
                            events.add(SimpleConditionEvent.violated(
                                    item,
                                    item.getName() + " is not in one of the UI packages " + allowed.keySet()
                                            + " (put it in one, or add its package to the UI package rule)"));
                            return;
                        }
                        for (Dependency d : item.getDirectDependenciesFromSelf()) {
                            String target =
                                    d.getTargetClass().getBaseComponentType().getPackageName();
                            if (!target.startsWith(ui)) {
                                continue;
                            }
                            String other = uiPackage(ui, target);
                            if (!other.equals(own) && !mayUse.contains(other)) {
                                events.add(SimpleConditionEvent.violated(
                                        d, "ui." + own + " may not use ui." + other + ": " + d.getDescription()));
                            }
                        }
                    }
                };
        return classes()
                .that()
                .resideInAPackage(base + ".ui..")
                .and()
                .doNotHaveSimpleName("package-info")
                .should(condition)
                .as("UI packages use only the UI packages they may use: features apart, shared parts in "
                        + "ui.components and ui.shell");
    }

    /**
     * A feature's screens are package-private unless another UI package uses them (a link from the landing page,
     * say): the public surface of a feature's UI package is exactly what the UI package rule lets others use.
     * {@code ui.components} and {@code ui.shell} are public by purpose and not checked.
     */
    static ArchRule featureScreensArePublicOnlyWhenUsedFromAnotherUiPackage(String base) {
        String ui = base + ".ui.";
        ArchCondition<JavaClass> condition =
                new ArchCondition<>("be public only when a class of another UI package uses them") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        if (!item.getModifiers().contains(JavaModifier.PUBLIC)) {
                            return;
                        }
                        String own = uiPackage(ui, item.getPackageName());
                        boolean usedFromOtherUiPackage = item.getDirectDependenciesToSelf().stream()
                                .map(d -> d.getOriginClass().getPackageName())
                                .anyMatch(p ->
                                        p.startsWith(ui) && !uiPackage(ui, p).equals(own));
                        if (!usedFromOtherUiPackage) {
                            events.add(SimpleConditionEvent.violated(
                                    item,
                                    item.getName() + " is public but no other UI package uses it: make it"
                                            + " package-private"));
                        }
                    }
                };
        return classes()
                .that()
                .resideInAPackage(base + ".ui..")
                .and()
                .resideOutsideOfPackages(base + ".ui", base + ".ui.components..", base + ".ui.shell..")
                .and()
                .doNotHaveSimpleName("package-info")
                .and()
                .areTopLevelClasses()
                .should(condition)
                .as("a feature's screens are package-private unless another UI package uses them");
    }

    /** The first package name below {@code ui} ({@code io.bulkhead.ui.home.x} gives {@code home}; ui itself ""). */
    private static String uiPackage(String ui, String packageName) {
        if (!packageName.startsWith(ui)) {
            return "";
        }
        String rest = packageName.substring(ui.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** No cycles between the top-level packages (features, ui, security, platform, ...). */
    static ArchRule noCyclesBetweenFeatures(String base) {
        return slices().matching(base + ".(*)..").should().beFreeOfCycles().as("features are free of cycles");
    }
}
