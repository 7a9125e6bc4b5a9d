package io.bulkhead.provisioning;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.internal.NamespaceStore;
import io.bulkhead.provisioning.internal.Provisioner;
import io.bulkhead.provisioning.internal.QuarantineStore;
import io.bulkhead.provisioning.internal.ReconcileRequests;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Quarantine, break glass the other way round: a reviewer or an admin (never a developer) takes a live namespace
 * off the network and suspends its team's write access, with a reason, and releases it later. The quarantine is
 * stored with the namespace, so the reconciler renders it on every pass (it survives restarts and is never undone
 * as drift); release renders the namespace exactly as before and puts back the team's own NetworkPolicies that
 * the quarantine parked. Both steps are audited with before and after (and so notified).
 */
@Service
public class Quarantines {
    public static final int MIN_REASON = 5;
    public static final int MAX_REASON = 1000;
    private static final String NO_SUCH_NAMESPACE = "No such namespace.";

    private final QuarantineStore store;
    private final NamespaceStore namespaces;
    private final Provisioner provisioner;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final ReconcileRequests reconcile;
    private final Clock clock;

    Quarantines(
            QuarantineStore store,
            NamespaceStore namespaces,
            Provisioner provisioner,
            CurrentUsers users,
            AuditTrail audit,
            ReconcileRequests reconcile,
            Clock clock) {
        this.store = store;
        this.namespaces = namespaces;
        this.provisioner = provisioner;
        this.users = users;
        this.audit = audit;
        this.reconcile = reconcile;
        this.clock = clock;
    }

    /**
     * The namespace's quarantine, if it has one (in force, or released and not yet restored). Developers: their
     * teams' namespaces only; another team's is refused like {@link Namespaces#find}.
     */
    @Transactional(readOnly = true)
    public Optional<Quarantine> of(UUID namespaceId) {
        CurrentUser user = users.require();
        Optional<ManagedNamespace> ns = namespaces.find(namespaceId);
        if (ns.isEmpty()) {
            return Optional.empty();
        }
        if (!user.canSeeTeam(ns.get().team())) {
            denied(user, "see a namespace of another team", ns.get().team());
        }
        return store.find(namespaceId);
    }

    /** Field → message for the reason (empty when it is fine): required, {@value #MIN_REASON} to {@value #MAX_REASON} characters. */
    public static Map<String, String> validateReason(@Nullable String reason) {
        String r = reason == null ? "" : reason.strip();
        if (r.indexOf('\u0000') >= 0) {
            return Map.of("reason", "Remove the NUL character.");
        }
        if (r.length() < MIN_REASON) {
            return Map.of("reason", "Say why in at least " + MIN_REASON + " characters.");
        }
        if (r.length() > MAX_REASON) {
            return Map.of("reason", "At most " + MAX_REASON + " characters.");
        }
        return Map.of();
    }

    /** Who decides, the stripped reason and the namespace, locked for the decision. */
    private record Decision(CurrentUser user, String reason, ManagedNamespace namespace) {}

    /**
     * The checks both decisions start with, in this order: a reviewer or admin (else refused and audited), a
     * valid reason (else field errors), the namespace locked (else "no such namespace").
     */
    private Decision decision(UUID namespaceId, @Nullable String reason, String action) {
        CurrentUser user = users.require();
        if (!user.hasAny(Role.REVIEWER, Role.ADMIN)) {
            denied(user, action, null);
        }
        Map<String, String> errors = validateReason(reason);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        ManagedNamespace ns = namespaces
                .lock(namespaceId)
                .orElseThrow(() -> new ValidationException(Map.of("id", NO_SUCH_NAMESPACE)));
        return new Decision(user, reason.strip(), ns);
    }

