/** The workload inventory: what runs where, and which image is used by whom. */
@NullMarked
package io.bulkhead.ui.inventory;

import org.jspecify.annotations.NullMarked;
