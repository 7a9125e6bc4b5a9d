/** Teams and their namespaces: who owns what, and requests for new namespaces. */
@NullMarked
package io.bulkhead.tenancy;

import org.jspecify.annotations.NullMarked;
