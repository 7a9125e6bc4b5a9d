package io.bulkhead.clusters.internal.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The default run's etcd and kube-apiserver are reachable on 127.0.0.1 only. */
class LocalControlPlaneLoopbackIT {

    private static final Pattern SERVER = Pattern.compile("server:\\s*\"?([^\"\\s]+)");

    @Test
    void etcdAndTheApiServerListenOnLoopbackOnly() throws Exception {
        String binaries = Optional.ofNullable(System.getenv("KUBE_API_TEST_DIR"))
                .orElse(System.getProperty("user.home") + "/.kubeapitest");
        assumeTrue(Files.isDirectory(Path.of(binaries, "k8s")), "control-plane binaries missing");
        InetAddress external = nonLoopbackAddress();
        // other control planes of this test JVM (KubeTestEnv) have their own etcd: look only at the one started here
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        LocalControlPlane plane = new LocalControlPlane(true, "", binaries);
        try {
            plane.awaitStart(240);
            assertThat(plane.state()).as("state (%s)", plane.reason()).isEqualTo("RUNNING");

            Matcher m = SERVER.matcher(String.valueOf(plane.kubeconfig()));
            assertThat(m.find()).as("server in the kubeconfig").isTrue();
            int apiPort = URI.create(m.group(1)).getPort();
            List<String> etcdArgs = ProcessHandle.current()
                    .descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/etcd"))
                    .filter(p -> p.info()
                            .startInstant()
                            .orElse(java.time.Instant.MIN)
                            .isAfter(before))
                    .map(p -> Arrays.asList(p.info().arguments().orElse(new String[0])))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no etcd process under this JVM"));
            String listen = etcdArgs.get(etcdArgs.indexOf("--listen-client-urls") + 1);
            int etcdPort = URI.create(listen).getPort();

            assertThat(listen).startsWith("http://127.0.0.1:");
            assertThat(accepts(InetAddress.getLoopbackAddress(), apiPort))
                    .as("API server on loopback")
                    .isTrue();
            assertThat(accepts(InetAddress.getLoopbackAddress(), etcdPort))
                    .as("etcd on loopback")
                    .isTrue();
            if (external != null) {
                assertThat(accepts(external, apiPort))
                        .as("API server on %s", external)
                        .isFalse();
                assertThat(accepts(external, etcdPort))
                        .as("etcd on %s", external)
                        .isFalse();
            }
        } finally {
            plane.destroy();
        }
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static @Nullable InetAddress nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address)
                .findFirst()
                .orElse(null);
    }
}
