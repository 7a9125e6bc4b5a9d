/**
 * Components shared by every screen: badges, times, field messages, cards, empty states, notifications and the chart
 * wrapper. Depends on no screen.
 */
@NullMarked
package io.bulkhead.ui.components;

import org.jspecify.annotations.NullMarked;
