/** Notifications that leave the portal: webhook endpoints (team and platform), their delivery logs, e-mail opt-out. */
@NullMarked
package io.bulkhead.ui.webhooks;

import org.jspecify.annotations.NullMarked;
