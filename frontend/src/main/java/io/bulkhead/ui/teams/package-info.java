/** The team page: each visible team's quota use against its budget per cluster. */
@NullMarked
package io.bulkhead.ui.teams;

import org.jspecify.annotations.NullMarked;
