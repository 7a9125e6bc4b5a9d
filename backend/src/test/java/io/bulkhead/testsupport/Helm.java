package io.bulkhead.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code helm} binary that {@code tools/helm/build.sh} builds from the Go module proxy, and the repository's
 * chart ({@code k8s/chart}). The binary is looked up as the build script installs it:
 * {@code ${BULKHEAD_HELM_DIR:-~/.bulkhead-tools}/helm/<version>-linux-amd64/helm}, the version read from {@code
 * tools/helm/versions.env}; {@code BULKHEAD_HELM} (a path) overrides the lookup.
 */
public final class Helm {
    private final Path binary;
    private final Path repository;
    private final Path home;

    private Helm(Path binary, Path repository) {
        this.binary = binary;
        this.repository = repository;
        this.home = Path.of("target", "helm-home").toAbsolutePath();
    }

    /** The outcome of one helm command (stdout and stderr kept apart: templates go to stdout). */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("helm exited with " + exitCode + ":\n" + stderr + stdout);
            }
            return this;
        }
    }

    /** The checkout's root: the first parent of the working directory that holds {@code k8s/chart/Chart.yaml}. */
    public static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("k8s/chart/Chart.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "k8s/chart/Chart.yaml not found above " + Path.of("").toAbsolutePath());
    }

    /** Where the binary is expected (whether or not it is there). */
    public static Path expectedBinary() {
        String explicit = System.getenv("BULKHEAD_HELM");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String dir = System.getenv("BULKHEAD_HELM_DIR");
        Path base = dir == null || dir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".bulkhead-tools")
                : Path.of(dir);
        return base.resolve("helm").resolve(pinnedVersion() + "-linux-amd64").resolve("helm");
    }

    static String pinnedVersion() {
        Path env = repositoryRoot().resolve("tools/helm/versions.env");
        try {
            Matcher m = Pattern.compile("(?m)^HELM_VERSION=([0-9.]+)").matcher(Files.readString(env));
            if (!m.find()) {
                throw new IllegalStateException("no HELM_VERSION in " + env);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built binary, or null when it has not been built on this machine. */
    public static @Nullable Helm find() {
        Path b = expectedBinary();
        return Files.isExecutable(b) ? new Helm(b, repositoryRoot()) : null;
    }

    public Path chart() {
        return repository.resolve("k8s/chart");
    }

    public Path chartFile(String relative) {
        return chart().resolve(relative);
    }

    /** Runs {@code helm <args>} with its own cache and config directories (under target/), at most 2 minutes. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repository.toFile());
        pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
        try {
            Path out = Files.createTempFile("helm-out", ".txt");
            Path err = Files.createTempFile("helm-err", ".txt");
            try {
                pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                Process p = pb.start();
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError("helm " + String.join(" ", args) + " did not finish within 2 minutes");
                }
                return new Result(
                        p.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code helm template <release> k8s/chart --namespace <ns> -f ci/test-values.yaml <extra>}: the YAML. */
    public String template(String release, String namespace, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "template",
                release,
                chart().toString(),
                "--namespace",
                namespace,
                "--values",
                chartFile("ci/test-values.yaml").toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new)).requireSuccess().stdout();
    }
}
