package io.bulkhead.exceptions;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.compliance.Compliance;
import io.bulkhead.exceptions.internal.ExceptionStore;
import io.bulkhead.exceptions.internal.ExpiryScheduler;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.ValidationException;
import io.bulkhead.provisioning.ExemptionsChanged;
import io.bulkhead.provisioning.ManagedNamespace;
import io.bulkhead.provisioning.Namespaces;
import io.bulkhead.tiers.TierBundle;
import io.bulkhead.tiers.Tiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Exceptions as a service. A team member requests an exception for one of the team's namespaces; reviewers (never
 * the requester) approve or reject it, the sensitive tier needing two approvals from two reviewers; once fully
 * approved it is Active, and provisioning re-renders the namespace with the hole; it closes at expiry or when a
 * reviewer revokes it. Decisions use optimistic locking, so two reviewers deciding at the same moment produce
 * exactly one outcome (the slower one gets a {@link ValidationException} on field {@code state}). Every step is
 * audited with the exception as target; every read and action checks role and team here.
 */
@Service
public class PolicyExceptions {
    public static final int MAX_COMMENT = 1000;
    public static final int MIN_REASON = 5;
    /** Where the UI shows one exception (used as the link of notifications). */
    public static final String LINK_PREFIX = "exceptions/";

    private final ExceptionStore store;
    private final Namespaces namespaces;
    private final Tiers tiers;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final ExpiryScheduler expiry;
    private final Compliance compliance;

    PolicyExceptions(
            ExceptionStore store,
            Namespaces namespaces,
            Tiers tiers,
            CurrentUsers users,
            AuditTrail audit,
            Clock clock,
            ApplicationEventPublisher events,
            ExpiryScheduler expiry,
            Compliance compliance) {
        this.store = store;
        this.namespaces = namespaces;
        this.tiers = tiers;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
        this.expiry = expiry;
        this.compliance = compliance;
    }

    /**
     * The controls that can be excepted in the namespace (for the request form), as the findings name them. Any
     * signed-in user (the catalog and the tier are the same for every team; nothing of the namespace is read).
     */
    @Transactional(readOnly = true)
    public List<Controls.Control> controlsFor(UUID namespaceId) {
        users.require();
        ManagedNamespace ns = namespace(namespaceId);
        return Controls.applicable(bundle(ns), ns.quotaPreset(), compliance.controls());
    }

    /**
     * What the exception would change in the cluster, for the request form: Bulkhead's mapping of the control to
     * its mechanism. Only for the user's own teams' namespaces; a request without namespace or with a control that
     * cannot be excepted there gets a {@link ValidationException} on that field.
     */
    @Transactional(readOnly = true)
    public ClusterChange previewChange(ExceptionRequest r) {
        CurrentUser user = users.require();
        ManagedNamespace ns = namespace(r.namespaceId());
        if (!user.isMemberOf(ns.team())) {
            denied(user, "preview exceptions for a namespace of another team", ns.team());
        }
        TierBundle bundle = bundle(ns);
        String control = r.control() == null ? "" : r.control().strip();
        Controls.Control c = Controls.applicable(bundle, ns.quotaPreset(), compliance.controls()).stream()
                .filter(x -> x.id().equals(control))
                .findFirst()
                .orElseThrow(() -> new ValidationException(Map.of("control", "Choose a control to except.")));
        boolean workloads = r.scope() == ExceptionScope.WORKLOADS;
        List<String> names = workloads ? Controls.workloadNames(r.workloads()) : List.of();
        String container = workloads
                        && names.size() == 1
                        && r.container() != null
                        && !r.container().isBlank()
                ? r.container().strip()
                : null;
        return Controls.clusterChange(
                mechanism(control, r.value(), bundle),
                bundle,
                ns.name(),
                c.title(),
                Controls.scopeText(workloads, r.workloadKind(), names, container),
                names,
                container,
                ns.quotaPreset());
    }

    /** What an exception changes (or changed) in the cluster, as the reviewer sees it. Developers: their teams. */
    @Transactional(readOnly = true)
    public ClusterChange clusterChange(UUID id) {
        PolicyException e = visible(users.require(), id);
        ManagedNamespace ns = namespace(e.namespaceId());
        return Controls.clusterChange(
                e.clusterMechanism(),
                bundle(ns),
                e.namespace(),
                controlTitle(e.control()),
                Controls.scopeText(e),
                e.scope() == ExceptionScope.WORKLOADS ? e.workloads() : List.of(),
                e.container(),
                ns.quotaPreset());
    }

