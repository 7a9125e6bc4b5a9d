package io.bulkhead.clusters.internal.kube;

import io.bulkhead.clusters.internal.KubeconfigIntake;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The cluster {@code local} of the default run: either a kubeconfig file ({@code BULKHEAD_LOCAL_KUBECONFIG}, e.g.
 * kind, k3d, minikube) or a real etcd + kube-apiserver started in the background from the binaries built by
 * {@code tools/kube-testenv/build.sh} (fabric8 kube-api-test layout). When neither works the reason is kept and
 * shown, and the portal runs on without the cluster.
 */
@Component
public class LocalControlPlane implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LocalControlPlane.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final boolean enabled;
    private final String kubeconfigFile;
    private final String binariesDir;
    private volatile @Nullable KubeAPIServer server;
    private volatile @Nullable ControllerManager controllers;
    private volatile @Nullable Path loopbackDir;
    private volatile @Nullable String kubeconfig;
    private volatile String state = "NOT_STARTED";
    private volatile @Nullable String reason;
    private @Nullable CompletableFuture<Void> starting;

    LocalControlPlane(
            @Value("${bulkhead.local-cluster.enabled:true}") boolean enabled,
            @Value("${bulkhead.local-cluster.kubeconfig-file:}") String kubeconfigFile,
            @Value("${bulkhead.local-cluster.binaries-dir:${user.home}/.kubeapitest}") String binariesDir) {
        this.enabled = enabled;
        this.kubeconfigFile = kubeconfigFile;
        this.binariesDir = binariesDir;
    }

    /** Starts (once) in the background; callers poll {@link #kubeconfig()}. */
    public synchronized void startAsync() {
        if (starting != null) {
            return;
        }
        starting = CompletableFuture.runAsync(this::start);
    }

    /** Waits up to the given time for the start to finish (for callers that need the cluster now). */
    public void awaitStart(long seconds) {
        startAsync();
        try {
            java.util.Objects.requireNonNull(starting).get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            // state and reason tell the caller what happened
        }
    }

    private void start() {
        if (!kubeconfigFile.isBlank()) {
            try {
                kubeconfig = Files.readString(Path.of(kubeconfigFile));
                state = "RUNNING";
                reason = null;
                log.info("Cluster 'local' uses the kubeconfig {}", kubeconfigFile);
            } catch (IOException e) {
                state = "UNAVAILABLE";
                reason = "Cannot read BULKHEAD_LOCAL_KUBECONFIG " + kubeconfigFile + ": " + e.getMessage();
            }
            return;
        }
        if (!enabled) {
            state = "UNAVAILABLE";
            reason = "The local control plane is switched off (BULKHEAD_LOCAL_CLUSTER=false). Register a real "
                    + "cluster under Admin, or set BULKHEAD_LOCAL_KUBECONFIG.";
            return;
        }
        state = "STARTING";
        long t0 = System.nanoTime();
        boolean haveBinaries = Files.isDirectory(Path.of(binariesDir, "k8s"));
        String testDir = binariesDir;
        if (haveBinaries) {
            try {
                Path loopback = LoopbackEtcd.prepare(Path.of(binariesDir));
                loopbackDir = loopback;
                testDir = loopback.toString();
            } catch (IOException | RuntimeException e) {
                log.warn(
                        "Local control plane: cannot confine etcd to 127.0.0.1 ({}); it listens on all interfaces",
                        e.getMessage());
            }
        }
        try {
            KubeAPIServer s = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                    .withTestDir(testDir)
                    .withOfflineMode(haveBinaries)
                    .withUpdateKubeConfig(false)
                    .withStartupTimeout(120_000)
                    // serve (TLS, client certificates) on loopback only; kube-api-test adds no bind address itself
                    .withApiServerFlag("--bind-address", LOOPBACK)
                    .build());
            s.start();
            server = s;
            // kube-api-test writes file paths for its certificates; clients take inline credentials only
            kubeconfig = inlined(s.getKubeConfigYaml());
            controllers = ControllerManager.start(binariesDir, kubeconfig);
            declareSandboxRuntimes(kubeconfig);
            state = "RUNNING";
            reason = null;
            log.info(
                    "Local control plane (etcd + kube-apiserver) started in {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (RuntimeException e) {
            state = "UNAVAILABLE";
            reason = "The local control plane could not start (" + rootMessage(e) + "). Build its binaries with "
                    + "tools/kube-testenv/build.sh (needs Go), or set BULKHEAD_LOCAL_KUBECONFIG to a kubeconfig "
                    + "of a real cluster (kind, k3d, minikube).";
            log.warn("Local control plane unavailable: {}", reason);
        }
    }

    /**
     * The kubeconfig of a control plane this process started itself (kube-api-test), with its certificate and key
     * files read into {@code *-data} fields. Only for kubeconfigs the portal generated: a kubeconfig from an admin
     * or from {@code BULKHEAD_LOCAL_KUBECONFIG} never has its file references followed.
     */
    public static String inlined(String generatedKubeconfig) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(generatedKubeconfig);
        inline(root, "clusters", "cluster", Map.of("certificate-authority", "certificate-authority-data"));
        inline(
                root,
                "users",
                "user",
                Map.of("client-certificate", "client-certificate-data", "client-key", "client-key-data"));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(root);
    }

    @SuppressWarnings("unchecked")
    private static void inline(Map<String, Object> root, String list, String field, Map<String, String> files) {
        if (!(root.get(list) instanceof List<?> entries)) {
            return;
        }
        for (Object e : entries) {
            if (e instanceof Map<?, ?> entry && entry.get(field) instanceof Map<?, ?> body) {
                Map<String, Object> b = (Map<String, Object>) body;
                files.forEach((fileKey, dataKey) -> {
                    if (b.remove(fileKey) instanceof String path) {
                        try {
                            b.put(dataKey, Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(path))));
                        } catch (IOException ex) {
                            throw new UncheckedIOException("Cannot read the local control plane's " + fileKey, ex);
                        }
                    }
                });
            }
        }
    }

    /**
     * The local control plane has no nodes, so no sandbox runtime can run; declaring the RuntimeClasses lets the
     * sandboxed tier be provisioned and its admission rules be shown working (pods are admitted, never run).
     */
    private static void declareSandboxRuntimes(String kubeconfig) {
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(ClusterClients.config(KubeconfigIntake.parse(kubeconfig)))
                .build()) {
            for (String[] rc : new String[][] {{"gvisor", "runsc"}, {"kata", "kata"}}) {
                client.resource(new io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder()
                                .withNewMetadata()
                                .withName(rc[0])
                                .endMetadata()
                                .withHandler(rc[1])
                                .build())
                        // not forced: on a control plane Bulkhead just started nothing else holds these fields;
                        // if something does, it is left alone (logged below)
                        .fieldManager("bulkhead-local")
                        .serverSideApply();
            }
        } catch (RuntimeException e) {
            log.warn("Could not declare the sandbox RuntimeClasses on the local control plane: {}", e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    public @Nullable String kubeconfig() {
        return kubeconfig;
    }

    public String state() {
        return state;
    }

    public @Nullable String reason() {
        return reason;
    }

    @Override
    public void destroy() {
        ControllerManager cm = controllers;
        if (cm != null) {
            cm.close();
        }
        KubeAPIServer s = server;
        if (s != null) {
            s.stop();
        }
        Path dir = loopbackDir;
        if (dir != null) {
            LoopbackEtcd.delete(dir);
        }
    }
}
