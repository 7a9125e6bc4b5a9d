/** Shared infrastructure every feature may use: the clock, the database (embedded by default) and settings. */
@NullMarked
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.bulkhead.platform;

import org.jspecify.annotations.NullMarked;
