/**
 * The portal's Vaadin UI, split by feature like the backend: {@code shell} (layout, navigation, error pages),
 * {@code components} (shared components) and one package per feature's screens. Views are thin: they call
 * feature facades and show the result. Which UI package may use which is fixed by the architecture tests.
 */
@NullMarked
package io.bulkhead.ui;

import org.jspecify.annotations.NullMarked;
