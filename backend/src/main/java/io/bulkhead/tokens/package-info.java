/** Personal access tokens for the REST API: issued to a user, scoped, expiring, stored only as a hash. */
@NullMarked
package io.bulkhead.tokens;

import org.jspecify.annotations.NullMarked;
