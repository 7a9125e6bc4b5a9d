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
    private final io.bulkhead.audit.AuditTrail audit;
    private final java.time.Clock clock;

    Tiers(TierStore store, CurrentUsers users, io.bulkhead.audit.AuditTrail audit, java.time.Clock clock) {
        this.store = store;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Admin: stores a new version of an existing tier from bundle YAML that has already been validated (parsed,
     * and dry-run against the API server by the caller). Returns the new version number.
     */
    @Transactional
    public int publish(String yaml) {
        var actor = users.require();
        actor.require("publish a tier version", io.bulkhead.identity.Role.ADMIN);
        TierBundle bundle = TierBundles.parse(yaml);
        if (store.latestVersion(bundle.name()).isEmpty()) {
            throw new io.bulkhead.platform.ValidationException(java.util.Map.of(
                    "yaml",
                    "There is no tier named '" + bundle.name() + "'; new tiers ship as files under k8s/tiers/."));
        }
        return publishIfChanged(actor, yaml, "admin")
                .orElseThrow(() -> new io.bulkhead.platform.ValidationException(
                        java.util.Map.of("yaml", "This is identical to the latest version; nothing to publish.")));
    }

    /**
     * Stores bundle YAML as the next version of its tier (creating the tier if new) and audits it, unless it is
     * identical to the latest version. Used by {@link #publish} and by the loader of the bundled tier files.
     *
     * @return the new version, or empty when nothing changed
     */
    @Transactional
    public java.util.Optional<Integer> publishIfChanged(
            io.bulkhead.identity.CurrentUser actor, String yaml, String source) {
        TierBundle bundle = TierBundles.parse(yaml); // a bundle that does not parse never becomes a version
        String sha = sha256(yaml);
        if (store.latestSha(bundle.name()).filter(sha::equals).isPresent()) {
            return java.util.Optional.empty();
        }
        int version = store.upsertTierAndAddVersion(
                bundle.name(),
                bundle.title(),
                bundle.summary().strip(),
                bundle.sortOrder(),
                yaml,
                sha,
                actor.subject(),
                clock.instant());
        audit.record(
                actor,
                io.bulkhead.audit.AuditEntry.of("tier.published")
                        .target("tier", bundle.name() + "@" + version)
                        .change(
                                null,
                                java.util.Map.of(
                                        "tier", bundle.name(), "version", version, "sha256", sha, "source", source)));
        return java.util.Optional.of(version);
    }

    /** The YAML of a published version (admins and everyone else may read tiers). */
    @Transactional(readOnly = true)
    public java.util.Optional<String> bundleYaml(String tier, int version) {
        users.require();
        return store.bundleYaml(tier, version);
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
