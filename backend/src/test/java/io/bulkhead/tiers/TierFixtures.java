package io.bulkhead.tiers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The tier bundles shipped under {@code k8s/tiers/} (on the classpath as {@code tiers/*.yaml}), parsed. */
public final class TierFixtures {
    public static final List<String> SHIPPED = List.of("baseline", "restricted", "sandboxed", "sensitive");

    private TierFixtures() {}

    public static TierBundle baseline() {
        return shipped("baseline");
    }

    public static TierBundle restricted() {
        return shipped("restricted");
    }

    public static TierBundle sandboxed() {
        return shipped("sandboxed");
    }

    public static TierBundle sensitive() {
        return shipped("sensitive");
    }

    public static TierBundle shipped(String name) {
        return TierBundles.parse(yaml(name));
    }

    /** The raw YAML of a shipped bundle. */
    public static String yaml(String name) {
        try (InputStream in = TierFixtures.class.getClassLoader().getResourceAsStream("tiers/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("tiers/" + name + ".yaml is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
