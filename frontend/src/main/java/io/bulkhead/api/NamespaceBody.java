package io.bulkhead.api;

import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.EgressRule;
import io.bulkhead.provisioning.NamespaceRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A namespace request as the API takes it (the request form's fields). {@code cluster} and {@code name} come from
 * the path for {@code PUT}.
 */
public record NamespaceBody(
        @Nullable String cluster,
        @Nullable String name,
        @Nullable String team,
        @Nullable String tier,
        @Nullable String quotaPreset,
        @Nullable List<Egress> egress,
        @Nullable String purpose) {

    /** One egress allowlist entry. */
    public record Egress(
            @Nullable String cidr,
            @Nullable Integer port,
            @Nullable String protocol) {}

    /** The facade's request; bad egress entries are field messages ({@code egress[i].cidr}…). */
    NamespaceRequest toRequest() {
        List<EgressRule> rules = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        if (egress != null) {
            if (egress.size() > 50) {
                errors.put("egress", "At most 50 egress entries.");
            } else {
                for (int i = 0; i < egress.size(); i++) {
                    Egress e = egress.get(i);
                    if (e == null) {
                        errors.put("egress[" + i + "]", "An egress entry is empty.");
                        continue;
                    }
                    var problems = EgressRule.validate(e.cidr(), e.port(), e.protocol());
                    if (problems.isEmpty()) {
                        rules.add(new EgressRule(e.cidr(), e.port(), e.protocol()));
                    } else {
                        int index = i;
                        problems.forEach((f, m) -> errors.put("egress[" + index + "]." + f, m));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new NamespaceRequest(cluster, name, team, tier, quotaPreset, rules, purpose);
    }
}
