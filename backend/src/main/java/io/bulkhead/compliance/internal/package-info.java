/** The control checks, the evaluator and the stores of findings and score history. */
@NullMarked
package io.bulkhead.compliance.internal;

import org.jspecify.annotations.NullMarked;
