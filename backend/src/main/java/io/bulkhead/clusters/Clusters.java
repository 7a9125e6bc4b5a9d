package io.bulkhead.clusters;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.clusters.internal.ClusterCredentials;
import io.bulkhead.clusters.internal.ClusterProber;
import io.bulkhead.clusters.internal.ClusterStore;
import io.bulkhead.clusters.internal.DemoWorkloads;
import io.bulkhead.clusters.internal.FleetProbe;
import io.bulkhead.clusters.internal.KubeconfigIntake;
import io.bulkhead.clusters.internal.kube.ClusterClients;
import io.bulkhead.clusters.internal.kube.ClusterUnavailableException;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.CredentialCipher;
import io.bulkhead.platform.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registered clusters. Every signed-in user may list them (no credentials ever leave this feature); admins
 * register clusters and re-probe them. Credentials are encrypted with AES-GCM before they reach the database.
 */
@Service
public class Clusters {
    private final ClusterStore store;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final CredentialCipher cipher;
    private final ClusterProber prober;
    private final FleetProbe fleet;
    private final ClusterClients clients;
    private final DemoWorkloads demo;
    private final TransactionTemplate tx;
    private final java.time.Clock clock;

    Clusters(
            ClusterStore store,
            CurrentUsers users,
            AuditTrail audit,
            CredentialCipher cipher,
            ClusterProber prober,
            FleetProbe fleet,
            ClusterClients clients,
            DemoWorkloads demo,
            TransactionTemplate tx,
            java.time.Clock clock) {
        this.store = store;
        this.users = users;
        this.audit = audit;
        this.cipher = cipher;
        this.prober = prober;
        this.fleet = fleet;
        this.clients = clients;
        this.demo = demo;
        this.tx = tx;
        this.clock = clock;
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
     * input is invalid, the name is taken, the kubeconfig carries anything but inline credentials (exec plugins,
     * auth providers, file paths and the like are refused), the API server's identity (the UID of its
     * {@code kube-system} namespace) cannot be read, or that API server is already registered under another name;
     * nothing is stored then. The API server is contacted before anything is stored.
     */
    public ClusterSummary register(ClusterRegistration r) {
        CurrentUser actor = users.require();
        actor.require("register a cluster", Role.ADMIN);
        boolean kc = r.kind() == ClusterRegistration.Kind.KUBECONFIG;
        String field = kc ? "kubeconfig" : "apiUrl";
        Map<String, String> errors = new TreeMap<>(r.validate());
        ClusterCredentials credentials = null;
        if (errors.isEmpty()) {
            try {
                credentials = kc
                        ? KubeconfigIntake.parse(java.util.Objects.requireNonNull(r.kubeconfig()))
                        : KubeconfigIntake.fromToken(
                                java.util.Objects.requireNonNull(r.apiUrl()), r.caCert(), r.token());
            } catch (KubeconfigIntake.Refused e) {
                errors.put(field, e.getMessage());
            }
        }
        if (errors.isEmpty() && store.exists(r.name())) {
            errors.put("name", "A cluster named " + r.name() + " is already registered.");
        }
        if (!errors.isEmpty() || credentials == null) {
            throw new ValidationException(errors);
        }
        String uid = identityOf(credentials, field);
        boolean unique = !clients.sharedApiServersAllowed();
        if (unique) {
            refuseKnownIdentity(uid, field);
        }
        byte[] secret = cipher.encrypt(r.name(), credentials.toJson());
        String server = credentials.server();
        try {
            tx.executeWithoutResult(status -> {
                store.insert(r.name(), r.displayName().strip(), server, r.kind().name(), secret, unique ? uid : null);
                audit.record(
                        actor,
                        AuditEntry.of("cluster.registered")
                                .target("cluster", r.name())
                                .location(r.name(), null)
                                .change(
                                        null,
                                        Map.of(
                                                "name",
                                                r.name(),
                                                "connection",
                                                r.kind().name(),
                                                "apiServerUid",
                                                uid)));
            });
        } catch (DuplicateKeyException e) {
            // a registration of the same name or API server committed in between
            if (store.exists(r.name())) {
                throw new ValidationException(
                        Map.of("name", "A cluster named " + r.name() + " is already registered."));
            }
            refuseKnownIdentity(uid, field);
            throw e;
        }
        clients.invalidate(r.name());
        return store.findByName(r.name()).orElseThrow();
    }

    private void refuseKnownIdentity(String uid, String field) {
        store.nameByIdentity(uid).ifPresent(other -> {
            throw new ValidationException(
                    Map.of(field, "This API server is already registered as cluster " + other + "."));
        });
    }

    /** The identity of the API server the credentials reach; a {@link ValidationException} when unreadable. */
    private static String identityOf(ClusterCredentials credentials, String field) {
        try {
            return ClusterClients.identityOf(credentials);
        } catch (ClusterUnavailableException e) {
            throw new ValidationException(Map.of(field, e.getMessage() + " Registration needs it."));
        }
    }

    /** Probes a cluster now (admin or system) and returns its refreshed summary. */
    public ClusterSummary probe(String name) {
        users.find().ifPresent(u -> u.require("probe a cluster", Role.ADMIN));
        clients.invalidate(name);
        prober.probe(name);
        return store.findByName(name).orElseThrow();
    }

    /**
     * Probes every cluster at once (the periodic health check), each probe on its own virtual thread with its own
     * time limit ({@code bulkhead.clusters.probe-timeout}), so a slow or dead cluster delays no other's; returns
     * the recorded status by cluster name.
     */
    public Map<String, String> probeAll() {
        return fleet.probeAll();
    }

    /**
     * Records that the portal's own work found a cluster's API server unusable (a reconcile pass ended at a
     * connection failure or time-out), so its health shows before the next probe; the next probe that reaches it
     * sets it back. The portal's own background work (no signed-in user) or an admin.
     */
    public void markUnavailable(String name, String reason) {
        users.find().ifPresent(u -> u.require("mark a cluster unavailable", Role.ADMIN));
        store.markUnavailable(name, reason, clock.instant());
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
