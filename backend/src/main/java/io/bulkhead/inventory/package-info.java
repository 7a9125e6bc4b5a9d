/**
 * Inventory of registered clusters kept in PostgreSQL: workloads with the security-relevant facts of their pod
 * templates, their images, and the namespace-level objects compliance needs (labels, quota, limit range, network
 * policies, service accounts).
 */
@NullMarked
package io.bulkhead.inventory;

import org.jspecify.annotations.NullMarked;
