package io.bulkhead.authz;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The route half of the authorization matrix: every Vaadin {@code @Route} class of the frontend, and who may open
 * it according to its access annotation, compared with the checked-in {@code authz/route-matrix.yaml} (same six
 * columns as the facade table, see {@link AuthzMatrix}; a developer's columns say FILTERED because what the view
 * shows is filtered by the facades). Also: every facade method the UI calls has a row in the facade table
 * ({@code authz/facade-matrix.yaml} of the backend tests), and none of them is one marked N/A ("only the portal
 * calls it"): such a method has no user check.
 */
class RouteAuthorizationTest {
    static JavaClasses classes;

    @BeforeAll
    static void importFrontend() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.bulkhead");
    }

    @Test
    void everyRouteIsInTheTableWithTheAccessItsAnnotationGives() {
        AuthzMatrix table = AuthzMatrix.load("authz/route-matrix.yaml");
        Map<String, List<AuthzMatrix.Outcome>> routes = new TreeMap<>();
        for (JavaClass c : classes) {
            if (c.isAnnotatedWith(Route.class)) {
                Class<?> type = c.reflect();
                routes.put(key(type), access(type));
            }
        }
        assertThat(routes).as("@Route classes found").hasSizeGreaterThanOrEqualTo(10);
        List<String> problems = new ArrayList<>();
        for (String key : table.keys()) {
            if (!routes.containsKey(key)) {
                problems.add(key + ": the table has a row but there is no such @Route class (or its path changed);"
                        + " remove or fix the row in authz/route-matrix.yaml.");
            }
        }
        routes.forEach((key, got) -> {
            AuthzMatrix.Row row = table.row(key);
            if (row == null || row.notApplicable() != null) {
                problems.add(key + ": no row in authz/route-matrix.yaml. Its annotation gives " + got
                        + "; check that this is intended, then add under `Routes:` the line\n      \""
                        + key.substring("Routes.".length()) + "\": " + got);
            } else if (!row.outcomes().equals(got)) {
                problems.add(key + ": the table says " + row.outcomes() + " but the annotation gives " + got);
            }
        });
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void everyFacadeMethodTheUiCallsHasARowAndAUserCheck() {
        AuthzMatrix facades = AuthzMatrix.load("authz/facade-matrix.yaml");
        Set<String> problems = new TreeSet<>();
        int calls = 0;
        for (JavaClass c : classes) {
            if (!c.getPackageName().startsWith("io.bulkhead.ui")) {
                continue; // demo data and the login run as the portal itself
            }
            for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                Class<?> owner = call.getTargetOwner().reflect();
                if (!AuthzMatrix.isFacade(owner)) {
                    continue;
                }
                if (call.getTarget()
                        .resolveMember()
                        .map(m -> m.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC))
                        .orElse(false)) {
                    continue; // a static helper (no bean, no user): the facade matrix has no rows for statics
                }
                calls++;
                String key = key(
                        owner,
                        call.getName(),
                        call.getTarget().getRawParameterTypes().stream()
                                .map(JavaClass::reflect)
                                .toArray(Class<?>[]::new));
                AuthzMatrix.Row row = facades.row(key);
                if (row == null) {
                    problems.add(
                            c.getSimpleName() + " calls " + key + ", which has no row in authz/facade-matrix.yaml");
                } else if (row.notApplicable() != null && !owner.getSimpleName().equals("AuditTrail")) {
                    // AuditTrail is the append-only write side (the access-denied page records there): nothing
                    // comes back from it; every other N/A method has no user check and returns data
                    problems.add(c.getSimpleName() + " calls " + key + ", marked N/A (no user check): "
                            + row.notApplicable());
                }
            }
        }
        assertThat(calls).as("facade calls from the UI").isGreaterThan(30);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    static String key(Class<?> owner, String method, Class<?>[] params) {
        try {
            Method m = owner.getMethod(method, params);
            return AuthzMatrix.key(m);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(owner + "." + method + Arrays.toString(params), e);
        }
    }

    static String key(Class<?> route) {
        return "Routes." + route.getSimpleName() + "("
                + route.getAnnotation(Route.class).value() + ")";
    }

    /**
     * What Vaadin's access checker lets each caller do, in the table's columns: DenyAll, then AnonymousAllowed, then
     * RolesAllowed, then PermitAll; no annotation denies everyone.
     */
    static List<AuthzMatrix.Outcome> access(Class<?> route) {
        Set<String> roles;
        boolean anonymous = false;
        if (route.isAnnotationPresent(DenyAll.class)) {
            roles = Set.of();
        } else if (route.isAnnotationPresent(AnonymousAllowed.class)) {
            roles = Set.of("DEVELOPER", "REVIEWER", "MANAGER", "ADMIN");
            anonymous = true;
        } else if (route.isAnnotationPresent(RolesAllowed.class)) {
            roles = Set.of(route.getAnnotation(RolesAllowed.class).value());
        } else if (route.isAnnotationPresent(PermitAll.class)) {
            roles = Set.of("DEVELOPER", "REVIEWER", "MANAGER", "ADMIN");
        } else {
            roles = Set.of();
        }
        var dev = roles.contains("DEVELOPER") ? AuthzMatrix.Outcome.FILTERED : AuthzMatrix.Outcome.DENIED;
        return List.of(
                dev,
                dev,
                allowed(roles, "REVIEWER"),
                allowed(roles, "MANAGER"),
                allowed(roles, "ADMIN"),
                anonymous ? AuthzMatrix.Outcome.ALLOWED : AuthzMatrix.Outcome.DENIED);
    }

    static AuthzMatrix.Outcome allowed(Set<String> roles, String role) {
        return roles.contains(role) ? AuthzMatrix.Outcome.ALLOWED : AuthzMatrix.Outcome.DENIED;
    }
}
