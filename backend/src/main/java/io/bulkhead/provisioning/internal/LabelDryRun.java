package io.bulkhead.provisioning.internal;

import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.provisioning.internal.render.DesiredState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Server-side apply of a changed Namespace object with {@code dryRun=All}: nothing is stored, but the API server's
 * Pod Security admission checks the namespace's existing pods against the new enforce level and answers with
 * {@code Warning} headers, one per problem. The fabric8 DSL only logs those headers, so the request goes through the
 * client's own HTTP client (same credentials and TLS) and the headers are read off the response.
 */
@Component
public class LabelDryRun {
    private final ClusterClients clients;

    LabelDryRun(ClusterClients clients) {
        this.clients = clients;
    }

    /** The API server's warnings for applying the Namespace object of {@code desired} now; empty when none. */
    public List<String> warnings(String cluster, DesiredState desired) {
        HasMetadata namespace = desired.all().stream()
                .filter(o -> o.getKind().equals("Namespace"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Namespace object in the desired state"));
        KubernetesClient client = clients.forCluster(cluster);
        // forced (dry-run) only on a namespace that is Bulkhead's for this record, as the applier forces
        HasMetadata live =
                client.namespaces().withName(namespace.getMetadata().getName()).get();
        if (live == null) {
            return List.of(); // nothing runs there yet: no pod to warn about
        }
        String refusal = Ownership.refusal(namespace, live);
        if (refusal != null) {
            throw new KubernetesClientException("The namespace labels were not dry-run: " + refusal);
        }
        HttpClient http = client.getHttpClient();
        String base = client.getMasterUrl().toString();
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + "api/v1/namespaces/"
                + URLEncoder.encode(namespace.getMetadata().getName(), StandardCharsets.UTF_8)
                + "?dryRun=All&force=true&fieldManager=" + Applier.FIELD_MANAGER);
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(uri)
                .method("PATCH", "application/apply-patch+yaml", Serialization.asJson(namespace))
                .build();
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("Interrupted while dry-running the namespace labels", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("The namespace labels could not be dry-run: " + e.getMessage(), e);
        }
        if (!response.isSuccessful()) {
            throw new KubernetesClientException(
                    "The API server refused the dry-run (HTTP " + response.code() + "): " + response.body());
        }
        List<String> out = new ArrayList<>();
        for (String header : response.headers("Warning")) {
            out.add(text(header));
        }
        return List.copyOf(out);
    }

    /** The text of an RFC 7234 warning ({@code 299 - "text"}), unquoted. */
    static String text(String header) {
        String h = header.strip();
        int quote = h.indexOf('"');
        if (h.startsWith("299") && quote > 0 && h.endsWith("\"")) {
            return h.substring(quote + 1, h.length() - 1).replace("\\\"", "\"");
        }
        return h;
    }
}
