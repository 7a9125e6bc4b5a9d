/** Storage (jOOQ), scheduled expiry and the exemption source of the exceptions feature. */
@NullMarked
package io.bulkhead.exceptions.internal;

import org.jspecify.annotations.NullMarked;
