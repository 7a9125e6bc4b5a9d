package io.bulkhead.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * Removes the API tests' embedded database directory once per JVM, before the first Spring context opens it, so
 * each run starts empty (a kept database would hold a cluster registered with the previous run's control plane).
 * Registered before Spring's extension, so it runs first.
 */
public class FreshApiDatabase implements TestInstancePostProcessor {
    static final Path DIR = Path.of("target", "api-pg");
    private static final AtomicBoolean DONE = new AtomicBoolean();

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        if (!DONE.compareAndSet(false, true) || !Files.exists(DIR)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(DIR)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
