/** Storage of namespace change requests (jOOQ). */
@NullMarked
package io.bulkhead.changes.internal;

import org.jspecify.annotations.NullMarked;
