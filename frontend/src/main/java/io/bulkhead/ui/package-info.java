/** The portal's Vaadin shell: layout, navigation by role, shared UI helpers and error pages. */
@NullMarked
package io.bulkhead.ui;

import org.jspecify.annotations.NullMarked;
