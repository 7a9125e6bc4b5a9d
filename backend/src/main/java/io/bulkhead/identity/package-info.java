/** Who is acting: the signed-in user, their roles and teams (from OIDC groups), and the authorization checks. */
@NullMarked
package io.bulkhead.identity;

import org.jspecify.annotations.NullMarked;
