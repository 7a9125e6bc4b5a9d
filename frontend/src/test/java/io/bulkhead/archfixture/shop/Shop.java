package io.bulkhead.archfixture.shop;

import io.bulkhead.archfixture.db.GeneratedTable;
import org.jooq.DSLContext;

/** A feature API that (wrongly) uses jOOQ and the generated schema. */
public class Shop {
    public int count(DSLContext db, GeneratedTable table) {
        return db.fetchCount(table.table());
    }
}
