/**
 * Kubernetes API clients for registered clusters, and the local control plane of the default run. Exposed to
 * the provisioning and inventory features as the {@code kube} named interface: the only place clients are made.
 */
@NullMarked
@NamedInterface("kube")
package io.bulkhead.clusters.internal.kube;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
