/** The landing page: what needs the signed-in user's attention, by role. */
@NullMarked
package io.bulkhead.ui.home;

import org.jspecify.annotations.NullMarked;
