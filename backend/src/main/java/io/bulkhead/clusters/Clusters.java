package io.bulkhead.clusters;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.clusters.internal.ClusterProber;
import io.bulkhead.clusters.internal.ClusterStore;
import io.bulkhead.clusters.internal.CredentialCipher;
import io.bulkhead.clusters.internal.DemoWorkloads;
import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registered clusters. Every signed-in user may list them (no credentials ever leave this feature); admins
 * register clusters and re-probe them. Credentials are encrypted with AES-GCM before they reach the database.
 */
@Service
public class Clusters {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ClusterStore store;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final CredentialCipher cipher;
    private final ClusterProber prober;
    private final ClusterClients clients;
    private final DemoWorkloads demo;

    Clusters(
            ClusterStore store,
            CurrentUsers users,
            AuditTrail audit,
            CredentialCipher cipher,
            ClusterProber prober,
            ClusterClients clients,
            DemoWorkloads demo) {
        this.store = store;
        this.users = users;
        this.audit = audit;
        this.cipher = cipher;
        this.prober = prober;
        this.clients = clients;
        this.demo = demo;
    }

    /**
     * Demo data of the default run only: applies the demo workloads {@code classpath:demo/<set>.yaml} to a
     * namespace of a cluster (server-side apply, field manager {@code bulkhead-demo}). Only the portal itself
     * ({@link CurrentUser#SYSTEM}) may call it; returns the number of objects applied.
     */
    public int applyDemoWorkloads(CurrentUser actor, String cluster, String namespace, String set) {
        if (!actor.equals(CurrentUser.SYSTEM)) {
            throw new AccessDeniedException("apply demo workloads", "only the portal's demo data may");
        }
        return demo.apply(cluster, namespace, set);
    }

    @Transactional(readOnly = true)
    public List<ClusterSummary> list() {
        users.require();
        return store.all();
    }

    /** Registers the portal's local control plane as a cluster (demo data), unless one of that name exists. */
    @Transactional
    public boolean registerLocalIfMissing(CurrentUser actor, String name, String displayName) {
        actor.require("register a cluster", Role.ADMIN);
        if (store.exists(name)) {
            return false;
        }
        store.insert(name, displayName, null, "LOCAL", null);
        audit.record(
                actor,
                AuditEntry.of("cluster.registered")
                        .target("cluster", name)
                        .location(name, null)
                        .change(null, Map.of("name", name, "connection", "LOCAL")));
        return true;
    }

    /**
     * Registers a cluster (admin only). Throws {@link ValidationException} with a message per field when the
     * input is invalid or the name is taken; nothing is stored then.
     */
    @Transactional
    public ClusterSummary register(ClusterRegistration r) {
        CurrentUser actor = users.require();
        actor.require("register a cluster", Role.ADMIN);
        Map<String, String> errors = new TreeMap<>(r.validate());
        if (errors.isEmpty() && store.exists(r.name())) {
            errors.put("name", "A cluster named " + r.name() + " is already registered.");
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String secret = r.kind() == ClusterRegistration.Kind.KUBECONFIG
                ? JSON.writeValueAsString(Map.of("kubeconfig", r.kubeconfig()))
                : JSON.writeValueAsString(Map.of(
                        "apiUrl",
                        r.apiUrl().strip(),
                        "caCert",
                        r.caCert(),
                        "token",
                        r.token().strip()));
        store.insert(r.name(), r.displayName().strip(), r.apiUrl(), r.kind().name(), cipher.encrypt(r.name(), secret));
        audit.record(
                actor,
                AuditEntry.of("cluster.registered")
                        .target("cluster", r.name())
                        .location(r.name(), null)
                        .change(
                                null,
                                Map.of("name", r.name(), "connection", r.kind().name())));
        return store.findByName(r.name()).orElseThrow();
    }

    /** Probes a cluster now (admin or system) and returns its refreshed summary. */
    public ClusterSummary probe(String name) {
        users.find().ifPresent(u -> u.require("probe a cluster", Role.ADMIN));
        clients.invalidate(name);
        prober.probe(name);
        return store.findByName(name).orElseThrow();
    }

    /** Probes every cluster (the periodic health check). */
    public void probeAll() {
        for (ClusterSummary c : store.all()) {
            prober.probe(c.name());
        }
    }

    @Transactional(readOnly = true)
    public Optional<ClusterSummary> find(String name) {
        users.require();
        return store.findByName(name);
    }

    /** Cluster lookup for the portal's own background work (no signed-in user). */
    @Transactional(readOnly = true)
    public Optional<ClusterSummary> findAsSystem(String name) {
        return store.findByName(name);
    }
}
