package io.bulkhead.inventory;

import io.bulkhead.audit.AuditEntry;
import io.bulkhead.audit.AuditTrail;
import io.bulkhead.identity.AccessDeniedException;
import io.bulkhead.identity.CurrentUser;
import io.bulkhead.identity.CurrentUsers;
import io.bulkhead.inventory.internal.InventoryQueryStore;
import io.bulkhead.platform.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inventory as users read it: which workloads run which images, in which cluster, namespace and team. Every
 * method needs a signed-in user; developers see only their teams' namespaces (the team of a namespace is the one
 * it is managed for), in every listing, count, lookup and export; reviewers, managers and admins see all. Asking
 * for a team one may not see is denied and recorded in the audit trail.
 */
@Service
public class InventoryQueries {
    /** Largest page {@link #page} serves. */
    public static final int MAX_PAGE = 500;

    /** At most this many workloads are listed by {@link #whereRuns}. */
    public static final int MAX_USAGE_WORKLOADS = 1000;

    static final String CSV_HEADER =
            "cluster,team,namespace,kind,workload,container,init,image,registry,repository,tag,digest,observed_at\r\n";

    private final InventoryQueryStore store;
    private final CurrentUsers users;
    private final AuditTrail audit;

    InventoryQueries(InventoryQueryStore store, CurrentUsers users, AuditTrail audit) {
        this.store = store;
        this.users = users;
        this.audit = audit;
    }

    /** One page of workloads matching the filter, sorted ({@code limit} 1 to {@link #MAX_PAGE}). */
    @Transactional(readOnly = true)
    public List<InventoryRow> page(InventoryFilter filter, InventorySort sort, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new ValidationException(
                    Map.of("page", "A page starts at 0 or later and holds 1 to " + MAX_PAGE + " rows."));
        }
        return store.page(filter, scope(filter, "list the inventory"), sort, offset, limit);
    }

    /** Number of workloads matching the filter (for lazy grids). */
    @Transactional(readOnly = true)
    public int count(InventoryFilter filter) {
        return store.count(filter, scope(filter, "count the inventory"));
    }

    /** Whether the user sees any workload at all (to tell "nothing synced yet" from "no match"). */
    @Transactional(readOnly = true)
    public boolean any() {
        return store.any(scope(InventoryFilter.ALL, "list the inventory"));
    }

    /** Clusters and teams that have workloads the user may see, and the workload kinds. */
    @Transactional(readOnly = true)
    public InventoryOptions options() {
        InventoryQueryStore.Scope scope = scope(InventoryFilter.ALL, "list the inventory");
        return new InventoryOptions(store.clusters(scope), store.teams(scope), InventoryFilter.KINDS);
    }

    /**
     * Every container, in every cluster and namespace the user may see, that runs the image: a reference ({@code
     * nginx:1.27}, {@code ghcr.io/org/app@sha256:…}), a repository ({@code nginx}, {@code ghcr.io/org/app}: any tag)
     * or a digest alone. See {@link ImagePattern} for how the input is normalised.
     *
     * @throws ValidationException (field {@code image}) when the input is not an image reference
     */
    @Transactional(readOnly = true)
    public ImageUsages whereRuns(@Nullable String image) {
        CurrentUser user = users.require();
        ImagePattern pattern = ImagePattern.parse(image);
        List<InventoryRow> rows = store.running(pattern, scopeOf(user), MAX_USAGE_WORKLOADS + 1);
        boolean truncated = rows.size() > MAX_USAGE_WORKLOADS;
        List<ImageUsage> usages = new ArrayList<>();
        for (InventoryRow r : truncated ? rows.subList(0, MAX_USAGE_WORKLOADS) : rows) {
            for (InventoryRow.Container c : r.containers()) {
                if (pattern.matches(c.image())) {
                    usages.add(new ImageUsage(
                            r.cluster(),
                            r.team(),
                            r.namespace(),
                            r.kind(),
                            r.name(),
                            c.name(),
                            c.init(),
                            c.image(),
                            r.observedAt()));
                }
            }
        }
        return new ImageUsages(pattern, usages, truncated);
    }

    /**
     * Writes the filtered inventory as CSV, one line per container (RFC 4180, CRLF; cells a spreadsheet would run
     * as a formula are prefixed with {@code '}), in the given order, and records the export in the audit trail.
     */
    @Transactional
    public void exportCsv(InventoryFilter filter, InventorySort sort, Writer out) {
        CurrentUser user = users.require();
        InventoryQueryStore.Scope scope = scope(filter, "export the inventory");
        write(out, CSV_HEADER);
        store.forEach(filter, scope, sort, r -> {
            for (InventoryRow.Container c : r.containers()) {
                ImageRef i = c.image();
                write(
                        out,
                        String.join(
                                        ",",
                                        csv(r.cluster()),
                                        csv(r.team()),
                                        csv(r.namespace()),
                                        csv(r.kind()),
                                        csv(r.name()),
                                        csv(c.name()),
                                        Boolean.toString(c.init()),
                                        csv(i.reference()),
                                        csv(i.registry()),
                                        csv(i.repository()),
                                        csv(i.tag()),
                                        csv(i.digest()),
                                        DateTimeFormatter.ISO_INSTANT.format(r.observedAt()))
                                + "\r\n");
            }
        });
        audit.record(user, AuditEntry.of("inventory.exported").change(null, filter.asMap()));
    }

    private InventoryQueryStore.Scope scope(InventoryFilter filter, String action) {
        CurrentUser user = users.require();
        if (filter.team() != null && !user.canSeeTeam(filter.team())) {
            audit.recordIndependently(
                    user, AuditEntry.accessDenied(action + " of team " + filter.team(), filter.team()), null);
            throw new AccessDeniedException(action, "not a member of team " + filter.team());
        }
        return scopeOf(user);
    }

    private static InventoryQueryStore.Scope scopeOf(CurrentUser user) {
        return user.seesAllTeams() ? InventoryQueryStore.Scope.ALL : new InventoryQueryStore.Scope(user.teams());
    }

    private static void write(Writer out, String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One CSV cell: formula-like starts are prefixed with {@code '}, then quoted when needed (RFC 4180). */
    static String csv(@Nullable String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
