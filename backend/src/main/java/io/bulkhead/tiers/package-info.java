/** Security tiers as versioned policy bundles (YAML under k8s/tiers/, versions kept in PostgreSQL). */
@NullMarked
package io.bulkhead.tiers;

import org.jspecify.annotations.NullMarked;
