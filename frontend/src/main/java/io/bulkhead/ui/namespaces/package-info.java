/** Namespace screens: the list, the request form, the detail page and the review queue of requests. */
@NullMarked
package io.bulkhead.ui.namespaces;

import org.jspecify.annotations.NullMarked;
