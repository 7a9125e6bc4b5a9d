/** Notification e-mail through SMTP for the portal events webhooks also send, with a per-user opt-out. */
@NullMarked
package io.bulkhead.mail;

import org.jspecify.annotations.NullMarked;
