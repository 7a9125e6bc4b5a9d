/** The audit trail screen. */
@NullMarked
package io.bulkhead.ui.audit;

import org.jspecify.annotations.NullMarked;