    private String controlTitle(String control) {
        return Controls.title(control, compliance.controls());
    }

    private Controls.Mechanism mechanism(String control, @Nullable String value, TierBundle bundle) {
        if (control.equals(Controls.EGRESS) || control.equals(Controls.QUOTA)) {
            return new Controls.Mechanism(control, value == null ? null : value.strip());
        }
        return compliance
                .control(control)
                .map(c -> Controls.mechanism(c, bundle))
                .orElse(new Controls.Mechanism(Controls.NO_CHANGE, null));
    }

    /** Field → message for everything wrong with the request (empty when it can be submitted). */
    @Transactional(readOnly = true)
    public Map<String, String> validate(ExceptionRequest r) {
        CurrentUser user = users.require();
        Map<String, String> errors = new LinkedHashMap<>();
        if (r.namespaceId() == null) {
            errors.put("namespace", "Choose one of your team's namespaces.");
            return errors;
        }
        Optional<ManagedNamespace> found = namespaces.find(r.namespaceId());
        if (found.isEmpty()) {
            errors.put("namespace", "No such namespace.");
            return errors;
        }
        ManagedNamespace ns = found.get();
        if (!user.isMemberOf(ns.team())) {
            errors.put("namespace", "You can only request exceptions for your own teams' namespaces.");
        } else if (!ns.state().live()) {
            errors.put(
                    "namespace",
                    "Exceptions can only be requested for provisioned namespaces (this one is "
                            + ns.state().label() + ").");
        }
        errors.putAll(Controls.validate(r, bundle(ns), ns.quotaPreset(), compliance.controls()));
        if (r.renewalOf() != null) {
            Optional<PolicyException> previous = store.find(r.renewalOf());
            if (previous.isEmpty() || !previous.get().namespaceId().equals(ns.id())) {
                errors.put("renewalOf", "The exception to renew is not one of this namespace.");
            } else if (previous.get().state() != ExceptionState.ACTIVE
                    && previous.get().state() != ExceptionState.EXPIRED) {
                errors.put(
                        "renewalOf",
                        "Only an active or expired exception can be renewed (this one is "
                                + previous.get().state().label() + ").");
            } else if (!previous.get().control().equals(r.control())) {
                errors.put(
                        "renewalOf",
                        "A renewal must be for the same control ("
                                + previous.get().control() + ").");
            }
        }
        return errors;
    }

    /** Submits a request; nothing is stored when it is invalid ({@link ValidationException} per field). */
    @Transactional
    public PolicyException request(ExceptionRequest r) {
        CurrentUser user = users.require();
        if (r.namespaceId() != null) {
            Optional<ManagedNamespace> ns = namespaces.find(r.namespaceId());
            if (ns.isPresent() && !user.isMemberOf(ns.get().team())) {
                denied(
                        user,
                        "request exceptions for a namespace of another team",
                        ns.get().team());
            }
        }
        Map<String, String> errors = validate(r);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        ManagedNamespace ns = namespace(r.namespaceId());
        TierBundle bundle = bundle(ns);
        Instant now = clock.instant();
        boolean workloads = r.scope() == ExceptionScope.WORKLOADS;
        String control = r.control().strip();
        String value =
                r.value() == null || r.value().isBlank() ? null : r.value().strip();
        if (value != null && control.equals(Controls.EGRESS)) {
            String[] p = value.split(",", -1);
            value = Controls.egressValue(p[0], Integer.valueOf(p[1].strip()), p[2]);
        }
        Controls.Mechanism mechanism = mechanism(control, value, bundle);
        List<String> names = workloads ? Controls.workloadNames(r.workloads()) : List.of();
        String container = workloads
                        && names.size() == 1
                        && r.container() != null
                        && !r.container().isBlank()
                ? r.container().strip()
                : null;
        PolicyException e = new PolicyException(
                UUID.randomUUID(),
                ns.id(),
                ns.team(),
                ns.cluster(),
                ns.name(),
                ns.tier(),
                control,
                value,
                r.scope(),
                names,
                r.justification().strip(),
                r.ticketUrl() == null || r.ticketUrl().isBlank()
                        ? null
                        : r.ticketUrl().strip(),
                r.durationDays(),
                ExceptionState.PENDING,
                user.subject(),
                user.displayName(),
                now,
                Math.max(1, bundle.exceptions().approvalsRequired()),
                0,
                null,
                null,
                null,
                null,
                r.renewalOf(),
                0,
                now,
                workloads ? r.workloadKind() : null,
                container,
                mechanism.id(),
                mechanism.value());
        store.insert(e);
        audit.record(user, entry("exception.requested", e).change(null, describe(e)));
        store.notifyRole(
                Role.REVIEWER.name(),
                user.displayName() + " requests an exception (" + controlTitle(e.control()) + ") for " + e.cluster()
                        + "/"
                        + e.namespace() + (e.renewalOf() == null ? "" : ", renewing " + shortId(e.renewalOf()))
                        + ".",
                LINK_PREFIX + e.id(),
                now);
        return e;
    }

