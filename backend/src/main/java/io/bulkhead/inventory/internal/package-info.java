/** Reading clusters (fabric8) and storing what was read (jOOQ). */
@NullMarked
package io.bulkhead.inventory.internal;

import org.jspecify.annotations.NullMarked;
