/**
 * Namespaces as a service: requests, review, provisioning of a tier's isolation set with server-side apply, and
 * the reconciler that keeps clusters matching the desired state kept in PostgreSQL.
 */
@NullMarked
package io.bulkhead.provisioning;

import org.jspecify.annotations.NullMarked;