    /**
     * A reviewer approves (never their own request) with a comment of at least {@link #MIN_REASON} characters saying
     * what was checked; the last approval needed makes it Active.
     */
    @Transactional
    public PolicyException approve(UUID id, @Nullable String comment) {
        return decide(id, comment, true);
    }

    /** A reviewer rejects with a comment saying why; that ends the request. */
    @Transactional
    public PolicyException reject(UUID id, @Nullable String comment) {
        return decide(id, comment, false);
    }

    private PolicyException decide(UUID id, @Nullable String comment, boolean approve) {
        CurrentUser user = users.require();
        String action = approve ? "approve exceptions" : "reject exceptions";
        if (!user.has(Role.REVIEWER)) {
            denied(user, action, null);
        }
        PolicyException e = existing(id);
        if (e.requestedBy().equals(user.subject())) {
            denied(user, "decide on their own exception request", e.team());
        }
        String c = approve ? approvalComment(comment) : comment(comment, true);
        if (e.state() != ExceptionState.PENDING) {
            throw new ValidationException(Map.of(
                    "state", "This request was already decided (" + e.state().label() + ")."));
        }
        if (store.decisions(id).stream().anyMatch(d -> d.reviewer().equals(user.subject()))) {
            throw new ValidationException(Map.of(
                    "state", "You already decided on this request; another reviewer must give the next approval."));
        }
        Instant now = clock.instant();
        try {
            store.insertDecision(new ExceptionDecision(
                    id,
                    user.subject(),
                    user.displayName(),
                    approve ? ExceptionDecision.Kind.APPROVE : ExceptionDecision.Kind.REJECT,
                    c,
                    now));
        } catch (DuplicateKeyException ex) {
            throw new ValidationException(Map.of("state", "You already decided on this request."));
        }
        int approvals = e.approvals() + (approve ? 1 : 0);
        boolean complete = approve && approvals >= e.approvalsRequired();
        ExceptionState to = !approve ? ExceptionState.REJECTED : complete ? ExceptionState.ACTIVE : e.state();
        Instant expiresAt = complete ? now.plus(Duration.ofDays(e.durationDays())) : null;
        if (!store.transition(
                id, e.version(), to, approvals, complete ? now : null, expiresAt, approve ? null : c, now)) {
            throw new ValidationException(
                    Map.of("state", "Another reviewer decided on this request at the same time; reload."));
        }
        if (!approve) {
            audit.record(
                    user,
                    entry("exception.rejected", e)
                            .change(Map.of("state", "PENDING"), Map.of("state", "REJECTED", "comment", c)));
            store.notifySubject(
                    e.requestedBy(),
                    "Your exception (" + controlTitle(e.control()) + ") for " + e.cluster() + "/" + e.namespace()
                            + " was rejected by " + user.displayName() + ": " + c,
                    LINK_PREFIX + id,
                    now);
            return existing(id);
        }
        audit.record(
                user,
                entry("exception.approved", e)
                        .change(
                                Map.of("state", "PENDING", "approvals", e.approvals()),
                                Map.of(
                                        "state",
                                        complete ? "APPROVED" : "PENDING",
                                        "approvals",
                                        approvals + " of " + e.approvalsRequired(),
                                        "comment",
                                        c)));
        if (!complete) {
            store.notifySubject(
                    e.requestedBy(),
                    user.displayName() + " approved your exception (" + controlTitle(e.control()) + ") for "
                            + e.cluster() + "/"
                            + e.namespace() + "; it needs " + (e.approvalsRequired() - approvals)
                            + " more approval(s) from another reviewer.",
                    LINK_PREFIX + id,
                    now);
            return existing(id);
        }
        audit.record(
                CurrentUser.SYSTEM,
                entry("exception.activated", e)
                        .change(
                                Map.of("state", "APPROVED"),
                                Map.of("state", "ACTIVE", "expiresAt", expiresAt.toString())));
        store.notifySubject(
                e.requestedBy(),
                "Your exception (" + controlTitle(e.control()) + ") for " + e.cluster() + "/" + e.namespace()
                        + " was approved and is active until " + Notification.textTime(expiresAt) + ".",
                LINK_PREFIX + id,
                now);
        events.publishEvent(new ExemptionsChanged(e.namespaceId()));
        expiry.scheduleAfterCommit(id, expiresAt);
        return existing(id);
    }

