package io.bulkhead.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The portal's local control plane as a cluster user sees it, for tests that need workloads in a namespace (the
 * portal provisions namespaces, it does not deploy): kubectl from the kube-api-test binaries, pointed at the
 * kube-apiserver the packaged portal started (a descendant process of this JVM; its {@code --secure-port}), with
 * kube-api-test's shared client certificate. Only there when the portal runs as a child process with its own
 * control plane.
 */
final class LocalKube {
    private final Path kubectl;
    private final Path kubeconfig;

    private LocalKube(Path kubectl, Path kubeconfig) {
        this.kubectl = kubectl;
        this.kubeconfig = kubeconfig;
    }

    /** The local control plane of the portal under test, if this JVM started one. */
    static Optional<LocalKube> find() {
        Path home = Path.of(
                System.getenv().getOrDefault("KUBE_API_TEST_DIR", System.getProperty("user.home") + "/.kubeapitest"));
        Optional<String[]> apiServerArgs = ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().orElse("").endsWith("kube-apiserver"))
                .map(p -> p.info().arguments().orElse(new String[0]))
                .findFirst();
        Optional<String> port = apiServerArgs.flatMap(LocalKube::securePort);
        // the portal runs kube-api-test from a private copy of the binaries folder (its etcd bound to loopback),
        // where kube-api-test also writes the certificates: the client certificate is the API server's client CA
        Path certs = apiServerArgs
                .flatMap(a -> flag(a, "--client-ca-file"))
                .map(f -> Path.of(f).getParent())
                .or(() -> apiServerArgs.flatMap(a -> flag(a, "--cert-dir")).map(Path::of))
                .orElse(home);
        Optional<Path> kubectl;
        try (Stream<Path> versions = Files.list(home.resolve("k8s"))) {
            kubectl = versions.map(v -> v.resolve("kubectl"))
                    .filter(Files::isExecutable)
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            kubectl = Optional.empty();
        }
        if (port.isEmpty() || kubectl.isEmpty() || !Files.isRegularFile(certs.resolve("client.crt"))) {
            return Optional.empty();
        }
        String config = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster:
                    server: https://127.0.0.1:%s
                    insecure-skip-tls-verify: true
                users:
                - name: admin
                  user:
                    client-certificate: %s
                    client-key: %s
                contexts:
                - name: local
                  context: {cluster: local, user: admin}
                current-context: local
                """.formatted(port.get(), certs.resolve("client.crt"), certs.resolve("client.key"));
        try {
            Files.createDirectories(Path.of("target"));
            Path file = Files.createTempFile(Path.of("target"), "kubeconfig-", ".yaml");
            Files.writeString(file, config);
            return Optional.of(new LocalKube(kubectl.get(), file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> securePort(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--secure-port=")) {
                return Optional.of(args[i].substring("--secure-port=".length()));
            }
            if (args[i].equals("--secure-port") && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> flag(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith(name + "=")) {
                return Optional.of(args[i].substring(name.length() + 1));
            }
            if (args[i].equals(name) && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** {@code kubectl apply -f -} with the given YAML; fails with kubectl's output when it fails. */
    void apply(String yaml) {
        run(List.of("apply", "-f", "-"), yaml);
    }

    String run(List<String> args, String stdin) {
        List<String> command =
                new java.util.ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
