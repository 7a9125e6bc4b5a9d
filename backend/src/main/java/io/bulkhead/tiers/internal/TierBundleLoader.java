package io.bulkhead.tiers.internal;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.CurrentUser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * At start-up, loads the tier bundles shipped under {@code k8s/tiers/} (on the classpath as {@code tiers/*.yaml})
 * and publishes a new version of a tier when its bundle differs from the latest stored one.
 */
@Component
@Order(10)
@org.springframework.context.annotation.Profile("!cli") // the audit-verify command only reads
class TierBundleLoader implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(TierBundleLoader.class);
    private final TierStore store;
    private final AuditTrail audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    TierBundleLoader(TierStore store, AuditTrail audit, Clock clock, TransactionTemplate tx) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        Resource[] bundles = new PathMatchingResourcePatternResolver().getResources("classpath*:tiers/*.yaml");
        Arrays.sort(bundles, Comparator.comparing(Resource::getFilename));
        for (Resource r : bundles) {
            String yaml;
            try (InputStream in = r.getInputStream()) {
                yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            tx.executeWithoutResult(s -> publishIfChanged(yaml));
        }
    }

    void publishIfChanged(String yaml) {
        io.bulkhead.tiers.TierBundles.parse(yaml); // a bundle that does not parse never becomes a version
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        String name = String.valueOf(doc.get("name"));
        String sha = sha256(yaml);
        if (store.latestSha(name).filter(sha::equals).isPresent()) {
            return;
        }
        int version = store.upsertTierAndAddVersion(
                name,
                String.valueOf(doc.get("title")),
                String.valueOf(doc.get("summary")).strip(),
                ((Number) doc.getOrDefault("sortOrder", 0)).intValue(),
                yaml,
                sha,
                CurrentUser.SYSTEM.subject(),
                clock.instant());
        audit.record(
                CurrentUser.SYSTEM,
                AuditEntry.of("tier.published")
                        .target("tier", name + "@" + version)
                        .change(null, Map.of("tier", name, "version", version, "sha256", sha, "source", "k8s/tiers")));
        log.info("Published tier {} version {} from the bundled YAML", name, version);
    }

    static String sha256(String s) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