    /** The requester withdraws their request while it is pending. */
    @Transactional
    public PolicyException withdraw(UUID id) {
        CurrentUser user = users.require();
        PolicyException e = visible(user, id);
        if (!e.requestedBy().equals(user.subject())) {
            denied(user, "withdraw exception requests of someone else", e.team());
        }
        if (e.state() != ExceptionState.PENDING) {
            throw new ValidationException(Map.of(
                    "state",
                    "Only a pending request can be withdrawn (this one is "
                            + e.state().label() + ")."));
        }
        Instant now = clock.instant();
        if (!store.transition(id, e.version(), ExceptionState.WITHDRAWN, e.approvals(), null, null, "Withdrawn", now)) {
            throw new ValidationException(Map.of("state", "The request was decided at the same time; reload."));
        }
        audit.record(
                user, entry("exception.withdrawn", e).change(Map.of("state", "PENDING"), Map.of("state", "WITHDRAWN")));
        return existing(id);
    }

    /** A reviewer revokes an approved or active exception, with a reason; the hole is closed in the cluster. */
    @Transactional
    public PolicyException revoke(UUID id, @Nullable String comment) {
        CurrentUser user = users.require();
        if (!user.hasAny(Role.REVIEWER, Role.ADMIN)) {
            denied(user, "revoke exceptions", null);
        }
        PolicyException e = existing(id);
        String c = comment(comment, true);
        if (!e.state().inForce()) {
            throw new ValidationException(Map.of(
                    "state",
                    "Only an approved or active exception can be revoked (this one is "
                            + e.state().label() + ")."));
        }
        Instant now = clock.instant();
        if (!store.transition(
                id, e.version(), ExceptionState.REVOKED, e.approvals(), e.activatedAt(), e.expiresAt(), c, now)) {
            throw new ValidationException(Map.of("state", "The exception changed at the same time; reload."));
        }
        store.insertDecision(
                new ExceptionDecision(id, user.subject(), user.displayName(), ExceptionDecision.Kind.REVOKE, c, now));
        audit.record(
                user,
                entry("exception.revoked", e)
                        .change(Map.of("state", e.state().name()), Map.of("state", "REVOKED", "comment", c)));
        store.notifySubject(
                e.requestedBy(),
                "Your exception (" + controlTitle(e.control()) + ") for " + e.cluster() + "/" + e.namespace()
                        + " was revoked by " + user.displayName() + ": " + c,
                LINK_PREFIX + id,
                now);
        events.publishEvent(new ExemptionsChanged(e.namespaceId()));
        return existing(id);
    }

    /** One exception, if the user may see it (developers: their teams' only). */
    @Transactional(readOnly = true)
    public Optional<PolicyException> find(UUID id) {
        CurrentUser user = users.require();
        Optional<PolicyException> e = store.find(id);
        if (e.isPresent() && !user.canSeeTeam(e.get().team())) {
            denied(user, "see an exception of another team", e.get().team());
        }
        return e;
    }

    /** The reviewers' decisions on an exception, oldest first. */
    @Transactional(readOnly = true)
    public List<ExceptionDecision> decisions(UUID id) {
        visible(users.require(), id);
        return store.decisions(id);
    }

    /** Filter for lists; null = any. Developers are limited to their teams whatever they ask for. */
    public record Filter(
            @Nullable UUID namespaceId, @Nullable Set<ExceptionState> states, boolean mineOnly) {
        public static final Filter ALL = new Filter(null, null, false);
    }

