package io.bulkhead.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the body of a declarative {@code PUT}: JSON or YAML (YAML is a superset of JSON, so one safe SnakeYAML
 * parser reads both), either the plain request fields or a kubectl-style object:
 *
 * <pre>
 * apiVersion: bulkhead.io/v1
 * kind: NamespaceRequest
 * metadata: {name: payments-api, cluster: prod-eu}
 * spec: {team: payments, tier: baseline, quotaPreset: M, purpose: "...", egress: [...]}
 * </pre>
 *
 * Anything else is a field message, never an exception of the parser.
 */
final class DeclarativeBodies {
    static final String API_VERSION = "bulkhead.io/v1";
    static final String KIND = "NamespaceRequest";
    static final int MAX_BYTES = 64 * 1024;
    private static final Set<String> FIELDS =
            Set.of("team", "tier", "quotaPreset", "egress", "purpose", "cluster", "name");

    private DeclarativeBodies() {}

    static NamespaceBody read(@Nullable String body, String cluster, String name) {
        if (body == null || body.isBlank()) {
            throw ApiProblems.invalid("body", "Send the namespace request as JSON or YAML.");
        }
        if (body.length() > MAX_BYTES) {
            throw ApiProblems.invalid("body", "The body is larger than 64 KiB.");
        }
        Object doc;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            options.setAllowDuplicateKeys(false);
            options.setCodePointLimit(MAX_BYTES);
            doc = new Yaml(new SafeConstructor(options)).load(body);
        } catch (RuntimeException e) {
            throw ApiProblems.invalid("body", "The body is neither valid JSON nor valid YAML.");
        }
        if (!(doc instanceof Map<?, ?> top)) {
            throw ApiProblems.invalid("body", "The body must be an object.");
        }
        Map<?, ?> fields = top;
        Map<String, String> errors = new LinkedHashMap<>();
        if (top.containsKey("apiVersion") || top.containsKey("kind") || top.containsKey("spec")) {
            if (!API_VERSION.equals(top.get("apiVersion"))) {
                errors.put("apiVersion", "apiVersion must be " + API_VERSION + ".");
            }
            if (!KIND.equals(top.get("kind"))) {
                errors.put("kind", "kind must be " + KIND + ".");
            }
            Object metadata = top.get("metadata");
            if (metadata instanceof Map<?, ?> m) {
                check(errors, "metadata.name", m.get("name"), name);
                check(errors, "metadata.cluster", m.get("cluster"), cluster);
            } else if (metadata != null) {
                errors.put("metadata", "metadata must be an object.");
            }
            if (!(top.get("spec") instanceof Map<?, ?> spec)) {
                errors.put("spec", "spec must be an object with the request's fields.");
                throw new io.bulkhead.platform.ValidationException(errors);
            }
            fields = spec;
        } else {
            check(errors, "name", top.get("name"), name);
            check(errors, "cluster", top.get("cluster"), cluster);
        }
        for (Object k : fields.keySet()) {
            if (!FIELDS.contains(String.valueOf(k))) {
                errors.put(
                        String.valueOf(k), "Unknown field; the fields are team, tier, quotaPreset, egress, purpose.");
            }
        }
        String team = text(errors, fields, "team");
        String tier = text(errors, fields, "tier");
        String quota = text(errors, fields, "quotaPreset");
        String purpose = text(errors, fields, "purpose");
        List<NamespaceBody.Egress> egress = null;
        Object e = fields.get("egress");
        if (e instanceof List<?> list) {
            egress = new ArrayList<>();
            for (int i = 0; i < list.size() && i <= 50; i++) {
                if (list.get(i) instanceof Map<?, ?> m) {
                    Integer port = null;
                    if (m.get("port") instanceof Integer p) {
                        port = p;
                    } else if (m.get("port") != null) {
                        errors.put("egress[" + i + "].port", "Port is a number 1–65535.");
                    }
                    egress.add(new NamespaceBody.Egress(str(m.get("cidr")), port, str(m.get("protocol"))));
                } else {
                    errors.put("egress[" + i + "]", "An egress entry is an object with cidr, port and protocol.");
                }
            }
            if (list.size() > 50) {
                errors.put("egress", "At most 50 egress entries.");
            }
        } else if (e != null) {
            errors.put("egress", "egress is a list of {cidr, port, protocol}.");
        }
        if (!errors.isEmpty()) {
            throw new io.bulkhead.platform.ValidationException(errors);
        }
        return new NamespaceBody(cluster, name, team, tier, quota, egress, purpose);
    }

    private static void check(Map<String, String> errors, String field, @Nullable Object given, String fromPath) {
        if (given != null && !fromPath.equals(given)) {
            errors.put(field, "Must be '" + fromPath + "', as in the path, or left out.");
        }
    }

    private static @Nullable String text(Map<String, String> errors, Map<?, ?> fields, String key) {
        Object v = fields.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v); // YAML reads M or 1 as it likes; the facade judges the text
        }
        errors.put(key, key + " must be text.");
        return null;
    }

    private static @Nullable String str(@Nullable Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
