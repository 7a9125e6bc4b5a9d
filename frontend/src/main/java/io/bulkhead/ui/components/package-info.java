/**
 * Components shared by every screen, one way to show each thing: {@code Badges} (states, statuses, scores,
 * severities), {@code Times} (relative times with the exact local time on hover), {@code FieldErrors} and
 * {@code ErrorText} (the service's field messages at their fields), {@code Cards}, {@code Charts} and the
 * {@code Chart} wrapper, {@code Downloads}, {@code Decisions} (a reviewer's confirmed decision), {@code Notices}
 * (notifications, empty states). Depends on no screen and not on the shell.
 */
@NullMarked
package io.bulkhead.ui.components;

import org.jspecify.annotations.NullMarked;
