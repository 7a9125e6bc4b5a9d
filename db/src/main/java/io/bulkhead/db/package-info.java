/**
 * The database schema: Flyway migrations and the jOOQ classes generated from them ({@code io.bulkhead.db.jooq}).
 * An open module for Spring Modulith, because every feature's {@code internal} package uses the generated classes;
 * that only {@code internal} packages do is checked by ArchUnit ({@code ArchitectureTest} in the frontend).
 */
@ApplicationModule(displayName = "Database schema", type = ApplicationModule.Type.OPEN)
package io.bulkhead.db;

import org.springframework.modulith.ApplicationModule;
