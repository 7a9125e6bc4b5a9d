/**
 * The application shell: page configuration, the main layout with navigation by role, the notification bell and the
 * error pages.
 */
@NullMarked
package io.bulkhead.ui.shell;

import org.jspecify.annotations.NullMarked;
