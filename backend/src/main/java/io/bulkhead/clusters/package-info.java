/** Registered Kubernetes clusters: credentials (encrypted at rest), health and capabilities. */
@NullMarked
package io.bulkhead.clusters;

import org.jspecify.annotations.NullMarked;
