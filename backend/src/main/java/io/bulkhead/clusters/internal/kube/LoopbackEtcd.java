package io.bulkhead.clusters.internal.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * fabric8 kube-api-test 7.5.2 starts etcd with {@code --listen-client-urls http://0.0.0.0:<port>} and offers no
 * way to change it (only the API server's flags can be added). This builds a private copy of the binaries
 * directory in the kube-api-test layout ({@code k8s/<version>-<os>-<arch>/}) whose {@code etcd} is a small
 * script that rewrites that URL to {@code http://127.0.0.1:<port>} and runs the real etcd; the other binaries are
 * symbolic links. The API server still dials {@code http://0.0.0.0:<port>}, which Linux connects to loopback.
 * The API server's serving certificates are written there too (its {@code --cert-dir}), not into the shared
 * binaries directory.
 */
final class LoopbackEtcd {

    private static final Pattern VERSION_DIR = Pattern.compile("\\d+\\.\\d+\\.\\d+-[a-z0-9]+-[a-z0-9]+");
    private static final List<String> LINKED = List.of("kube-apiserver", "kubectl", "kube-controller-manager");

    private LoopbackEtcd() {}

    /**
     * A new directory (owner-only) mirroring every complete version of {@code binariesDir}, with the loopback etcd
     * wrapper; the caller deletes it with {@link #delete}.
     *
     * @throws IOException if the directory cannot be built (no POSIX file system, no complete version)
     */
    static Path prepare(Path binariesDir) throws IOException {
        Path k8s = binariesDir.resolve("k8s");
        List<Path> versions;
        try (Stream<Path> dirs = Files.list(k8s)) {
            versions = dirs.filter(
                            d -> VERSION_DIR.matcher(d.getFileName().toString()).matches())
                    .filter(d -> Files.isExecutable(d.resolve("etcd"))
                            && Files.isExecutable(d.resolve("kube-apiserver"))
                            && Files.isExecutable(d.resolve("kubectl")))
                    .toList();
        }
        if (versions.isEmpty()) {
            throw new IOException("no complete control-plane version under " + k8s);
        }
        Path root = Files.createTempDirectory(
                "bulkhead-kube-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            for (Path version : versions) {
                Path target = Files.createDirectories(
                        root.resolve("k8s").resolve(version.getFileName().toString()));
                for (String name : LINKED) {
                    if (Files.exists(version.resolve(name))) {
                        Files.createSymbolicLink(
                                target.resolve(name), version.resolve(name).toAbsolutePath());
                    }
                }
                Path etcd = target.resolve("etcd");
                Files.writeString(etcd, script(version.resolve("etcd").toAbsolutePath()), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(etcd, PosixFilePermissions.fromString("rwx------"));
            }
            return root;
        } catch (IOException | RuntimeException e) {
            delete(root);
            throw e;
        }
    }

    static String script(Path realEtcd) {
        String quoted = "'" + realEtcd.toString().replace("'", "'\\''") + "'";
        return """
                #!/bin/sh
                # written by Bulkhead: etcd's client port on loopback only (kube-api-test asks for 0.0.0.0)
                for a do
                  case "$a" in
                    http://0.0.0.0:*) a="http://127.0.0.1:${a#http://0.0.0.0:}" ;;
                  esac
                  set -- "$@" "$a"
                  shift
                done
                exec %s "$@"
                """.formatted(quoted);
    }

    static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the OS to clean
        }
    }
}
