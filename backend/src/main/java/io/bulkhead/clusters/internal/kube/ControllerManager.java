package io.bulkhead.clusters.internal.kube;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs kube-controller-manager beside a local kube-apiserver with only the controllers a node-less control plane
 * needs: clusterrole-aggregation (fills the built-in admin/edit/view ClusterRoles), namespace (finishes namespace
 * deletion) and the garbage collector. Built by {@code tools/kube-testenv/build.sh} next to kube-apiserver.
 */
public final class ControllerManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);
    private final Process process;
    private final Path workDir;

    private ControllerManager(Process process, Path workDir) {
        this.process = process;
        this.workDir = workDir;
    }

    /** The newest kube-controller-manager binary under {@code <binariesDir>/k8s/<version>-<os>-<arch>/}. */
    public static Optional<Path> findBinary(String binariesDir) {
        Path k8s = Path.of(binariesDir, "k8s");
        if (!Files.isDirectory(k8s)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(k8s)) {
            return dirs.map(d -> d.resolve("kube-controller-manager"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(
                            p -> versionKey(p.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String versionKey(String dir) {
        String v = dir.split("-")[0];
        StringBuilder sb = new StringBuilder();
        for (String part : v.split("\\.")) {
            sb.append(String.format("%05d", Integer.parseInt(part.replaceAll("\\D", "0"))));
        }
        return sb.toString();
    }

    /** Starts it against the cluster of {@code kubeconfig} (admin credentials); null when there is no binary. */
    public static @Nullable ControllerManager start(String binariesDir, String kubeconfig) {
        Optional<Path> binary = findBinary(binariesDir);
        if (binary.isEmpty()) {
            log.warn(
                    "kube-controller-manager not found under {}: built-in admin/edit/view roles stay empty and "
                            + "namespace deletion does not finish (run tools/kube-testenv/build.sh)",
                    binariesDir);
            return null;
        }
        try {
            Path work = Files.createTempDirectory("bulkhead-kcm");
            Path kc = work.resolve("kubeconfig");
            Files.writeString(kc, kubeconfig);
            kc.toFile().setReadable(false, false);
            kc.toFile().setReadable(true, true);
            File logFile = work.resolve("kube-controller-manager.log").toFile();
            Process p = new ProcessBuilder(List.of(
                            binary.get().toString(),
                            "--kubeconfig=" + kc,
                            "--authentication-kubeconfig=" + kc,
                            "--authorization-kubeconfig=" + kc,
                            "--controllers=clusterrole-aggregation-controller,namespace-controller,garbage-collector-controller,validatingadmissionpolicy-status-controller",
                            "--leader-elect=false",
                            "--use-service-account-credentials=false",
                            "--bind-address=127.0.0.1",
                            "--secure-port=0",
                            "--concurrent-namespace-syncs=5"))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile)
                    .start();
            log.info("kube-controller-manager started (pid {}, log {})", p.pid(), logFile);
            return new ControllerManager(p, work);
        } catch (IOException e) {
            log.warn("kube-controller-manager could not start: {}", e.getMessage());
            return null;
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
