/**
 * The REST API under {@code /api/v1}: thin controllers over the same feature facades (and so the same
 * authorization) as the UI, RFC 9457 problem details, bearer authentication (OIDC JWTs and personal access tokens),
 * scopes and rate limits.
 */
@NullMarked
package io.bulkhead.api;

import org.jspecify.annotations.NullMarked;
