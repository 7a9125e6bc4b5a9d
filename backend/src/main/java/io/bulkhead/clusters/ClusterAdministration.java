package io.bulkhead.clusters;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.clusters.internal.ClusterCapabilityProbe;
import io.bulkhead.clusters.internal.ClusterProber;
import io.bulkhead.clusters.internal.ClusterStore;
import io.bulkhead.clusters.internal.LeaseManager;
import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The admin's cluster maintenance: clusters with their capabilities, an immediate re-sync, and removal of a
 * cluster that carries no live namespace. Every method is for platform admins only; a refusal of a signed-in user
 * is audited ({@code access.denied}).
 */
@Service
public class ClusterAdministration {
    private final ClusterStore store;
    private final ClusterCapabilityProbe capabilities;
    private final ClusterProber prober;
    private final ClusterClients clients;
    private final LeaseManager leases;
    private final ObjectProvider<ClusterUsage> usages;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    ClusterAdministration(
            ClusterStore store,
            ClusterCapabilityProbe capabilities,
            ClusterProber prober,
            ClusterClients clients,
            LeaseManager leases,
            ObjectProvider<ClusterUsage> usages,
            CurrentUsers users,
            AuditTrail audit,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock) {
        this.store = store;
        this.capabilities = capabilities;
        this.prober = prober;
        this.clients = clients;
        this.leases = leases;
        this.usages = usages;
        this.users = users;
        this.audit = audit;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** Every registered cluster with its capabilities and live namespaces, by name. */
    @Transactional(readOnly = true)
    public List<ClusterOverview> overview() {
        requireAdmin("see cluster capabilities");
        return store.all().stream()
                .map(c -> new ClusterOverview(c, capabilities.of(c), liveNamespaces(c.name())))
                .toList();
    }

    /**
     * Re-syncs a cluster now: probes it (reachability and capabilities, whatever the last probe found) and asks the
     * reconciler and the inventory to run for it at once ({@link ClusterResyncRequested}). Audited as
     * {@code cluster.resynced} with the probe's outcome; returns the cluster as probed.
     */
    public ClusterOverview resync(String name) {
        CurrentUser admin = requireAdmin("re-sync a cluster");
        ClusterSummary before = existing(name);
        clients.invalidate(name);
        String status = prober.probe(name);
        if ("REACHABLE".equals(status)) {
            try {
                capabilities.refresh(
                        name,
                        clients.forCluster(name),
                        store.findByName(name)
                                .map(ClusterSummary::serverVersion)
                                .orElse(null));
            } catch (RuntimeException e) {
                // gone again since the probe: the status the next probe records says why
            }
        }
        ClusterSummary after = store.findByName(name).orElse(before);
        tx.executeWithoutResult(s -> {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("status", after.status());
            if (after.statusReason() != null) {
                change.put("reason", after.statusReason());
            }
            audit.record(
                    admin,
                    AuditEntry.of("cluster.resynced")
                            .target("cluster", name)
                            .location(name, null)
                            .change(null, change));
            events.publishEvent(new ClusterResyncRequested(name));
        });
        return new ClusterOverview(after, capabilities.of(after), liveNamespaces(name));
    }

    /**
     * Removes a cluster: only when it carries no live namespace (decommission them first) and {@code confirmation}
     * repeats its name. Its credentials, API server identity and cluster lease are deleted at once (the replica that
     * owned it stops its work for it, and no replica takes it again); the record stays, hidden, for the history of
     * its decommissioned namespaces (so its name stays taken). Audited as {@code cluster.removed}.
     * Throws {@link ValidationException} (fields {@code name}, {@code confirmation}) and stores nothing otherwise.
     */
    @Transactional
    public void remove(String name, @Nullable String confirmation) {
        CurrentUser admin = requireAdmin("remove a cluster");
        ClusterSummary c = existing(name);
        if (confirmation == null || !confirmation.strip().equals(name)) {
            throw new ValidationException(
                    Map.of("confirmation", "Type the cluster's name, " + name + ", to confirm its removal."));
        }
        int live = liveNamespaces(name);
        if (live > 0) {
            throw new ValidationException(Map.of(
                    "name",
                    "Cluster " + name + " still carries " + live + (live == 1 ? " namespace" : " namespaces")
                            + ": decommission " + (live == 1 ? "it" : "them") + " first."));
        }
        capabilities.markRemoved(name, clock.instant());
        // no replica keeps owning (watching, reconciling, syncing) a removed cluster, nor takes it again
        leases.forget(name);
        audit.record(
                admin,
                AuditEntry.of("cluster.removed")
                        .target("cluster", name)
                        .location(name, null)
                        .change(
                                Map.of("name", name, "connection", c.connectionKind()),
                                Map.of("credentials", "deleted")));
        clients.invalidate(name);
    }

    private ClusterSummary existing(String name) {
        return store.findByName(name)
                .orElseThrow(() -> new ValidationException(Map.of("name", "No cluster named " + name + ".")));
    }

    private int liveNamespaces(String cluster) {
        return usages.orderedStream().mapToInt(u -> u.liveNamespaces(cluster)).sum();
    }

    private CurrentUser requireAdmin(String action) {
        CurrentUser user = users.require();
        if (!user.has(Role.ADMIN)) {
            audit.recordIndependently(user, AuditEntry.accessDenied(action, null), null);
            throw new AccessDeniedException(action, "needs role " + Role.ADMIN);
        }
        return user;
    }
}
