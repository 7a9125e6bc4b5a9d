/** jOOQ access to the token table. */
@NullMarked
package io.bulkhead.tokens.internal;

import org.jspecify.annotations.NullMarked;
