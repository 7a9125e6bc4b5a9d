package io.bulkhead.provisioning;

import io.bulkhead.provisioning.internal.NamespaceStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only access to managed namespaces for the portal's own background work (inventory sync, compliance
 * evaluation). It does not check the signed-in user: callers that serve users must check team visibility
 * themselves (or use {@link Namespaces}).
 */
@Service
public class NamespaceDirectory {
    /** Namespaces that exist, or are about to, in their cluster. */
    public static final Set<NamespaceState> LIVE = EnumSet.of(
            NamespaceState.APPROVED, NamespaceState.PROVISIONING, NamespaceState.READY, NamespaceState.FAILED);

    private final NamespaceStore store;

    NamespaceDirectory(NamespaceStore store) {
        this.store = store;
    }

    /** Every live namespace, of every team, ordered by cluster and name. */
    @Transactional(readOnly = true)
    public List<ManagedNamespace> live() {
        return live(null);
    }

    /** The live namespaces of one cluster (every cluster when null), of every team, ordered by cluster and name. */
    @Transactional(readOnly = true)
    public List<ManagedNamespace> live(@Nullable String cluster) {
        List<ManagedNamespace> all = new ArrayList<>();
        var q = new NamespaceStore.Query(null, null, cluster, null, LIVE, null);
        for (int offset = 0; ; offset += 500) {
            List<ManagedNamespace> page = store.page(q, offset, 500);
            all.addAll(page);
            if (page.size() < 500) {
                break;
            }
        }
        all.sort(java.util.Comparator.comparing(ManagedNamespace::cluster).thenComparing(ManagedNamespace::name));
        return all;
    }

    /** The ids of every live namespace (one query, nothing else loaded). */
    @Transactional(readOnly = true)
    public Set<UUID> liveIds() {
        return store.ids(LIVE);
    }

    @Transactional(readOnly = true)
    public Optional<ManagedNamespace> find(UUID id) {
        return store.find(id);
    }

    /** Many namespaces by id (one query), in any state; ids without a namespace are left out. */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, ManagedNamespace> find(java.util.Collection<UUID> ids) {
        return store.find(ids);
    }

    /** The objects of many namespaces, by namespace id (one query). */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, List<ObjectStatus>> objects(java.util.Collection<UUID> ids) {
        return store.objects(ids);
    }
}