    /** Exceptions the user may see, oldest request first. */
    @Transactional(readOnly = true)
    public List<PolicyException> list(Filter f, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 500) {
            throw new IllegalArgumentException("Page must start at 0 or later and hold 1 to 500 rows.");
        }
        return store.list(query(f), offset, limit);
    }

    @Transactional(readOnly = true)
    public int count(Filter f) {
        return store.count(query(f));
    }

    private ExceptionStore.Query query(Filter f) {
        CurrentUser user = users.require();
        return new ExceptionStore.Query(
                user.seesAllTeams() ? null : user.teams(),
                f.namespaceId(),
                f.states(),
                f.mineOnly() ? user.subject() : null);
    }

    /**
     * Exception debt per team the user may see (developers: their teams): open exceptions, their mean age and those
     * ending within 7 days. Teams without open exceptions are left out.
     */
    @Transactional(readOnly = true)
    public List<ExceptionDebt> debt() {
        CurrentUser user = users.require();
        Instant now = clock.instant();
        return store.debt(user.seesAllTeams() ? null : user.teams(), now, now.plus(Duration.ofDays(7)));
    }

    /** Requests waiting for a decision, oldest first (reviewers). */
    @Transactional(readOnly = true)
    public List<PolicyException> reviewQueue() {
        CurrentUser user = users.require();
        user.require("see the exception review queue", Role.REVIEWER, Role.ADMIN);
        return store.list(new ExceptionStore.Query(null, null, Set.of(ExceptionState.PENDING), null), 0, 500);
    }

    private PolicyException visible(CurrentUser user, UUID id) {
        PolicyException e = existing(id);
        if (!user.canSeeTeam(e.team())) {
            denied(user, "see an exception of another team", e.team());
        }
        return e;
    }

    private PolicyException existing(UUID id) {
        return store.find(id).orElseThrow(() -> new ValidationException(Map.of("id", "No such exception.")));
    }

    private ManagedNamespace namespace(@Nullable UUID id) {
        if (id == null) {
            throw new ValidationException(Map.of("namespace", "Choose a namespace."));
        }
        return namespaces
                .find(id)
                .orElseThrow(() -> new ValidationException(Map.of("namespace", "No such namespace.")));
    }

    private TierBundle bundle(ManagedNamespace ns) {
        return tiers.bundle(ns.tier(), ns.tierVersion())
                .orElseThrow(() ->
                        new IllegalStateException("Tier " + ns.tier() + " v" + ns.tierVersion() + " is not published"));
    }

    /** An approval says what the reviewer checked: a comment of at least {@link #MIN_REASON} characters. */
    private static String approvalComment(@Nullable String comment) {
        String c = comment == null ? "" : comment.strip();
        if (c.length() < MIN_REASON) {
            throw new ValidationException(Map.of(
                    "comment", "Say what you checked before approving (at least " + MIN_REASON + " characters)."));
        }
        return comment(c, false);
    }

    private static String comment(@Nullable String comment, boolean reasonRequired) {
        String c = comment == null ? "" : comment.strip();
        if (reasonRequired && c.length() < MIN_REASON) {
            throw new ValidationException(Map.of("comment", "Say why (at least " + MIN_REASON + " characters)."));
        }
        if (c.length() > MAX_COMMENT) {
            throw new ValidationException(Map.of("comment", "At most " + MAX_COMMENT + " characters."));
        }
        return c;
    }

    private void denied(CurrentUser user, String action, @Nullable String team) {
        audit.recordIndependently(user, AuditEntry.accessDenied(action, team), null);
        throw new AccessDeniedException(action, "not allowed for " + user.displayName());
    }

    /** The audit entry of a step of {@code e}: team, cluster and namespace set, the exception as target. */
    public static AuditEntry entry(String action, PolicyException e) {
        return AuditEntry.of(action)
                .target("exception", e.id().toString())
                .team(e.team())
                .location(e.cluster(), e.namespace());
    }

    private static Map<String, Object> describe(PolicyException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("control", e.control());
        if (e.value() != null) {
            m.put("value", e.value());
        }
        m.put("scope", e.scope().name());
        if (!e.workloads().isEmpty()) {
            m.put("workloads", e.workloads());
        }
        if (e.workloadKind() != null) {
            m.put("workloadKind", e.workloadKind());
        }
        if (e.container() != null) {
            m.put("container", e.container());
        }
        m.put("clusterChange", e.mechanism() + (e.mechanismValue() == null ? "" : " " + e.mechanismValue()));
        m.put("justification", e.justification());
        if (e.ticketUrl() != null) {
            m.put("ticketUrl", e.ticketUrl());
        }
        m.put("durationDays", e.durationDays());
        m.put("approvalsRequired", e.approvalsRequired());
        if (e.renewalOf() != null) {
            m.put("renewalOf", e.renewalOf().toString());
        }
        m.put("state", e.state().name());
        return m;
    }

    private static String shortId(UUID id) {
        return id.toString().substring(0, 8);
    }
}
