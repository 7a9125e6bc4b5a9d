/**
 * Policy exceptions: a justified, time-limited hole in one control of one namespace, requested by its team,
 * reviewed with four eyes, applied to the cluster through provisioning, and closed again at expiry or revocation.
 */
@NullMarked
package io.bulkhead.exceptions;

import org.jspecify.annotations.NullMarked;
