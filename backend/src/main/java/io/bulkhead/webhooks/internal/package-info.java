/** Storage, URL checks, delivery and scheduling of webhooks. */
@NullMarked
package io.bulkhead.webhooks.internal;

import org.jspecify.annotations.NullMarked;
