/** Compliance screens: findings by namespace and the score dashboard. */
@NullMarked
package io.bulkhead.ui.compliance;

import org.jspecify.annotations.NullMarked;
