package io.bulkhead.tokens;

import io.bulkhead.audit.AuditTargetNames;
import io.bulkhead.tokens.internal.TokenStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Names access tokens in the audit trail by their name and owner ("Access token ci-deploy of Alice"). */
@Component
class TokenAuditNames implements AuditTargetNames {
    private final TokenStore store;

    TokenAuditNames(TokenStore store) {
        this.store = store;
    }

    @Override
    public String targetType() {
        return "api-token";
    }

    @Override
    public Map<String, String> names(Collection<String> targetIds) {
        List<UUID> ids = targetIds.stream()
                .map(TokenAuditNames::uuid)
                .flatMap(Optional::stream)
                .toList();
        Map<String, String> out = new HashMap<>();
        for (ApiToken t : store.findAll(ids)) {
            out.put(t.id().toString(), "Access token " + t.name() + " of " + t.ownerName());
        }
        return out;
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
