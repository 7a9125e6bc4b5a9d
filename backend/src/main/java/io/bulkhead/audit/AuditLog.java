package io.bulkhead.audit;

import io.bulkhead.audit.internal.AuditAnchoring;
import io.bulkhead.audit.internal.AuditStore;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.identity.Role;
import io.bulkhead.platform.Csv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading the audit trail: lazy pages, CSV export and chain verification. Developers see their teams' events and
 * their own; reviewers, managers and admins see everything. Verification and checkpoints are for admins (and the
 * command line).
 */
@Service
public class AuditLog {

    public static final int MAX_PAGE = 500;
    private final AuditStore store;
    private final CurrentUsers users;
    private final AuditTrail trail;
    private final AuditAnchoring anchoring;
    private final ObjectProvider<AuditTargetNames> namers;

    AuditLog(
            AuditStore store,
            CurrentUsers users,
            AuditTrail trail,
            AuditAnchoring anchoring,
            ObjectProvider<AuditTargetNames> namers) {
        this.store = store;
        this.namers = namers;
        this.anchoring = anchoring;
        this.users = users;
        this.trail = trail;
    }

    @Transactional(readOnly = true)
    public List<AuditEvent> page(AuditFilter filter, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("Page must start at 0 or later and hold 1 to " + MAX_PAGE + " rows.");
        }
        return store.page(filter, scopeOf(users.require()), offset, limit);
    }

    /**
     * The newest {@code limit} events about any of {@code targetIds} (exact ids: a namespace and its exceptions, in
     * one query rather than one per target), scoped as {@link #page} scopes them.
     */
    @Transactional(readOnly = true)
    public List<AuditEvent> forTargets(java.util.Collection<String> targetIds, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("Ask for 1 to " + MAX_PAGE + " events.");
        }
        if (targetIds.size() > MAX_PAGE) {
            throw new IllegalArgumentException("Ask for at most " + MAX_PAGE + " targets at once.");
        }
        return store.forTargets(targetIds, scopeOf(users.require()), limit);
    }

    /**
     * {@link #page} with every target named for people, resolved in one query per target type for the whole page
     * (never per row). A target nobody can name any more keeps its raw form.
     */
    @Transactional(readOnly = true)
    public List<NamedAuditEvent> namedPage(AuditFilter filter, int offset, int limit) {
        return name(page(filter, offset, limit));
    }

    /**
     * Names the targets of events read elsewhere (one query per target type). Only events the caller may see are
     * named and returned (a developer: those of their teams or by themselves), as {@link #page} scopes them.
     */
    @Transactional(readOnly = true)
    public List<NamedAuditEvent> name(List<AuditEvent> given) {
        CurrentUser user = users.require();
        List<AuditEvent> events = user.seesAllTeams()
                ? given
                : given.stream()
                        .filter(e -> (e.team() != null && user.teams().contains(e.team()))
                                || user.subject().equals(e.actorSubject()))
                        .toList();
        Map<String, Set<String>> idsByType = new HashMap<>();
        for (AuditEvent e : events) {
            if (e.targetType() != null && e.targetId() != null) {
                idsByType.computeIfAbsent(e.targetType(), t -> new HashSet<>()).add(e.targetId());
            }
        }
        Map<String, Map<String, String>> names = new HashMap<>();
        namers.orderedStream().forEach(n -> {
            Set<String> ids = idsByType.get(n.targetType());
            if (ids != null && !names.containsKey(n.targetType())) {
                names.put(n.targetType(), n.names(ids));
            }
        });
        return events.stream()
                .map(e -> new NamedAuditEvent(e, AuditTargets.name(e, names.getOrDefault(e.targetType(), Map.of()))))
                .toList();
    }

    @Transactional(readOnly = true)
    public int count(AuditFilter filter) {
        return store.count(filter, scopeOf(users.require()));
    }

    /**
     * Writes the filtered events as CSV (RFC 4180; cells that a spreadsheet would run as formulas are quoted), and
     * records the export (so the transaction is not read-only).
     */
    @Transactional
    public void exportCsv(AuditFilter filter, Writer out) {
        CurrentUser user = users.require();
        try {
            out.write("seq,occurred_at,actor,actor_name,action,outcome,target,team,cluster,namespace,source_ip,"
                    + "before,after,hash\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.forEach(filter, scopeOf(user), e -> {
            try {
                out.write(String.join(
                                ",",
                                Long.toString(e.seq()),
                                DateTimeFormatter.ISO_INSTANT.format(e.occurredAt()),
                                cell(e.actorSubject()),
                                cell(e.actorName()),
                                cell(e.action()),
                                e.outcome().name(),
                                cell(e.target()),
                                cell(e.team()),
                                cell(e.cluster()),
                                cell(e.namespace()),
                                cell(e.sourceIp()),
                                cell(e.before()),
                                cell(e.after()),
                                e.hash())
                        + "\r\n");
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        trail.record(user, AuditEntry.of("audit.exported").change(null, filterMap(filter)));
    }

    /**
     * Admin-only: verifies the whole chain (hash links, MACs, the latest signed checkpoint and the chain head) and
     * records that it did.
     */
    @Transactional
    public ChainVerification verify() {
        CurrentUser user = users.require();
        user.require("verify the audit chain", Role.ADMIN);
        ChainVerification result = anchoring.verify();
        trail.record(
                user,
                AuditEntry.of("audit.verified")
                        .change(null, java.util.Map.of("ok", result.ok(), "checked", result.checked())));
        return result;
    }

    /** Verification without a signed-in user, for the command line entry point. */
    @Transactional(readOnly = true)
    public ChainVerification verifyAsSystem() {
        return anchoring.verify();
    }

    /**
     * Admin-only: checkpoints the chain head now (besides the periodic checkpoint): verifies the events since the
     * latest checkpoint and appends a signed checkpoint to the checkpoint file, then records that it did. Not
     * transactional on purpose: the checkpoint must cover committed events only.
     *
     * @throws IllegalStateException with a message for the admin when the chain is broken (nothing is written)
     */
    public AuditCheckpoint checkpoint() {
        CurrentUser user = users.require();
        user.require("checkpoint the audit chain", Role.ADMIN);
        AuditAnchoring.Outcome o = anchoring.checkpoint();
        if (o.refusal() != null) {
            trail.record(
                    user,
                    AuditEntry.of("audit.checkpointed")
                            .outcome(AuditOutcome.FAILED)
                            .change(null, java.util.Map.of("reason", o.refusal().summary())));
            throw new IllegalStateException("Not checkpointed: " + o.refusal().summary());
        }
        var cp = o.checkpoint();
        if (cp == null) {
            return new AuditCheckpoint(0, null, false);
        }
        trail.record(
                user,
                AuditEntry.of("audit.checkpointed")
                        .change(null, java.util.Map.of("seq", cp.seq(), "written", o.written())));
        return new AuditCheckpoint(cp.seq(), cp.at(), o.written());
    }

    private static AuditStore.@Nullable Scope scopeOf(CurrentUser user) {
        return user.seesAllTeams() ? null : new AuditStore.Scope(user.teams(), user.subject());
    }

    private static java.util.Map<String, Object> filterMap(AuditFilter f) {
        var m = new java.util.TreeMap<String, Object>();
        if (f.from() != null) m.put("from", f.from().toString());
        if (f.to() != null) m.put("to", f.to().toString());
        if (f.actor() != null) m.put("actor", f.actor());
        if (f.action() != null) m.put("action", f.action());
        if (f.team() != null) m.put("team", f.team());
        if (f.target() != null) m.put("target", f.target());
        return m;
    }

    static String cell(@Nullable String v) {
        return Csv.cell(v);
    }
}
