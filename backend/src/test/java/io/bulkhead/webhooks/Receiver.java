package io.bulkhead.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP receiver for webhook tests (the JDK's HttpServer on loopback): records every request per path and
 * answers with the status its path's script gives for the n-th request (1-based).
 */
final class Receiver implements AutoCloseable {
    record Hit(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .map(e -> e.getValue().getFirst())
                    .orElse(null);
        }
    }

    private final HttpServer server;
    final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final Map<String, IntUnaryOperator> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            hits.add(new Hit(path, Map.copyOf(exchange.getRequestHeaders()), body));
            int n = counts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            int status = scripts.getOrDefault(path, x -> 204).applyAsInt(n);
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", "/redirected");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers requests to {@code path} with {@code script(n)} for the n-th request. */
    Receiver answer(String path, IntUnaryOperator script) {
        scripts.put(path, script);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Hit> hitsOn(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
