package io.bulkhead.clusters.internal;

import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** Applies the demo workloads of {@code classpath:demo/<set>.yaml} to a namespace (server-side apply). */
@Component
public class DemoWorkloads {
    private static final String FIELD_MANAGER = "bulkhead-demo";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DemoWorkloads.class);
    private final ClusterClients clients;

    DemoWorkloads(ClusterClients clients) {
        this.clients = clients;
    }

    public int apply(String cluster, String namespace, String set) {
        if (!set.matches("[a-z][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("Unknown demo workload set: " + set);
        }
        KubernetesClient client = clients.forCluster(cluster);
        List<HasMetadata> items;
        try (InputStream in = new ClassPathResource("demo/" + set + ".yaml").getInputStream()) {
            items = client.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException("Demo workload set " + set + " cannot be read", e);
        }
        for (HasMetadata item : items) {
            item.getMetadata().setNamespace(namespace);
            try {
                // not forced: a demo workload someone has changed since is theirs now and left as it is
                client.resource(item)
                        .inNamespace(namespace)
                        .fieldManager(FIELD_MANAGER)
                        .serverSideApply();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                log.info(
                        "Demo workload {}/{} is managed by someone else now; left unchanged",
                        namespace,
                        item.getMetadata().getName());
            }
        }
        return items.size();
    }
}
