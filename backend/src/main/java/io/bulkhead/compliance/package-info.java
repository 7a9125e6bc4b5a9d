/**
 * Compliance: a catalog of controls (Pod Security Standards, NSA/CISA hardening guide, CIS Kubernetes Benchmark
 * section 5) evaluated per namespace from the inventory, findings with their fix, weighted scores and their
 * history.
 */
@NullMarked
package io.bulkhead.compliance;

import org.jspecify.annotations.NullMarked;
