/** Platform admin screens: clusters and tier versions. */
@NullMarked
package io.bulkhead.ui.admin;

import org.jspecify.annotations.NullMarked;
