package io.bulkhead.archfixture.shop.internal;

import io.bulkhead.archfixture.db.GeneratedTable;
import org.jooq.DSLContext;

/** Where jOOQ belongs. */
public class ShopStore {
    public int count(DSLContext db) {
        return db.fetchCount(new GeneratedTable().table());
    }
}
