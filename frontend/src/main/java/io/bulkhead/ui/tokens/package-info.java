/** The signed-in user's personal access tokens for the REST API: create (shown once), list, revoke. */
@NullMarked
package io.bulkhead.ui.tokens;

import org.jspecify.annotations.NullMarked;
