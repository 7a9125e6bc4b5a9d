package io.bulkhead.inventory.internal;

import static io.bulkhead.db.jooq.Tables.INVENTORY_WORKLOAD;
import static io.bulkhead.db.jooq.Tables.MANAGED_NAMESPACE;

import io.bulkhead.inventory.ImagePattern;
import io.bulkhead.inventory.InventoryFilter;
import io.bulkhead.inventory.InventoryRow;
import io.bulkhead.inventory.InventorySort;
import io.bulkhead.inventory.PodTemplateFacts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectConditionStep;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read side of the inventory for users: workloads joined with the managed namespace they live in (for the team),
 * scoped to teams, filtered, sorted and paged in SQL. The image lookup uses the gin index on {@code images} (every
 * reference and {@code registry/repository}) and jsonb containment on the template for tag and digest.
 */
@Repository
public class InventoryQueryStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Field<String> IMAGES_TEXT =
            DSL.lower(DSL.field("array_to_string({0}, E'\\n')", String.class, INVENTORY_WORKLOAD.IMAGES));
    private static final List<String> GONE = List.of("DELETED", "REJECTED");

    private final DSLContext db;

    InventoryQueryStore(DSLContext db) {
        this.db = db;
    }

    /** Whose workloads a query may see: {@code teams == null} means every team. */
    public record Scope(@Nullable Collection<String> teams) {
        public static final Scope ALL = new Scope(null);
    }

    /**
     * Workloads of live managed namespaces with their team. A read-only join on provisioning's table: the team is
     * needed in SQL to scope, filter, sort and count pages of 150k workloads, and the unique index on (cluster,
     * name) of live namespaces makes it one row per workload.
     */
    private static Table<?> source() {
        return INVENTORY_WORKLOAD
                .join(MANAGED_NAMESPACE)
                .on(MANAGED_NAMESPACE.CLUSTER.eq(INVENTORY_WORKLOAD.CLUSTER))
                .and(MANAGED_NAMESPACE.NAME.eq(INVENTORY_WORKLOAD.NAMESPACE))
                .and(MANAGED_NAMESPACE.STATE.notIn(GONE));
    }

    public List<InventoryRow> page(InventoryFilter f, Scope scope, InventorySort sort, int offset, int limit) {
        return select(f, scope).orderBy(order(sort)).offset(offset).limit(limit).fetch(InventoryQueryStore::row);
    }

    /** Whether the user may see any workload at all (stops at the first row, unlike a count). */
    public boolean any(Scope scope) {
        return db.fetchExists(db.selectOne().from(source()).where(visible(scope)));
    }

    public int count(InventoryFilter f, Scope scope) {
        return db.fetchCount(db.select(INVENTORY_WORKLOAD.NAME).from(source()).where(conditions(f, scope)));
    }

    /** Streams every matching row (a cursor, so an export of 150k workloads does not sit in memory). */
    public void forEach(InventoryFilter f, Scope scope, InventorySort sort, Consumer<InventoryRow> action) {
        try (var cursor = select(f, scope).orderBy(order(sort)).fetchSize(500).fetchLazy()) {
            for (Record r : cursor) {
                action.accept(row(r));
            }
        }
    }

    /** Workloads running the image, in cluster/namespace/kind/name order, at most {@code limit}. */
    public List<InventoryRow> running(ImagePattern pattern, Scope scope, int limit) {
        return db.select(columns())
                .from(source())
                .where(visible(scope))
                .and(runs(pattern))
                .orderBy(order(InventorySort.DEFAULT))
                .limit(limit)
                .fetch(InventoryQueryStore::row);
    }

    public List<String> clusters(Scope scope) {
        return distinct(INVENTORY_WORKLOAD.CLUSTER, scope);
    }

    public List<String> teams(Scope scope) {
        return distinct(MANAGED_NAMESPACE.TEAM, scope);
    }

    private List<String> distinct(Field<String> field, Scope scope) {
        return db.selectDistinct(field)
                .from(source())
                .where(visible(scope))
                .orderBy(field)
                .fetch(field);
    }

    private SelectConditionStep<Record> select(InventoryFilter f, Scope scope) {
        return db.select(columns()).from(source()).where(conditions(f, scope));
    }

    private static List<Field<?>> columns() {
        return List.of(
                INVENTORY_WORKLOAD.CLUSTER,
                MANAGED_NAMESPACE.TEAM,
                INVENTORY_WORKLOAD.NAMESPACE,
                INVENTORY_WORKLOAD.KIND,
                INVENTORY_WORKLOAD.NAME,
                INVENTORY_WORKLOAD.TEMPLATE,
                INVENTORY_WORKLOAD.OBSERVED_AT);
    }

    private static Condition visible(Scope scope) {
        return scope.teams() == null ? DSL.trueCondition() : MANAGED_NAMESPACE.TEAM.in(scope.teams());
    }

    private static List<Condition> conditions(InventoryFilter f, Scope scope) {
        List<Condition> c = new ArrayList<>();
        c.add(visible(scope));
        if (f.cluster() != null) {
            c.add(INVENTORY_WORKLOAD.CLUSTER.eq(f.cluster()));
        }
        if (f.team() != null) {
            c.add(MANAGED_NAMESPACE.TEAM.eq(f.team()));
        }
        if (f.namespace() != null) {
            c.add(INVENTORY_WORKLOAD.NAMESPACE.like(contains(f.namespace()), '\\'));
        }
        if (f.kind() != null) {
            c.add(INVENTORY_WORKLOAD.KIND.eq(f.kind()));
        }
        if (f.image() != null) {
            Condition substring = IMAGES_TEXT.like(contains(f.image()), '\\');
            ImagePattern p = f.imagePattern();
            c.add(p == null ? substring : substring.or(runs(p)));
        }
        if (f.search() != null) {
            String like = contains(f.search());
            c.add(DSL.lower(INVENTORY_WORKLOAD.NAME)
                    .like(like, '\\')
                    .or(INVENTORY_WORKLOAD.NAMESPACE.lower().like(like, '\\'))
                    .or(IMAGES_TEXT.like(like, '\\')));
        }
        return c;
    }

    /** Some container of the template runs an image the pattern asks for. */
    private static Condition runs(ImagePattern p) {
        Map<String, String> image = new LinkedHashMap<>();
        if (p.registry() != null) image.put("registry", p.registry());
        if (p.repository() != null) image.put("repository", p.repository());
        if (p.tag() != null) image.put("tag", p.tag());
        if (p.digest() != null) image.put("digest", p.digest());
        String json = JSON.writeValueAsString(Map.of("containers", List.of(Map.of("image", image))));
        Condition template = DSL.condition("{0} @> cast({1} as jsonb)", INVENTORY_WORKLOAD.TEMPLATE, DSL.val(json));
        String name = p.name();
        if (name == null) {
            return template;
        }
        // the gin index on images finds the candidates; the template decides on tag and digest
        return DSL.condition("{0} @> cast({1} as text[])", INVENTORY_WORKLOAD.IMAGES, DSL.val(new String[] {name}))
                .and(template);
    }

    private static List<SortField<?>> order(InventorySort sort) {
        Field<?> first = switch (sort.field()) {
            case CLUSTER -> INVENTORY_WORKLOAD.CLUSTER;
            case TEAM -> MANAGED_NAMESPACE.TEAM;
            case NAMESPACE -> INVENTORY_WORKLOAD.NAMESPACE;
            case KIND -> INVENTORY_WORKLOAD.KIND;
            case NAME -> INVENTORY_WORKLOAD.NAME;
            case OBSERVED -> INVENTORY_WORKLOAD.OBSERVED_AT;
        };
        List<SortField<?>> order = new ArrayList<>();
        order.add(sort.descending() ? first.desc() : first.asc());
        for (Field<?> tie : List.of(
                INVENTORY_WORKLOAD.CLUSTER,
                INVENTORY_WORKLOAD.NAMESPACE,
                INVENTORY_WORKLOAD.KIND,
                INVENTORY_WORKLOAD.NAME)) {
            if (tie != first) {
                order.add(tie.asc());
            }
        }
        return order;
    }

    private static String contains(String text) {
        String escaped = text.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }

    private static InventoryRow row(Record r) {
        PodTemplateFacts template =
                JSON.readValue(r.get(INVENTORY_WORKLOAD.TEMPLATE).data(), PodTemplateFacts.class);
        return new InventoryRow(
                r.get(INVENTORY_WORKLOAD.CLUSTER),
                r.get(MANAGED_NAMESPACE.TEAM),
                r.get(INVENTORY_WORKLOAD.NAMESPACE),
                r.get(INVENTORY_WORKLOAD.KIND),
                r.get(INVENTORY_WORKLOAD.NAME),
                template.containers().stream()
                        .map(c -> new InventoryRow.Container(c.name(), c.init(), c.image()))
                        .toList(),
                r.get(INVENTORY_WORKLOAD.OBSERVED_AT).toInstant());
    }
}
