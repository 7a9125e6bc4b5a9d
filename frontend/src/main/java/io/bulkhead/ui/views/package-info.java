/** The portal's screens. Views are thin: they call feature facades and show the result. */
@NullMarked
package io.bulkhead.ui.views;

import org.jspecify.annotations.NullMarked;
