/** Web security: OIDC login (embedded or external identity provider), group to role mapping, security audit. */
@NullMarked
package io.bulkhead.security;

import org.jspecify.annotations.NullMarked;
