package io.bulkhead.tiers.internal;

import io.bulkhead.identity.CurrentUser;
import io.bulkhead.tiers.Tiers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * At start-up, loads the tier bundles shipped under {@code k8s/tiers/} (on the classpath as {@code tiers/*.yaml})
 * and publishes a new version of a tier when its bundle differs from the latest stored one.
 */
@Component
@Order(10)
@org.springframework.context.annotation.Profile("!cli") // the audit-verify command only reads
class TierBundleLoader implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(TierBundleLoader.class);
    private final Tiers tiers;

    TierBundleLoader(Tiers tiers) {
        this.tiers = tiers;
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
            publishIfChanged(yaml);
        }
    }

    void publishIfChanged(String yaml) {
        tiers.publishIfChanged(CurrentUser.SYSTEM, yaml, "k8s/tiers")
                .ifPresent(v -> log.info("Published tier version {} from the bundled YAML", v));
    }
}
