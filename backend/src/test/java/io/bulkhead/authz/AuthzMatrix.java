package io.bulkhead.authz;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.yaml.snakeyaml.Yaml;

/**
 * A checked-in authorization table (YAML, read with SnakeYAML): per class, per member one row. A row is either a
 * list of six outcomes, for the callers in this order — developer on their own team's objects, the same developer
 * on another team's objects, reviewer, manager, admin, nobody signed in — or {@code N/A <why>} for members only the
 * portal itself calls (scheduler, reconciler, login, other features), which are not called here.
 *
 * <pre>
 * Namespaces:
 *   find(UUID): [FILTERED, DENIED, ALLOWED, ALLOWED, ALLOWED, DENIED]
 *   ...
 * </pre>
 */
public final class AuthzMatrix {

    /** What a call did. */
    public enum Outcome {
        /** Returned normally. */
        ALLOWED,
        /** Refused with an AccessDeniedException. */
        DENIED,
        /** Returned normally, and nothing of the other team's objects is in what it returned or wrote. */
        FILTERED,
        /**
         * Passed the authorization check, then refused the fixture's input with a field message
         * (ValidationException); used where a success would change shared state (e.g. publish an unchanged tier).
         */
        INVALID,
        /** Never expected: the answer or the refusal named the other team's objects. */
        LEAK
    }

    /** One row: six outcomes, or the reason why the member is not called. */
    public record Row(List<Outcome> outcomes, @Nullable String notApplicable) {}

    private final Map<String, Row> rows;

    private AuthzMatrix(Map<String, Row> rows) {
        this.rows = rows;
    }

    /** Reads the table from the classpath; a malformed row fails with the row's name. */
    public static AuthzMatrix load(String resource) {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (InputStream in = AuthzMatrix.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            Map<String, Map<String, Object>> yaml = new Yaml().load(in);
            yaml.forEach((type, members) -> members.forEach((member, value) -> {
                String key = type + "." + member;
                if (value instanceof String s && s.startsWith("N/A")) {
                    if (s.substring(3).strip().length() < 10) {
                        throw new IllegalStateException(key + ": say why it is N/A (`N/A <why>`)");
                    }
                    rows.put(key, new Row(List.of(), s.substring(3).strip()));
                } else if (value instanceof List<?> list && list.size() == 6) {
                    List<Outcome> outcomes = new ArrayList<>();
                    for (Object o : list) {
                        try {
                            outcomes.add(Outcome.valueOf(String.valueOf(o)));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalStateException(key + ": unknown outcome " + o + "; use one of "
                                    + Arrays.toString(Outcome.values()));
                        }
                    }
                    rows.put(key, new Row(List.copyOf(outcomes), null));
                } else {
                    throw new IllegalStateException(
                            key + ": expected six outcomes [devOwn, devOther, reviewer, manager, admin, anonymous]"
                                    + " or `N/A <why>`, found " + value);
                }
            }));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new AuthzMatrix(rows);
    }

    public Set<String> keys() {
        return rows.keySet();
    }

    public @Nullable Row row(String key) {
        return rows.get(key);
    }

    /** A feature facade: a {@code @Service} class directly in a feature package {@code io.bulkhead.<feature>}. */
    public static boolean isFacade(Class<?> type) {
        return type.isAnnotationPresent(Service.class)
                && type.getPackageName().matches("io\\.bulkhead\\.[a-z]+")
                && Modifier.isPublic(type.getModifiers());
    }

    /** A public instance method the facade declares itself (not static helpers, not bridges). */
    public static boolean isFacadeMethod(Method m) {
        return Modifier.isPublic(m.getModifiers())
                && !Modifier.isStatic(m.getModifiers())
                && !m.isSynthetic()
                && !m.isBridge();
    }

    /** {@code Facade.method(ParamType,...)} with simple type names. */
    public static String key(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "("
                + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(","))
                + ")";
    }
}
