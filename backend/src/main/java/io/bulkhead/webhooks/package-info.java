/**
 * Notifications that leave the portal: outgoing webhooks (admin- and team-configured, signed, retried) for the
 * portal events that matter outside it, derived from the audit trail and score changes.
 */
@NullMarked
package io.bulkhead.webhooks;

import org.jspecify.annotations.NullMarked;
