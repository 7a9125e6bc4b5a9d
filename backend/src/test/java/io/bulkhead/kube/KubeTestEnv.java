package io.bulkhead.kube;

import io.bulkhead.clusters.internal.kube.ControllerManager;
import io.bulkhead.clusters.internal.kube.LocalControlPlane;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * One real control plane (etcd + kube-apiserver from {@code tools/kube-testenv}) per test JVM, started on first
 * use and stopped at exit. RBAC authorization, the PodSecurity admission plugin and ValidatingAdmissionPolicy are
 * on (kube-apiserver defaults plus kube-api-test's {@code --authorization-mode=RBAC}). Hands out a cluster-admin
 * client and clients that impersonate ordinary users and groups.
 */
public final class KubeTestEnv {

    private static volatile KubeTestEnv instance;
    private final KubeAPIServer server;
    private final String kubeconfig;
    private final ControllerManager controllers;
    private final long startMillis;

    private KubeTestEnv() {
        long t0 = System.nanoTime();
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Could not start the test control plane. Build the binaries with tools/kube-testenv/build.sh "
                            + "(they go to ~/.kubeapitest/k8s/<version>-linux-amd64).",
                    e);
        }
        // inline credentials (kube-api-test writes certificate file paths, which cluster registration refuses)
        kubeconfig = LocalControlPlane.inlined(server.getKubeConfigYaml());
        String dir =
                System.getenv().getOrDefault("KUBE_API_TEST_DIR", System.getProperty("user.home") + "/.kubeapitest");
        controllers = ControllerManager.start(dir, kubeconfig);
        if (controllers == null) {
            throw new IllegalStateException("kube-controller-manager is missing: run tools/kube-testenv/build.sh");
        }
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[kube-testenv] control plane started in %d ms%n", startMillis);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            controllers.close();
                            server.stop();
                        },
                        "kube-testenv-stop"));
        awaitAggregatedRoles();
    }

    /** Waits until the controller-manager has filled the built-in aggregated roles (admin has rules). */
    private void awaitAggregatedRoles() {
        try (KubernetesClient c = admin()) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                var admin = c.rbac().clusterRoles().withName("admin").get();
                if (admin != null
                        && admin.getRules() != null
                        && !admin.getRules().isEmpty()) {
                    return;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("The built-in admin ClusterRole was not aggregated within 60 s");
    }

    /** The shared control plane, started on first call. */
    public static KubeTestEnv get() {
        KubeTestEnv e = instance;
        if (e == null) {
            synchronized (KubeTestEnv.class) {
                e = instance;
                if (e == null) {
                    e = new KubeTestEnv();
                    instance = e;
                }
            }
        }
        return e;
    }

    public long startMillis() {
        return startMillis;
    }

    /**
     * Kubeconfig (YAML) with cluster-admin credentials (a client certificate in system:masters), all inline
     * ({@code *-data} fields), as cluster registration requires.
     */
    public String kubeconfig() {
        return kubeconfig;
    }

    public KubernetesClient admin() {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .build();
    }

    /** A client that impersonates {@code user} in {@code groups} (plus system:authenticated). */
    public KubernetesClient as(String user, String... groups) {
        Config config = Config.fromKubeconfig(kubeconfig);
        config.setImpersonateUsername(user);
        String[] all = java.util.Arrays.copyOf(groups, groups.length + 1);
        all[groups.length] = "system:authenticated";
        config.setImpersonateGroups(all);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
