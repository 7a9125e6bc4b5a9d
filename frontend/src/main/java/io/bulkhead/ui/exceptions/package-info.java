/** Policy exception screens: requests, the review queue and the active exceptions. */
@NullMarked
package io.bulkhead.ui.exceptions;

import org.jspecify.annotations.NullMarked;
