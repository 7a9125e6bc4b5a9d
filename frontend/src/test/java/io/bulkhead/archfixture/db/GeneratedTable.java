package io.bulkhead.archfixture.db;

import org.jooq.Table;

/** Stands in for a generated jOOQ class. */
public class GeneratedTable {
    public Table<?> table() {
        return org.jooq.impl.DSL.table("t");
    }
}
