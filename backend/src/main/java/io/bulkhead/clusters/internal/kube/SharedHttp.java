package io.bulkhead.clusters.internal.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Vert.x instance and task executor behind every cached cluster client. fabric8's default makes a Vert.x
 * instance (event loops, a blocked-thread checker) and a cached thread pool per client, so threads grew with the
 * number of registered clusters; here they do not. Clients made from it must not close either (fabric8 leaves a
 * Vert.x it was handed, and an executor from {@code withTaskExecutor}, open on close); {@link #close} does.
 */
final class SharedHttp {
    private static final Logger log = LoggerFactory.getLogger(SharedHttp.class);
    private final Vertx vertx;
    private final VertxHttpClientFactory factory;
    private final ExecutorService tasks;

    SharedHttp() {
        // what fabric8's own per-client instance uses: no file cache, no class-path resolving, daemon threads,
        // and the JDK's resolver instead of Vert.x's DNS client
        String dns = System.getProperty("vertx.disableDnsResolver");
        System.setProperty("vertx.disableDnsResolver", "true");
        try {
            vertx = Vertx.vertx(new VertxOptions()
                    .setFileSystemOptions(
                            new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false))
                    .setUseDaemonThread(true));
        } finally {
            if (dns == null) {
                System.clearProperty("vertx.disableDnsResolver");
            } else {
                System.setProperty("vertx.disableDnsResolver", dns);
            }
        }
        factory = new VertxHttpClientFactory(vertx);
        tasks = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("kube-task-", 0).factory());
    }

    /** A client for {@code config} on the shared Vert.x instance and executor. */
    KubernetesClient client(Config config) {
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(factory)
                .withTaskExecutor(tasks)
                .build();
    }

    void close() {
        tasks.shutdownNow();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("The shared Vert.x instance did not close in time: {}", e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
