/**
 * Pure rendering of a tier version and a namespace request into the desired Kubernetes objects (fabric8 model
 * builders, no API calls); the applier applies what is rendered here.
 */
@NullMarked
package io.bulkhead.provisioning.internal.render;

import org.jspecify.annotations.NullMarked;
