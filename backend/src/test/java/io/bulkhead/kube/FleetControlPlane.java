package io.bulkhead.kube;

import io.bulkhead.clusters.internal.kube.LocalControlPlane;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One more real control plane (its own etcd + kube-apiserver from {@code tools/kube-testenv}, on free ports) beside
 * the shared {@link KubeTestEnv}, for tests and benchmarks of many clusters at once. No controller-manager: these
 * clusters take namespaces and their objects but do not delete namespaces. The API server process can be killed,
 * paused ({@code SIGSTOP}: connections are accepted by the kernel, nothing answers) and resumed ({@code SIGCONT}).
 * Closed by {@link #close} or at JVM exit.
 */
public final class FleetControlPlane implements AutoCloseable {
    private final String name;
    private final KubeAPIServer server;
    private final String kubeconfig;
    private final Process apiServer;
    private final long startMillis;

    private FleetControlPlane(String name) {
        this.name = name;
        long t0 = System.nanoTime();
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(180_000)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .build());
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Could not start control plane " + name + ". Build the binaries with tools/kube-testenv/build.sh.",
                    e);
        }
        kubeconfig = LocalControlPlane.inlined(server.getKubeConfigYaml());
        apiServer = apiServerProcess(server);
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "fleet-control-plane-stop-" + name));
    }

    /** Starts one control plane named {@code name} (the name is only for messages). */
    public static FleetControlPlane start(String name) {
        return new FleetControlPlane(name);
    }

    /**
     * Starts {@code n} control planes at once, named {@code prefix-1} … {@code prefix-n}; if one fails, the started
     * ones are closed and the failure is thrown.
     */
    public static List<FleetControlPlane> startMany(String prefix, int n) {
        List<CompletableFuture<FleetControlPlane>> starting = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= n; i++) {
                String name = prefix + "-" + i;
                starting.add(CompletableFuture.supplyAsync(() -> start(name), threads));
            }
            List<FleetControlPlane> out = new ArrayList<>();
            RuntimeException failure = null;
            for (CompletableFuture<FleetControlPlane> f : starting) {
                try {
                    out.add(f.join());
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                out.forEach(FleetControlPlane::close);
                throw failure;
            }
            return out;
        }
    }

    /** The kube-apiserver process of kube-api-test's server (it keeps it in a private field). */
    private static Process apiServerProcess(KubeAPIServer server) {
        try {
            var f = KubeAPIServer.class.getDeclaredField("kubeApiServerProcess");
            f.setAccessible(true);
            Object holder = f.get(server);
            var p = holder.getClass().getDeclaredField("apiServerProcess");
            p.setAccessible(true);
            return (Process) p.get(holder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kube-api-test changed: cannot find the kube-apiserver process", e);
        }
    }

    public String name() {
        return name;
    }

    public long startMillis() {
        return startMillis;
    }

    /** Kubeconfig (YAML) with cluster-admin credentials, all inline, as cluster registration requires. */
    public String kubeconfig() {
        return kubeconfig;
    }

    public KubernetesClient admin() {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .build();
    }

    /** The kube-apiserver's process id. */
    public long apiServerPid() {
        return apiServer.pid();
    }

    /** Kills the kube-apiserver ({@code SIGKILL}); kube-api-test then stops its etcd too. */
    public void kill() {
        apiServer.destroyForcibly();
        try {
            apiServer.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pauses the kube-apiserver ({@code SIGSTOP}): its port still accepts connections, nothing answers. */
    public void pause() {
        signal("STOP");
    }

    /** Resumes a paused kube-apiserver ({@code SIGCONT}). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String sig) {
        if (!apiServer.isAlive()) {
            throw new IllegalStateException("The kube-apiserver of " + name + " is not running");
        }
        try {
            int rc = new ProcessBuilder("kill", "-" + sig, Long.toString(apiServer.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (rc != 0) {
                throw new IllegalStateException("kill -" + sig + " " + apiServer.pid() + " exited with " + rc);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the control plane (a paused API server is resumed first, so it can exit). */
    @Override
    public synchronized void close() {
        if (apiServer.isAlive()) {
            try {
                resume();
            } catch (RuntimeException e) {
                // it exited meanwhile
            }
        }
        try {
            server.stop();
        } catch (RuntimeException e) {
            // already stopped (killed, or closed before)
        }
    }
}
