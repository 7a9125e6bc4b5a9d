package io.bulkhead.clusters;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.clusters.internal.ClusterStore;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read access to the registered clusters; every signed-in user may list them (no credentials are exposed). */
@Service
public class Clusters {
    private final ClusterStore store;
    private final CurrentUsers users;
    private final AuditTrail audit;

    Clusters(ClusterStore store, CurrentUsers users, AuditTrail audit) {
        this.store = store;
        this.users = users;
        this.audit = audit;
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

    @Transactional(readOnly = true)
    public Optional<ClusterSummary> find(String name) {
        users.require();
        return store.findByName(name);
    }
}
