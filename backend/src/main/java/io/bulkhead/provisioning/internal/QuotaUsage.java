package io.bulkhead.provisioning.internal;

import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.provisioning.QuotaUse;
import io.bulkhead.provisioning.internal.render.TierRenderer;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Reads the use of a namespace's quota from the status of Bulkhead's ResourceQuota (read only). */
@Component
public class QuotaUsage {
    private final ClusterClients clients;

    QuotaUsage(ClusterClients clients) {
        this.clients = clients;
    }

    /** Used and hard per resource, by resource name; empty when the quota is not there. */
    public List<QuotaUse> of(String cluster, String namespace) {
        ResourceQuota q = clients.forCluster(cluster)
                .resourceQuotas()
                .inNamespace(namespace)
                .withName(TierRenderer.QUOTA_NAME)
                .get();
        if (q == null || q.getSpec() == null || q.getSpec().getHard() == null) {
            return List.of();
        }
        // the quota controller fills status.used; until it has (or where it does not run) the use is unknown
        Map<String, Quantity> used = q.getStatus() == null || q.getStatus().getUsed() == null
                ? Map.of()
                : q.getStatus().getUsed();
        List<QuotaUse> out = new ArrayList<>();
        new TreeMap<>(q.getSpec().getHard()).forEach((resource, hard) -> {
            Quantity u = used.get(resource);
            out.add(new QuotaUse(
                    resource, u == null ? null : u.toString(), hard.toString(), u == null ? -1 : percent(u, hard)));
        });
        return List.copyOf(out);
    }

    static int percent(Quantity used, Quantity hard) {
        try {
            BigDecimal h = hard.getNumericalAmount();
            if (h.signum() == 0) {
                return used.getNumericalAmount().signum() == 0 ? 0 : 100;
            }
            return used.getNumericalAmount()
                    .multiply(BigDecimal.valueOf(100))
                    .divide(h, 0, RoundingMode.HALF_UP)
                    .intValue();
        } catch (ArithmeticException | IllegalArgumentException e) {
            return -1;
        }
    }
}