    /**
     * Reviewers and admins: quarantines a live namespace. All ingress and egress of its pods is denied (DNS
     * included), the team's binding is replaced by a view binding, and the team's own NetworkPolicies are parked;
     * the reconciler applies it at once. Refused per field when the reason is missing or too short, the namespace
     * is not live, or it is quarantined already.
     */
    @Transactional
    public Quarantine quarantine(UUID namespaceId, @Nullable String reason) {
        Decision d = decision(namespaceId, reason, "quarantine namespaces");
        CurrentUser user = d.user();
        String why = d.reason();
        ManagedNamespace ns = d.namespace();
        if (!ns.state().live()) {
            throw new ValidationException(Map.of(
                    "state",
                    "Only live namespaces can be quarantined (this one is "
                            + ns.state().label() + ")."));
        }
        Optional<Quarantine> existing = store.find(namespaceId);
        if (existing.isPresent()) {
            throw new ValidationException(Map.of(
                    "state",
                    existing.get().inForce()
                            ? "This namespace is quarantined already (by "
                                    + existing.get().byName() + ")."
                            : "The namespace is being released right now; quarantine it again once that is done."));
        }
        var now = clock.instant();
        if (!store.insert(namespaceId, why, user.subject(), user.displayName(), now)) {
            throw new ValidationException(Map.of("state", "Someone quarantined this namespace at the same time."));
        }
        namespaces.bumpGeneration(namespaceId, now);
        Map<String, Object> before = describe(ns, false);
        Map<String, Object> after = describe(ns, true);
        after.put("reason", why);
        audit.record(user, entry("namespace.quarantined", ns).change(before, after));
        reconcile.afterCommit(namespaceId);
        return store.find(namespaceId).orElseThrow();
    }

    /**
     * Reviewers and admins: releases a quarantined namespace with a reason. The reconciler renders it exactly as
     * before the quarantine and puts back the team's parked NetworkPolicies. Refused per field when it is not
     * quarantined or the reason is missing or too short.
     */
    @Transactional
    public Quarantine release(UUID namespaceId, @Nullable String reason) {
        Decision d = decision(namespaceId, reason, "release quarantined namespaces");
        CurrentUser user = d.user();
        String why = d.reason();
        ManagedNamespace ns = d.namespace();
        Quarantine q = store.find(namespaceId)
                .filter(Quarantine::inForce)
                .orElseThrow(() -> new ValidationException(Map.of("state", "This namespace is not quarantined.")));
        var now = clock.instant();
        if (!store.release(namespaceId, why, user.subject(), user.displayName(), now)) {
            throw new ValidationException(Map.of("state", "Someone released this namespace at the same time."));
        }
        namespaces.bumpGeneration(namespaceId, now);
        Map<String, Object> before = describe(ns, true);
        before.put("reason", q.reason());
        before.put("quarantinedBy", q.byName());
        Map<String, Object> after = describe(ns, false);
        after.put("reason", why);
        List<String> parked = List.copyOf(store.parked(namespaceId).keySet());
        if (!parked.isEmpty()) {
            after.put("teamNetworkPoliciesRestored", parked);
        }
        audit.record(user, entry("namespace.released", ns).change(before, after));
        reconcile.afterCommit(namespaceId);
        return store.find(namespaceId).orElseThrow();
    }

    /** The quarantine-relevant objects of the namespace in or out of quarantine, for the audit's before/after. */
    private Map<String, Object> describe(ManagedNamespace ns, boolean quarantined) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quarantined", quarantined);
        try {
            m.putAll(provisioner.networkAndAccess(ns, quarantined));
        } catch (RuntimeException e) {
            return m; // a tier version that cannot be rendered: the reconciler reports it
        }
        if (quarantined) {
            m.put("teamNetworkPolicies", "parked while quarantined");
        }
        return m;
    }

    private void denied(CurrentUser user, String action, @Nullable String team) {
        audit.recordIndependently(user, AuditEntry.accessDenied(action, team), null);
        throw new AccessDeniedException(action, "not allowed for " + user.displayName());
    }

    private static AuditEntry entry(String action, ManagedNamespace ns) {
        return AuditEntry.of(action)
                .target("namespace", ns.id().toString())
                .team(ns.team())
                .location(ns.cluster(), ns.name());
    }
}
