package io.bulkhead.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Gives each Spring test context its own embedded-database directory, {@code target/embedded-pg/<pid>-<n>}
 * ({@code bulkhead.test.db-instance} in the test {@code application.yaml}), and deletes it when the context closes,
 * after the database has stopped (this post-processor is created before, so destroyed after, the database bean).
 * The first context of a JVM also removes directories left behind by earlier runs. Short names keep the Unix
 * socket path within its 107-byte limit.
 */
class TestDatabaseDirectory implements BeanFactoryPostProcessor, EnvironmentAware, DisposableBean {

    static final String INSTANCE_PROPERTY = "bulkhead.test.db-instance";
    private static final AtomicInteger CONTEXTS = new AtomicInteger();
    private static final AtomicBoolean STALE_REMOVED = new AtomicBoolean();

    private @Nullable ConfigurableEnvironment env;
    private @Nullable Path dir;

    @Override
    public void setEnvironment(Environment environment) {
        this.env = (ConfigurableEnvironment) environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        ConfigurableEnvironment e = env;
        if (e == null
                || StringUtils.hasText(e.getProperty("bulkhead.db.url"))
                || e.containsProperty(INSTANCE_PROPERTY)) {
            return;
        }
        String instance = ProcessHandle.current().pid() + "-" + CONTEXTS.incrementAndGet();
        e.getPropertySources()
                .addFirst(new MapPropertySource("bulkheadTestDatabase", Map.of(INSTANCE_PROPERTY, instance)));
        String configured = e.getProperty("bulkhead.db.embedded-dir");
        if (configured == null || !configured.contains(instance)) {
            return; // a test chose its own directory: leave it alone
        }
        Path d = Path.of(configured).toAbsolutePath();
        if (STALE_REMOVED.compareAndSet(false, true)) {
            removeStaleSiblings(d);
        }
        dir = d;
    }

    @Override
    public void destroy() throws InterruptedException {
        if (dir == null) {
            return;
        }
        // at JVM exit zonky's own shutdown hook may still be stopping the server: wait until it is down
        Path pid = dir.resolve("data").resolve("postmaster.pid");
        for (int i = 0; i < 100 && Files.exists(pid); i++) {
            Thread.sleep(100);
        }
        deleteRecursively(dir);
    }

    private static void removeStaleSiblings(Path d) {
        Path parent = d.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        String mine = ProcessHandle.current().pid() + "-";
        try (Stream<Path> children = Files.list(parent)) {
            children.filter(p -> !p.getFileName().toString().startsWith(mine))
                    .forEach(TestDatabaseDirectory::deleteRecursively);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover under target/ is removed by the next run or `mvn clean`
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
