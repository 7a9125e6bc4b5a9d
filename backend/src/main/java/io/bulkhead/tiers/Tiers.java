package io.bulkhead.tiers;

import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.tiers.internal.TierStore;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The tier catalogue: every signed-in user may read it. */
@Service
public class Tiers {
    private final TierStore store;
    private final CurrentUsers users;

    Tiers(TierStore store, CurrentUsers users) {
        this.store = store;
        this.users = users;
    }

    private final java.util.concurrent.ConcurrentHashMap<String, TierBundle> parsed =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A published tier version's bundle (versions are immutable, so parsed bundles are cached). */
    @Transactional(readOnly = true)
    public java.util.Optional<TierBundle> bundle(String tier, int version) {
        String key = tier + "@" + version;
        TierBundle b = parsed.get(key);
        if (b != null) {
            return java.util.Optional.of(b);
        }
        return store.bundleYaml(tier, version).map(TierBundles::parse).map(x -> {
            parsed.put(key, x);
            return x;
        });
    }

    /** The latest published version of a tier, if the tier exists. */
    @Transactional(readOnly = true)
    public java.util.Optional<Integer> latestVersion(String tier) {
        return store.latestVersion(tier);
    }

    @Transactional(readOnly = true)
    public List<Integer> versions(String tier) {
        return store.versions(tier);
    }

    @Transactional(readOnly = true)
    public List<TierSummary> list() {
        users.require();
        return store.summaries();
    }
}
