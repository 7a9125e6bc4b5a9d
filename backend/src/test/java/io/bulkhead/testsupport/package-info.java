/** Shared test support for backend tests, published in the backend test-jar for the frontend's tests. */
@NullMarked
package io.bulkhead.testsupport;

import org.jspecify.annotations.NullMarked;
